import { createStatusMapper, type RunStatus } from '@runstop/core'

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
