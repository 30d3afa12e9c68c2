import { createStatusMapper, type RunStatus } from '@runstop/core'

/**
 * `ExecutionStatus` (service model) to the runstop status. PENDING_REDRIVE is `pending`: a
 * redriven execution runs again under the same ARN. Any other value is `'unknown'`.
 */
export const STEP_FUNCTIONS_STATUS_TABLE = {
  RUNNING: 'running',
  PENDING_REDRIVE: 'pending',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed_out',
  ABORTED: 'stopped',
} as const satisfies Readonly<Record<string, Exclude<RunStatus, 'unknown'>>>

/** Maps a Step Functions execution status to a RunStatus (case-insensitive). */
export const mapStatus: (providerStatus: unknown) => RunStatus =
  createStatusMapper(STEP_FUNCTIONS_STATUS_TABLE)
