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

/** The public controller method a call came through. */
export type CallMethod = 'stop' | 'get' | 'waitForTerminal' | 'listRuns'

/** What every hook event says about the public call it belongs to. */
export interface CallEvent {
  /**
   * Unique per public call (`stop`, `get`, `waitForTerminal`, each stop of `stopMany`), shared by
   * every event of that call: its start and end, each attempt, retry and result.
   */
  readonly callId: string
  /** The public controller method the call came through. */
  readonly method: CallMethod
  /** The provider operation: `waitForTerminal` polls with `get`. */
  readonly operation: RunOperation
  /** The provider name of the adapter serving the call (`handle.provider`). */
  readonly provider: string
  /** The canonical handle once the adapter validated it; otherwise the handle as given. */
  readonly handle: RunHandle
}

/** The end of a public call: once per call, after its last attempt (and any wait). */
export interface CallEndEvent extends CallEvent {
  /** Requests sent during the whole call, waits included (0 when nothing was sent). */
  readonly attempts: number
  /** Milliseconds from the call's start to its end, retries and waits included. */
  readonly durationMs: number
  /** True when the call resolved to `Ok`. */
  readonly ok: boolean
  /** The call's result when `ok`: a stop result, or a snapshot for `get` and `waitForTerminal`. */
  readonly value?: StopResult | RunSnapshot
  /** The call's error when not `ok`. */
  readonly error?: RunError
}

/** One request about to be sent: the first attempt of a call's request sequence, or a retry. */
export interface AttemptEvent {
  /** The public call this attempt belongs to (see `CallEvent.callId`). */
  readonly callId: string
  /** The provider operation the request performs. */
  readonly operation: RunOperation
  /** The provider name of the adapter sending the request. */
  readonly provider: string
  /** The run; for `operation: 'list'`, the scope being listed. */
  readonly handle: RunHandle
  /** 1 for the first attempt. */
  readonly attempt: number
}

/** A failed attempt that will be retried after `delayMs`. */
export interface RetryEvent extends AttemptEvent {
  /** The retryable error of the attempt that just failed. */
  readonly error: RunError
  /** How long the controller waits before the next attempt (backoff, or the provider's `retryAfterMs`). */
  readonly delayMs: number
}

/** The end of one request sequence (the stop, the get, one poll of a wait, one list page), after its last attempt. */
export interface ResultEvent extends AttemptEvent {
  /** Milliseconds from the sequence's first attempt to its result, backoff included. */
  readonly durationMs: number
  /** True when the sequence ended with `Ok`. */
  readonly ok: boolean
  /** A stop result, a snapshot, or (for `list`) one page of runs. */
  readonly value?: StopResult | RunSnapshot | RunPage
  /** The sequence's final error when not `ok`. */
  readonly error?: RunError
}

/**
 * Observe every call, attempt, retry and result without patching. A hook that throws is ignored.
 * Order for one call: `onCallStart`, then per request sequence (the stop, or one poll of a wait)
 * `onAttempt` / `onRetry` … `onResult`, then `onCallEnd`. All events of one call share `callId`.
 */
export interface RunHooks {
  /** A public call began (after its handle was validated, or failed to validate). */
  onCallStart?(event: CallEvent): void
  /** Before each request is sent. */
  onAttempt?(event: AttemptEvent): void
  /** Before each backoff sleep, with the error retried and the delay. */
  onRetry?(event: RetryEvent): void
  /** Once per request sequence: the call's stop or get, or one poll of a wait. */
  onResult?(event: ResultEvent): void
  /** A public call ended: once per call, with its final result. */
  onCallEnd?(event: CallEndEvent): void
}

/** What `createRunController` needs: the adapters, and optionally retries and hooks. */
export interface ControllerOptions {
  /** One adapter per provider; a handle is routed by its `provider` field. Two adapters for one provider are a setup error. */
  readonly adapters: readonly AnyRunAdapter[]
  /** How retryable errors are retried (defaults in `RetryOptions`); `false` sends each request once. */
  readonly retry?: RetryOptions | false
  /** Observers of every call, attempt, retry and result (for logging, metrics, tracing). */
  readonly hooks?: RunHooks
}

/** Options of `get` (and the base of `stop`'s). */
export interface CallOptions {
  /** Aborts the call: it settles at once with `ABORTED` (with `details.sent` saying whether a request went out). */
  readonly signal?: AbortSignal
  /** A deadline for the whole call, retries included. The result is `TIMEOUT` when it passes. */
  readonly timeoutMs?: number
}

/** Options of `waitForTerminal` and of `stop`'s `wait`. */
export interface WaitOptions {
  /** Aborts the wait: it settles with `ABORTED`; the run itself is not touched. */
  readonly signal?: AbortSignal
  /** Default 10 minutes. On timeout the error is `TIMEOUT` carrying `lastSnapshot`. */
  readonly timeoutMs?: number
  /** First poll interval; grows by backoff up to `maxPollIntervalMs`. Default 1,000. */
  readonly pollIntervalMs?: number
  /** Default 15,000. */
  readonly maxPollIntervalMs?: number
}

/** Options of `stop`. */
export interface StopOptions extends CallOptions {
  /** Stored by providers that can record it (`capabilities.stopReason`); ignored by the rest. */
  readonly reason?: string
  /** Stored by providers that can record it (`capabilities.stopErrorCode`). */
  readonly errorCode?: string
  /** Wait until the run is terminal after the stop; the result then carries the final status. */
  readonly wait?: boolean | WaitOptions
}

/** A batch's progress, given to `onProgress` after each finished stop. */
export interface BatchProgress {
  /** Handles finished so far. */
  readonly done: number
  /** Known when the input is an array. */
  readonly total?: number
  /** Handles whose run is now stopped. */
  readonly stopped: number
  /** Handles whose stop was accepted and is still in progress at the provider. */
  readonly stopRequested: number
  /** Handles whose run had already finished, so nothing was stopped. */
  readonly alreadyTerminal: number
  /** Handles that ended with an error (see `BatchCounts.outcomeUnknown` for the ones that may have stopped). */
  readonly failed: number
  /** Stops sent and not yet finished. */
  readonly inFlight: number
}

/** Options of `stopEach`; `stopMany` takes the same, plus `keep`. */
export interface StopEachOptions {
  /** Stops in flight at once, across providers (finished results not yet read count too). Default 16. */
  readonly concurrency?: number
  /** Stops in flight at once per provider: one number for all, or per provider name. Default 8. */
  readonly perProvider?: number | Readonly<Record<string, number>>
  /**
   * Handles read from the input and not yet reported, across all providers: the batch's memory
   * bound. Large enough by default (10,000) that a batch sorted by provider runs every provider
   * at once; at least `concurrency`.
   */
  readonly readAhead?: number
  /** The stop reason, passed to every stop (see `StopOptions.reason`). */
  readonly reason?: string
  /** The stop error code, passed to every stop (see `StopOptions.errorCode`). */
  readonly errorCode?: string
  /** Aborts the batch: stops in flight settle with `ABORTED`, handles not yet sent are reported `ABORTED` without a request. */
  readonly signal?: AbortSignal
  /** Deadline for each stop, retries included. */
  readonly timeoutMs?: number
  /** Keep each result's `raw` provider answer. Default false: batch results drop it (memory). */
  readonly keepRaw?: boolean
  /** Called after each finished stop with the counts so far. A callback that throws is ignored. */
  readonly onProgress?: (progress: BatchProgress) => void
}

/** Options of `stopMany`: those of `stopEach`, plus which entries the report keeps. */
export interface StopManyOptions extends StopEachOptions {
  /**
   * Which per-run entries the report keeps: `'all'` (default), `'failures'` (the success lists
   * stay empty), `'none'` (every list stays empty). `counts` is complete whatever is kept.
   */
  readonly keep?: 'all' | 'failures' | 'none'
}

/** One finished stop of a batch, as `stopEach` yields it. */
export interface BatchEntry {
  /** The handle as given (a string that did not parse stays a string). */
  readonly given: RunHandle | string
  /** The checked handle; absent when the input did not parse. */
  readonly handle?: RunHandle
  /** The stop's result: `Ok` with the outcome, or `Err` with the reason. */
  readonly result: Result<StopResult, RunError>
}

/** How a batch's handles ended; always complete, whatever the report keeps. */
export interface BatchCounts {
  /** Handles whose run is now stopped. */
  readonly stopped: number
  /** Handles whose stop was accepted and is still in progress at the provider. */
  readonly stopRequested: number
  /** Handles whose run had already finished. */
  readonly alreadyTerminal: number
  /** Handles that ended with an error, `outcomeUnknown` included. */
  readonly failed: number
  /**
   * Of `failed`: stops that were aborted or timed out after their request was sent
   * (`ABORTED` / `TIMEOUT` with `details.sent === true`). The provider may have stopped these
   * runs: never read them as "not stopped"; check them with `get`.
   */
  readonly outcomeUnknown: number
}

/** What `stopEach` returns: the entries, one per input handle, and a summary. */
export interface BatchStream extends AsyncIterable<BatchEntry> {
  /** Counts and state so far (final once iteration has ended); its per-run lists are empty. */
  summary(): BatchStopReport
}

/** One handle of a batch that ended with an error. */
export interface BatchFailure {
  /** The handle as given (a string that did not parse stays a string). */
  readonly handle: RunHandle | string
  /** Why it failed. `ABORTED` or `TIMEOUT` with `details.sent === true` means the provider may have stopped the run. */
  readonly error: RunError
}

/**
 * A batch's outcome. With `keep: 'all'` every input handle appears exactly once, in one of the
 * four lists; `counts` always counts every handle.
 */
export interface BatchStopReport {
  /** Input handles read, each reported exactly once. */
  readonly total: number
  /** Stops whose run is now stopped (empty unless `keep` is `'all'`). */
  readonly stopped: readonly StopResult[]
  /** Stops accepted and still in progress at the provider (empty unless `keep` is `'all'`). */
  readonly stopRequested: readonly StopResult[]
  /** Runs that had already finished (empty unless `keep` is `'all'`). */
  readonly alreadyTerminal: readonly StopResult[]
  /** Handles that ended with an error (empty when `keep` is `'none'`). */
  readonly failed: readonly BatchFailure[]
  /** How every handle ended, complete whatever `keep` says. */
  readonly counts: BatchCounts
  /** True when the signal fired; handles not yet dispatched are in `failed` with `ABORTED`. */
  readonly aborted: boolean
  /** Milliseconds from the batch's start to its last result. */
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
  /** Aborts the listing: the page in flight ends with `ABORTED`, which is the last item. */
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
  /** True when nothing was stopped because `dryRun` was set; `matched` then lists what would have been. */
  readonly dryRun: boolean
  /** A dry run's matches (nothing was stopped; the four lists are empty). Absent otherwise. */
  readonly matched?: readonly RunSnapshot[]
}

/** Stops, reads, waits for and lists runs across providers through their adapters. Made by `createRunController`. Every method returns a `Result` (or a report) and never throws or rejects. */
export interface RunController {
  /** Stops one run. `Ok` tells how (`outcome`: stopped, stop requested, or already terminal); with `wait` it also waits until the run is terminal. An `Err` never means "not stopped" when a request was sent and its answer lost (`details.sent`). */
  stop(handle: RunHandle, options?: StopOptions): ResultAsync<StopResult, RunError>
  /** Reads one run's current status (`RunSnapshot`), with retries. */
  get(handle: RunHandle, options?: CallOptions): ResultAsync<RunSnapshot, RunError>
  /** Polls the run with `get`, with growing intervals, until it is terminal; `TIMEOUT` (carrying `lastSnapshot`) when `timeoutMs` passes first. */
  waitForTerminal(handle: RunHandle, options?: WaitOptions): ResultAsync<RunSnapshot, RunError>
  /** Stops many runs at once, bounded per provider and in all, and resolves to a report in which every input handle appears exactly once (strings that do not parse included). */
  stopMany(
    handles: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
    options?: StopManyOptions,
  ): Promise<BatchStopReport>
  /** The same batch as `stopMany`, each result yielded as it finishes (with backpressure). */
  stopEach(
    handles: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
    options?: StopEachOptions,
  ): BatchStream
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
  /**
   * Releases the adapters' clients, sockets and HTTP/2 sessions (each adapter's `close()`, once).
   * New calls are refused at once (`ABORTED`, `details.closed: true`, nothing sent); calls in
   * flight are left to settle first (abort their signals to end them sooner). Idempotent; never
   * rejects.
   */
  close(): Promise<void>
  /** `close()`, for `await using runs = createRunController(…)`. */
  [Symbol.asyncDispose](): Promise<void>
}
