import { err, ok, type Result, ResultAsync } from 'neverthrow'
import type { AnyRunAdapter, RunPage } from './adapter.js'
import { callAdapter, callAdapterSync, unknownError } from './adapter-call.js'
import { stopMany } from './batch.js'
import { abortedError, type CallScope, createCallScope, type ErrorContext } from './call-signal.js'
import type {
  CallOptions,
  ControllerOptions,
  RetryEvent,
  RunController,
  RunHooks,
  StopOptions,
  WaitOptions,
} from './controller-types.js'
import { checkHandleShape } from './handle-codec.js'
import { listRuns } from './list-runs.js'
import { type RetryOutcome, type RetryPolicy, resolveRetryPolicy, retryWithBackoff } from './retry.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import { callSafely } from './safe-call.js'
import { stopAll } from './stop-all.js'
import type { StopResult } from './stop-result.js'
import { DEFAULT_WAIT, waitUntilTerminal } from './wait.js'

/** Extra observers for one call, used by `stopMany` to see throttling behind retries and pace attempts. */
export interface CallObserver {
  onRetry?(event: RetryEvent): void
  /**
   * Called before each attempt is sent; a returned promise delays the attempt until it settles
   * (`stopMany` waits for its provider's pacer here). `signal` is the call's: once it fires the
   * call ends at once (`ABORTED` / `TIMEOUT`) without sending, so the wait should end too.
   */
  beforeAttempt?(attempt: number, signal: AbortSignal): PromiseLike<unknown> | undefined
}

/** Test seams; not part of the documented options. */
interface ControllerInternals {
  /** Jitter source for backoff. Default `Math.random`. */
  readonly random?: () => number
}

/** A handle that passed the shape check, the provider lookup and the adapter's own validation. */
interface Prepared {
  readonly adapter: AnyRunAdapter
  readonly handle: RunHandle
}

/**
 * Creates the controller: one object that stops, reads and waits for runs on any provider it has
 * an adapter for. Retries, deadlines, aborts, waiting, batching and hooks live here, once, so
 * adapters stay thin. Every method answers with a Result; none throws.
 *
 * Two adapters claiming one provider name are a configuration mistake: the controller keeps
 * neither, and every call for that provider answers `NOT_SUPPORTED` saying so (nothing is sent).
 */
export function createRunController(options: ControllerOptions & ControllerInternals): RunController {
  const adapters = new Map<string, AnyRunAdapter>()
  const ambiguous = new Set<string>()
  for (const adapter of options.adapters) {
    if (adapters.has(adapter.provider)) ambiguous.add(adapter.provider)
    adapters.set(adapter.provider, adapter)
  }
  for (const provider of ambiguous) adapters.delete(provider)
  const policy: RetryPolicy = resolveRetryPolicy(options.retry)
  const hooks: RunHooks = options.hooks ?? {}
  const random = options.random

  /** Shape check, adapter lookup and adapter validation; nothing is sent. */
  function prepare(
    raw: RunHandle,
    operation: RunOperation,
    check: (adapter: AnyRunAdapter, value: RunHandle) => unknown = (adapter, value) =>
      adapter.validate(value),
  ): Result<Prepared, RunError> {
    const shaped = checkHandleShape(raw)
    if (shaped.isErr()) {
      const handle = typeof raw === 'object' && raw !== null ? raw : undefined
      return err(shaped.error.with(handle === undefined ? { operation } : { operation, handle }))
    }
    const handle = shaped.value
    const adapter = adapters.get(handle.provider)
    if (adapter === undefined) {
      const known = [...adapters.keys()].join(', ') || 'none'
      return err(
        new RunError({
          code: 'NOT_SUPPORTED',
          message: ambiguous.has(handle.provider)
            ? `Two adapters are registered for provider "${handle.provider}"; register exactly one.`
            : `No adapter is registered for provider "${handle.provider}" (registered: ${known}).`,
          provider: handle.provider,
          operation,
          handle,
        }),
      )
    }
    const context: ErrorContext = { provider: handle.provider, operation, handle }
    const valid = callAdapterSync<RunHandle>(() => check(adapter, handle), context)
    return valid.map((validated) => ({ adapter, handle: validated }))
  }

  /** One operation, retried within `scope`, with hooks. Never rejects. */
  async function attempts<T extends StopResult | RunSnapshot | RunPage>(
    prepared: Prepared,
    operation: RunOperation,
    scope: CallScope,
    invoke: (adapter: AnyRunAdapter, handle: RunHandle, signal: AbortSignal) => unknown,
    observer?: CallObserver,
  ): Promise<RetryOutcome<T>> {
    const { adapter, handle } = prepared
    const context: ErrorContext = { provider: adapter.provider, operation, handle }
    const base = { operation, provider: adapter.provider, handle }
    const started = Date.now()
    let sent = 0
    const send = (attempt: number, signal: AbortSignal): Promise<Result<T, RunError>> => {
      // The retry loop has already ended the call if the signal fired during `beforeAttempt`.
      if (signal.aborted) return Promise.resolve(err(abortedError(context, signal.reason, attempt - 1)))
      sent++
      callSafely(hooks.onAttempt && (() => hooks.onAttempt?.({ ...base, attempt })))
      return callAdapter<T>(() => invoke(adapter, handle, signal), context)
    }
    const outcome = await retryWithBackoff<T>(
      (attempt, signal) => {
        let gate: PromiseLike<unknown> | undefined
        try {
          gate = observer?.beforeAttempt?.(attempt, signal)
        } catch {
          // A failing observer does not stop the call.
        }
        if (gate === undefined) return send(attempt, signal)
        const proceed = () => send(attempt, signal)
        return Promise.resolve(gate).then(proceed, proceed)
      },
      {
        policy,
        scope,
        context,
        ...(random === undefined ? {} : { random }),
        onRetry: ({ attempt, error, delayMs }) => {
          const event: RetryEvent = { ...base, attempt, error, delayMs }
          callSafely(hooks.onRetry && (() => hooks.onRetry?.(event)))
          callSafely(observer?.onRetry && (() => observer.onRetry?.(event)))
        },
      },
    )
    // Attempts actually sent: one the signal ended while it waited in `beforeAttempt` was not.
    reportResult(base, sent, started, outcome.result)
    return outcome
  }

  function reportResult(
    base: { operation: RunOperation; provider: string; handle: RunHandle },
    attempt: number,
    started: number,
    result: Result<StopResult | RunSnapshot | RunPage, RunError>,
  ): void {
    if (!hooks.onResult) return
    const durationMs = Date.now() - started
    const event = result.isOk()
      ? { ...base, attempt, durationMs, ok: true, value: result.value }
      : { ...base, attempt, durationMs, ok: false, error: result.error }
    callSafely(() => hooks.onResult?.(event))
  }

  /** A validation failure still reaches `onResult` (attempt 0: nothing was sent). */
  function rejected<T>(raw: RunHandle, operation: RunOperation, error: RunError): Result<T, RunError> {
    const handle = typeof raw === 'object' && raw !== null ? raw : ({ provider: error.provider } as RunHandle)
    reportResult({ operation, provider: error.provider, handle }, 0, Date.now(), err(error))
    return err(error)
  }

  /** Runs `body` and turns anything it throws (a bug, a hostile argument) into `UNKNOWN`. */
  function safely<T>(
    raw: RunHandle,
    operation: RunOperation,
    body: () => Promise<Result<T, RunError>>,
  ): ResultAsync<T, RunError> {
    const run = async (): Promise<Result<T, RunError>> => {
      try {
        return await body()
      } catch (cause) {
        const provider = typeof raw?.provider === 'string' ? raw.provider : 'unknown'
        return err(unknownError({ provider, operation }, 'call failed unexpectedly', cause))
      }
    }
    return new ResultAsync(run())
  }

  async function getOnce(
    raw: RunHandle,
    callOptions: CallOptions = {},
  ): Promise<Result<RunSnapshot, RunError>> {
    const prepared = prepare(raw, 'get')
    if (prepared.isErr()) return rejected(raw, 'get', prepared.error)
    const scope = createCallScope(callOptions)
    try {
      const outcome = await attempts<RunSnapshot>(prepared.value, 'get', scope, (adapter, handle, signal) =>
        adapter.doGet(handle, { signal }),
      )
      return outcome.result
    } finally {
      scope.dispose()
    }
  }

  async function waitPrepared(
    prepared: Prepared,
    waitOptions: WaitOptions,
  ): Promise<Result<RunSnapshot, RunError>> {
    const scope = createCallScope({
      ...(waitOptions.signal === undefined ? {} : { signal: waitOptions.signal }),
      timeoutMs: waitOptions.timeoutMs ?? DEFAULT_WAIT.timeoutMs,
    })
    try {
      return await waitUntilTerminal({
        scope,
        context: { provider: prepared.adapter.provider, operation: 'get', handle: prepared.handle },
        pollIntervalMs: waitOptions.pollIntervalMs ?? DEFAULT_WAIT.pollIntervalMs,
        maxPollIntervalMs: waitOptions.maxPollIntervalMs ?? DEFAULT_WAIT.maxPollIntervalMs,
        poll: () =>
          attempts<RunSnapshot>(prepared, 'get', scope, (adapter, handle, signal) =>
            adapter.doGet(handle, { signal }),
          ),
      })
    } finally {
      scope.dispose()
    }
  }

  async function waitOnce(
    raw: RunHandle,
    waitOptions: WaitOptions = {},
  ): Promise<Result<RunSnapshot, RunError>> {
    const prepared = prepare(raw, 'get')
    if (prepared.isErr()) return rejected(raw, 'get', prepared.error)
    return waitPrepared(prepared.value, waitOptions)
  }

  async function stopOnce(
    raw: RunHandle,
    stopOptions: StopOptions = {},
    observer?: CallObserver,
  ): Promise<Result<StopResult, RunError>> {
    const prepared = prepare(raw, 'stop')
    if (prepared.isErr()) return rejected(raw, 'stop', prepared.error)
    const scope = createCallScope(stopOptions)
    let stopped: Result<StopResult, RunError>
    try {
      const ctx = {
        ...(stopOptions.reason === undefined ? {} : { reason: stopOptions.reason }),
        ...(stopOptions.errorCode === undefined ? {} : { errorCode: stopOptions.errorCode }),
      }
      const outcome = await attempts<StopResult>(
        prepared.value,
        'stop',
        scope,
        (adapter, handle, signal) => adapter.doStop(handle, { ...ctx, signal }),
        observer,
      )
      stopped = outcome.result
    } finally {
      scope.dispose()
    }
    if (!stopOptions.wait || stopped.isErr() || stopped.value.outcome !== 'stop_requested') return stopped
    const waited = await waitPrepared(prepared.value, waitOptionsFor(stopOptions, scope))
    return finishWait(stopped.value, waited)
  }

  const listing = {
    prepare: (raw: RunHandle, check: (adapter: AnyRunAdapter, value: RunHandle) => unknown) =>
      prepare(raw, 'list', check),
    attempts: (prepared: Prepared, scope: CallScope, invoke: Parameters<typeof attempts>[3]) =>
      attempts<RunPage>(prepared, 'list', scope, invoke),
    rejected: (raw: RunHandle, error: RunError) => rejected<never>(raw, 'list', error),
  }
  const controller: RunController = {
    providers: [...adapters.keys()],
    get: (handle, callOptions) => safely(handle, 'get', () => getOnce(handle, callOptions)),
    waitForTerminal: (handle, waitOptions) => safely(handle, 'get', () => waitOnce(handle, waitOptions)),
    stop: (handle, stopOptions) => safely(handle, 'stop', () => stopOnce(handle, stopOptions)),
    stopMany: (handles, batchOptions) =>
      stopMany(
        (handle, stopOptions, observer) =>
          safely(handle, 'stop', () => stopOnce(handle, stopOptions, observer)),
        handles,
        batchOptions,
      ),
    listRuns: (scope, listOptions) => listRuns(listing, scope, listOptions),
    stopAll: (scope, stopAllOptions) => stopAll(controller, scope, stopAllOptions),
  }
  return controller
}

/**
 * The wait that follows `stop(…, { wait })`. The stop's signal applies unless the wait names its
 * own. Without a wait `timeoutMs`, what is left of the stop's `timeoutMs` (the deadline of the
 * whole call) bounds the wait; without either, the 10-minute default does.
 */
function waitOptionsFor(stopOptions: StopOptions, stopScope: CallScope): WaitOptions {
  const given: WaitOptions = typeof stopOptions.wait === 'object' ? stopOptions.wait : {}
  const signal = given.signal ?? stopOptions.signal
  const timeoutMs =
    given.timeoutMs ?? (stopScope.timeoutMs === undefined ? DEFAULT_WAIT.timeoutMs : stopScope.remainingMs())
  return { ...given, timeoutMs, ...(signal === undefined ? {} : { signal }) }
}

/**
 * Merges the final snapshot into the stop's result: `stopped` when the run ended `stopped`,
 * otherwise `stop_requested` with the terminal status it actually reached. A failed wait is
 * returned as is, marked (`details.stopOutcome`) so the caller knows the stop itself went through.
 */
function finishWait(stop: StopResult, waited: Result<RunSnapshot, RunError>): Result<StopResult, RunError> {
  if (waited.isErr())
    return err(waited.error.with({ details: { ...waited.error.details, stopOutcome: stop.outcome } }))
  const snapshot = waited.value
  return ok({
    ...stop,
    outcome: snapshot.status === 'stopped' ? 'stopped' : 'stop_requested',
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
  })
}
