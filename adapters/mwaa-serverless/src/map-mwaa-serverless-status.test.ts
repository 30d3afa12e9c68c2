import { describe, expect, it } from 'vitest'
import { mapStatus } from './map-mwaa-serverless-status.js'

// Seed 000 (StopWorkflowRun Status) and seed 004 (GetWorkflowRun RunDetail.RunState) list the
// same eight WorkflowRunStatus values. One row each.
describe('mapStatus (MWAA Serverless WorkflowRunStatus)', () => {
  it.each([
    ['STARTING', 'pending'],
    ['QUEUED', 'pending'],
    ['RUNNING', 'running'],
    ['STOPPING', 'stopping'],
    ['SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    ['TIMEOUT', 'timed_out'],
    ['STOPPED', 'stopped'],
  ] as const)('%s → %s', (providerStatus, status) => {
    expect(mapStatus(providerStatus)).toBe(status)
  })

  it.each([
    ['running', 'running'],
    ['Stopping', 'stopping'],
    ['success', 'succeeded'],
    [' STOPPED ', 'stopped'],
  ] as const)('is case-insensitive: %j → %s', (providerStatus, status) => {
    expect(mapStatus(providerStatus)).toBe(status)
  })

  it.each([
    ['PAUSED'],
    ['SUCCEEDED'],
    ['CANCELLED'],
    [''],
    [undefined],
    [null],
    [42],
    [{ RunState: 'RUNNING' }],
  ])('a value no table knows (%j) is unknown, never a throw', (value) => {
    expect(mapStatus(value)).toBe('unknown')
  })
})
