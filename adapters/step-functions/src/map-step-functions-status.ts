import { createStatusMapper, type RunStatus } from '@runstop/core'

/**
 * `ExecutionStatus` (service model) to the runstop status. PENDING_REDRIVE is `pending`: a
 * redriven execution runs again under the same ARN. Any other value is `'unknown'`.
 */
export const STEP_FUNCTIONS_STATUS_TABLE = {
  /** The execution is running. */
  RUNNING: 'running',
  /** A redrive was asked for and has not started yet. */
  PENDING_REDRIVE: 'pending',
  /** The execution finished successfully. */
  SUCCEEDED: 'succeeded',
  /** The execution failed. */
  FAILED: 'failed',
  /** The execution ran past its timeout. */
  TIMED_OUT: 'timed_out',
  /** The execution was stopped (StopExecution). */
  ABORTED: 'stopped',
} as const satisfies Readonly<Record<string, Exclude<RunStatus, 'unknown'>>>

/** Maps a Step Functions execution status to a RunStatus (case-insensitive). */
export const mapStatus: (providerStatus: unknown) => RunStatus =
  createStatusMapper(STEP_FUNCTIONS_STATUS_TABLE)
