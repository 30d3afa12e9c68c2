import { createStatusMapper, type RunStatus } from '@runstop/core'

/**
 * `WorkflowRunStatus` (GetWorkflowRun `RunDetail.RunState`, StopWorkflowRun `Status`; seeds 000
 * and 004) to the normalized status. Case-insensitive; a value not listed is `'unknown'`.
 */
export const MWAA_SERVERLESS_STATUSES: Readonly<Record<string, Exclude<RunStatus, 'unknown'>>> = {
  STARTING: 'pending',
  QUEUED: 'pending',
  RUNNING: 'running',
  STOPPING: 'stopping',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  TIMEOUT: 'timed_out',
  STOPPED: 'stopped',
}

/** Maps an MWAA Serverless run state to a RunStatus. Keep the raw value beside it (`providerStatus`). */
export const mapStatus: (providerStatus: unknown) => RunStatus = createStatusMapper(MWAA_SERVERLESS_STATUSES)
