import type { Result, ResultAsync } from 'neverthrow'
import type { AnyRunAdapter, RunPage } from './adapter.js'
import type { RunError, RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
import type { StopResult } from './stop-result.js'

/** Exponential backoff with full jitter, for retryable errors only. `false` turns retries off. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number
  /** Default 100. */
  readonly baseDelayMs?: number
  /** Default 20,000. */
  readonly maxDelayMs?: number
}

export interface AttemptEvent {
  readonly operation: RunOperation
  readonly provider: string
  /** The run; for `operation: 'list'`, the scope being listed. */
  readonly handle: RunHandle
  /** 1 for the first attempt. */
  readonly attempt: number
}

export interface RetryEvent extends AttemptEvent {
  readonly error: RunError
  readonly delayMs: number
}

export interface ResultEvent extends AttemptEvent {
  readonly durationMs: number
  readonly ok: boolean
  /** A stop result, a snapshot, or (for `list`) one page of runs. */
  readonly value?: StopResult | RunSnapshot | RunPage
  readonly error?: RunError
}

/** Observe every attempt, retry and final result without patching. A hook that throws is ignored. */
export interface RunHooks {
  onAttempt?(event: AttemptEvent): void
  onRetry?(event: RetryEvent): void
  onResult?(event: ResultEvent): void
}

export interface ControllerOptions {
  readonly adapters: readonly AnyRunAdapter[]
  readonly retry?: RetryOptions | false
  readonly hooks?: RunHooks
}

export interface CallOptions {
  readonly signal?: AbortSignal
  /** A deadline for the whole call, retries included. The result is `TIMEOUT` when it passes. */
  readonly timeoutMs?: number
}

export interface WaitOptions {
  readonly signal?: AbortSignal
  /** Default 10 minutes. On timeout the error is `TIMEOUT` carrying `lastSnapshot`. */
  readonly timeoutMs?: number
  /** First poll interval; grows by backoff up to `maxPollIntervalMs`. Default 1,000. */
  readonly pollIntervalMs?: number
  /** Default 15,000. */
  readonly maxPollIntervalMs?: number
}

export interface StopOptions extends CallOptions {
  /** Stored by providers that can record it (`capabilities.stopReason`); ignored by the rest. */
  readonly reason?: string
  /** Stored by providers that can record it (`capabilities.stopErrorCode`). */
  readonly errorCode?: string
  /** Wait until the run is terminal after the stop; the result then carries the final status. */
  readonly wait?: boolean | WaitOptions
}

export interface BatchProgress {
  /** Handles finished so far. */
  readonly done: number
  /** Known when the input is an array. */
  readonly total?: number
  readonly stopped: number
  readonly stopRequested: number
  readonly alreadyTerminal: number
  readonly failed: number
  readonly inFlight: number
}

export interface StopManyOptions {
  /** Stops in flight at once, across providers. Default 16. */
  readonly concurrency?: number
  /** Stops in flight at once per provider: one number for all, or per provider name. Default 8. */
  readonly perProvider?: number | Readonly<Record<string, number>>
  readonly reason?: string
  readonly errorCode?: string
  readonly signal?: AbortSignal
  /** Deadline for each stop, retries included. */
  readonly timeoutMs?: number
  readonly onProgress?: (progress: BatchProgress) => void
}

export interface BatchFailure {
  /** The handle as given (a string that did not parse stays a string). */
  readonly handle: RunHandle | string
  readonly error: RunError
}

/** Every input handle appears exactly once, in one of the four lists. */
export interface BatchStopReport {
  readonly total: number
  readonly stopped: readonly StopResult[]
  readonly stopRequested: readonly StopResult[]
  readonly alreadyTerminal: readonly StopResult[]
  readonly failed: readonly BatchFailure[]
  /** True when the signal fired; handles not yet dispatched are in `failed` with `ABORTED`. */
  readonly aborted: boolean
  readonly durationMs: number
  /** Set when reading the input itself failed (a generator that threw); the handles read before are reported. */
  readonly inputError?: RunError
}

/** Options of `listRuns`. */
export interface ListRunsOptions {
  /** Only runs in these statuses. Filtered by the provider where it can, by the controller otherwise. */
  readonly statuses?: readonly RunStatus[]
  /** Only runs that started at or after this time (a run not started yet counts as later). */
  readonly startedAfter?: Date
  /** Only runs that started before this time (a run not started yet is left out). */
  readonly startedBefore?: Date
  /** Runs asked for per page; clamped by the adapter to what the provider accepts. Default: the provider's largest. */
  readonly pageSize?: number
  readonly signal?: AbortSignal
  /** A deadline for each page, its retries included (not for the whole listing, which the caller paces). */
  readonly timeoutMs?: number
}

/** Options of `stopAll`: the batch's, plus what to list. */
export interface StopAllOptions extends StopManyOptions {
  /** The statuses to stop. Default `['pending', 'running']`. */
  readonly statuses?: readonly RunStatus[]
  /** List and report what would be stopped; send no stop. */
  readonly dryRun?: boolean
  /** Runs per list page (a hint, clamped by the adapter). Default: the provider's largest page. */
  readonly pageSize?: number
}

/** `stopAll`'s report: a batch report, plus what a dry run found. */
export interface StopAllReport extends BatchStopReport {
  readonly dryRun: boolean
  /** A dry run's matches (nothing was stopped; the four lists are empty). Absent otherwise. */
  readonly matched?: readonly RunSnapshot[]
}

export interface RunController {
  stop(handle: RunHandle, options?: StopOptions): ResultAsync<StopResult, RunError>
  get(handle: RunHandle, options?: CallOptions): ResultAsync<RunSnapshot, RunError>
  waitForTerminal(handle: RunHandle, options?: WaitOptions): ResultAsync<RunSnapshot, RunError>
  stopMany(
    handles: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
    options?: StopManyOptions,
  ): Promise<BatchStopReport>
  /**
   * The runs of a scope, page by page as the caller reads (one page in memory). Each page is one
   * call, retried like any call; an `Err` is the last item.
   */
  listRuns(scope: RunScope, options?: ListRunsOptions): AsyncIterable<Result<RunSnapshot, RunError>>
  /**
   * Stops every run of a scope in `statuses` (default pending and running), streaming list pages
   * into the batch engine. A listing that fails part-way ends the batch; its error is `inputError`.
   */
  stopAll(scope: RunScope, options?: StopAllOptions): Promise<StopAllReport>
  /** The adapters this controller knows, by provider name. */
  readonly providers: readonly string[]
}
