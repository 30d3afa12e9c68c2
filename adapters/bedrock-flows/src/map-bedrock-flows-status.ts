import { createStatusMapper, type RunStatus } from '@runstop/core'

/**
 * `FlowExecutionStatus` (service model enum: Running, Succeeded, Failed, TimedOut, Aborted) to the
 * runstop status. Bedrock has no pending or stopping state. Case-insensitive: the StopFlowExecution
 * doc writes both `Aborted` and `ABORTED`. Any other value is `'unknown'`.
 */
export const BEDROCK_FLOWS_STATUS_TABLE = {
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed_out',
  Aborted: 'stopped',
} as const satisfies Readonly<Record<string, Exclude<RunStatus, 'unknown'>>>

/** Maps a Bedrock flow execution status to a RunStatus; keep the raw value beside it as `providerStatus`. */
export const mapStatus: (providerStatus: unknown) => RunStatus =
  createStatusMapper(BEDROCK_FLOWS_STATUS_TABLE)
