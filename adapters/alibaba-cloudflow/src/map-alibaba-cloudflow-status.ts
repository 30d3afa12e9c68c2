import {
  buildSnapshot,
  createStatusMapper,
  isTerminal,
  type RunSnapshot,
  type RunStatus,
} from '@runstop/core'
import type { AlibabaCloudFlowHandle } from './alibaba-cloudflow-handle.js'

/**
 * The execution states of seed 003 (FnF 2019-03-15 StopExecution / DescribeExecution `Status`).
 * CloudFlow has no stopping state: a stopped execution reads `Running` until it is `Stopped`.
 */
export const STATUS_TABLE = {
  Starting: 'pending',
  Running: 'running',
  Stopped: 'stopped',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed_out',
} as const satisfies Readonly<Record<string, Exclude<RunStatus, 'unknown'>>>

/**
 * Maps a CloudFlow execution `Status` to a RunStatus, case-insensitively. A value the table does
 * not know (or a non-string) is `'unknown'`; callers keep the raw value as `providerStatus`.
 */
export const mapStatus: (providerStatus: unknown) => RunStatus = createStatusMapper(STATUS_TABLE)

/** The snapshot of an execution object (DescribeExecution's body, or a ListExecutions item). */
export function snapshotOf(
  handle: AlibabaCloudFlowHandle,
  execution: Readonly<Record<string, unknown>>,
  requestId: unknown,
): RunSnapshot<AlibabaCloudFlowHandle> {
  const status = mapStatus(execution.Status)
  return buildSnapshot({
    handle,
    status,
    providerStatus: execution.Status,
    startedAt: execution.StartedTime,
    // The API reference's own sample carries a StoppedTime beside `Running`: only a finished run has ended.
    endedAt: isTerminal(status) ? execution.StoppedTime : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    raw: execution,
  })
}
