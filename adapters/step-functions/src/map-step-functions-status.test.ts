import { describe, expect, it } from 'vitest'
import { mapStatus } from './map-step-functions-status.js'

describe('mapStatus', () => {
  it.each([
    ['RUNNING', 'running'],
    ['PENDING_REDRIVE', 'pending'],
    ['SUCCEEDED', 'succeeded'],
    ['FAILED', 'failed'],
    ['TIMED_OUT', 'timed_out'],
    ['ABORTED', 'stopped'],
    ['aborted', 'stopped'],
    ['STOPPING', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    [42, 'unknown'],
  ])('%s → %s', (provider, status) => {
    expect(mapStatus(provider)).toBe(status)
  })
})
