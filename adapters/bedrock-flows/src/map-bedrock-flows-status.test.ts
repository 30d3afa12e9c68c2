import { describe, expect, it } from 'vitest'
import { mapStatus } from './map-bedrock-flows-status.js'

describe('mapStatus (FlowExecutionStatus, seed 002)', () => {
  it.each([
    // Every value of the documented enum: 'Running'|'Succeeded'|'Failed'|'TimedOut'|'Aborted'.
    ['Running', 'running'],
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['TimedOut', 'timed_out'],
    ['Aborted', 'stopped'],
    // The seed also writes ABORTED ("This will typically be ABORTED"): case-insensitive.
    ['ABORTED', 'stopped'],
    ['aborted', 'stopped'],
    ['RUNNING', 'running'],
    ['SUCCEEDED', 'succeeded'],
    ['FAILED', 'failed'],
    ['TIMEDOUT', 'timed_out'],
    ['timedout', 'timed_out'],
    [' Running ', 'running'],
  ])('%j → %s', (value, expected) => {
    expect(mapStatus(value)).toBe(expected)
  })

  it.each([
    ['Stopping'],
    ['Pending'],
    ['TIMED_OUT'],
    ['Timed Out'],
    ['Abort'],
    [''],
    ['   '],
    [undefined],
    [null],
    [42],
    [{ status: 'Running' }],
  ])('%j (not in the table) → unknown, never a throw', (value) => {
    expect(mapStatus(value)).toBe('unknown')
  })
})
