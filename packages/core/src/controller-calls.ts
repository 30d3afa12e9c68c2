import { err, ok, type Result } from 'neverthrow'
import { cannotFire, type SignalRacer, sharedRacers } from './abort-signal.js'
import type { AnyRunAdapter, RunPage } from './adapter.js'
import {
  AdapterCalls,
  type AdapterInvoke,
  checkWithAdapter,
  isThenable,
  unknownError,
} from './adapter-call.js'
import { abortedError, type CallScope, createCallScope, type ErrorContext } from './call-signal.js'
import type {
  AttemptEvent,
  CallEndEvent,
  CallEvent,
  CallMethod,
  CallOptions,
  ListRunsOptions,
  ResultEvent,
  RetryEvent,
  RunHooks,
  StopOptions,
  WaitOptions,
} from './controller-types.js'
import { type ListingDeps, listRuns } from './list-runs.js'
import {
  afterFirstAttempt,
  endedDuringAttempt,
  type RetryLoop,
  type RetryOutcome,
  retryWithBackoff,
} from './retry.js'
import type { RetryPolicy } from './retry-policy.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import { callSafely } from './safe-call.js'
import type { StopResult } from './stop-result.js'
import { waitUntilTerminal } from './wait.js'
import { DEFAULT_WAIT } from './wait-defaults.js'

/** Extra observers for one call, used by `stopMany` to see throttling behind retries and pace attempts. */
export interface CallObserver {
  onRetry?(event: RetryEvent): void
  /**
   * Called before each attempt is sent; a returned promise delays the attempt until it settles
   * (`stopMany` waits for its provider's pacer here). `signal` is the call's: once it fires the
   * call ends at once (`ABORTED` / `TIMEOUT`) without sending, so the wait should end too.
   */
  beforeAttempt?(attempt: number, signal: AbortSignal): PromiseLike<unknown> | undefined
  /**
   * Whether a failed attempt spends one of the retry policy's `maxAttempts` (the retry loop's
   * `spends`; without it, every one does). `stopMany` frees a throttle its provider answered while
   * accepting the lane's other stops.
   */
  spends?(error: RunError): boolean
  /**
   * Told the call's Result once it has ended, whatever ended it (a refusal before anything was
   * sent included), right after `onCallEnd`. The batch engine learns here that a stop finished,
   * instead of through a promise of its own per stop.
   */
  onEnd?(result: Result<StopResult, RunError>): void
}

/** What the controller hands its call path: the adapters, the retry policy and the hooks. */
export interface CallsSetup {
  /** The adapters by provider (an ambiguous provider is left out). */
  readonly adapters: ReadonlyMap<string, AnyRunAdapter>
  /** Providers two adapters claimed: their calls answer `NOT_SUPPORTED` saying so. */
  readonly ambiguous: ReadonlySet<string>
  readonly policy: RetryPolicy
  readonly hooks: RunHooks
  /** Jitter source for backoff (a test seam). Default `Math.random`. */
  readonly random: (() => number) | undefined
}

/**
 * A public call's entry into the call path: the handle as the boundary copied it (`copyHandle`,
 * at the moment of the call) and whether the controller was closed then.
 */
export type CallEntry<T, O> = (
  plain: Result<RunHandle, RunError>,
  closed: boolean,
  options?: O,
) => Promise<Result<T, RunError>>

/** The controller's call path (`createControllerCalls`), which the controller loads on its first call. */
export interface ControllerCalls {
  readonly get: CallEntry<RunSnapshot, CallOptions>
  readonly stop: CallEntry<StopResult, StopOptions>
  readonly waitForTerminal: CallEntry<RunSnapshot, WaitOptions>
  /** One stop of a batch: the batch engine copied the handle when it read it. */
  batchStop(
    handle: RunHandle,
    closed: boolean,
    options: StopOptions,
    observer: CallObserver,
  ): Promise<Result<StopResult, RunError>>
  /** `listRuns`: one call for the hooks, its pages sharing the `callId`. */
  listRuns(scope: RunScope, options?: ListRunsOptions): AsyncIterable<Result<RunSnapshot, RunError>>
  /** Settles once no call is in flight (`close()` waits for it before closing the adapters). */
  drained(): Promise<void>
}

/**
 * One public call, for the hooks: its id, what it is about, and the requests sent so far. Once its
 * handle has passed `prepare`, it is also the call's `Prepared` (its adapter and canonical handle):
 * no object more per call.
 */
class CallTrace implements Prepared {
  readonly operation: RunOperation
  /** When the call started, for `onCallEnd`'s duration (read only when that hook is registered). */
  readonly started: number
  /** Set when the call is announced: the provider named (`subject` is then set too). */
  provider: string | undefined = undefined
  /** Set when the call is announced: the canonical handle, or the handle as given when it did not validate. */
  subject: RunHandle | undefined = undefined
  /** Set by `prepare` when the handle passed: read only then (through `Prepared`). */
  adapter!: AnyRunAdapter
  /** Set by `prepare` when the handle passed: the adapter's canonical handle. */
  handle!: RunHandle
  attempts = 0
  /**
   * Set by a request sequence that ends the call itself (`Sequence.endsCall`): the boundary then
   * adds no step of its own after it.
   */
  endedBySequence = false
  private id: string | undefined = undefined
  constructor(
    readonly method: CallMethod,
    timed: boolean,
  ) {
    this.operation = method === 'stop' ? 'stop' : method === 'listRuns' ? 'list' : 'get'
    this.started = timed ? Date.now() : 0
  }
  /** Drawn when a hook first needs it: a call nobody observes costs no id. */
  get callId(): string {
    this.id ??= nextCallId()
    return this.id
  }
  /** As `Prepared`: the call is itself. */
  get call(): CallTrace {
    return this
  }
}

/** A handle that passed the shape check, the provider lookup and the adapter's own validation. */
interface Prepared {
  readonly adapter: AnyRunAdapter
  readonly handle: RunHandle
  readonly call: CallTrace
}

/**
 * The controller's call path: the boundary after the handle copy, validation, the retry loop,
 * deadlines, aborts, waiting and hooks. It is a chunk of core's bundle that the controller's first
 * call imports (cold start: a controller that is only constructed never reads or parses it).
 */
export function createControllerCalls({
  adapters,
  ambiguous,
  policy,
  hooks,
  random,
}: CallsSetup): ControllerCalls {
  /** Records what the call is about and tells `onCallStart`, once per call. */
  function announce(call: CallTrace, provider: string, handle: RunHandle): void {
    call.provider = provider
    call.subject = handle
    if (!hooks.onCallStart) return
    const event: CallEvent = {
      callId: call.callId,
      method: call.method,
      operation: call.operation,
      provider,
      handle,
    }
    callSafely(() => hooks.onCallStart?.(event))
  }

  /**
   * Validates the plain copy and announces the call (`onCallStart`); nothing is sent. `check` is
   * the adapter's check: `validate` for a handle, `validateScope` for a listing's scope. Answers
   * the refusal, or undefined when the handle passed: `call` is then the call's `Prepared`.
   */
  function prepare(
    handle: RunHandle,
    call: CallTrace,
    check: AdapterCheck = validateHandle,
  ): RunError | undefined {
    const refused = validateFor(handle, call, check)
    if (refused === undefined) announce(call, call.adapter.provider, call.handle)
    else announce(call, refused.provider, handle)
    return refused
  }

  /** Adapter lookup and adapter validation of the plain copy (kept on `call`); nothing is sent. */
  function validateFor(handle: RunHandle, call: CallTrace, check: AdapterCheck): RunError | undefined {
    const operation = call.operation
    const adapter = adapters.get(handle.provider)
    if (adapter === undefined) {
      const known = [...adapters.keys()].join(', ') || 'none'
      return new RunError({
        code: 'NOT_SUPPORTED',
        message: ambiguous.has(handle.provider)
          ? `Two adapters are registered for provider "${handle.provider}"; register exactly one.`
          : `No adapter is registered for provider "${handle.provider}" (registered: ${known}).`,
        provider: handle.provider,
        operation,
        handle,
      })
    }
    // The adapter's canonical handle is what is sent (validate may normalise, e.g. an ARN to ids).
    const valid = checkWithAdapter<RunHandle>(check, adapter, handle, operation)
    if (valid.isErr()) return valid.error
    call.adapter = adapter
    call.handle = valid.value
    return undefined
  }

  /**
   * One request sequence (the stop, the get, one poll of a wait, one list page): the retry loop's
   * attempts, the hooks and the batch's observer. One object per sequence, its methods the loop's
   * callbacks, instead of a closure per callback; nothing is made for a hook nobody registered.
   */
  class Sequence<T extends StopResult | RunSnapshot | RunPage, R>
    extends AdapterCalls<T>
    implements RetryLoop<T, R>, SignalRacer
  {
    // The controller's, read through the prototype: no copy per sequence.
    get policy(): RetryPolicy {
      return policy
    }
    get random(): (() => number) | undefined {
      return random
    }
    /** For `onResult`'s duration (read only when that hook is registered). */
    private readonly started = hooks.onResult ? Date.now() : 0
    /** Attempts actually sent: one the signal ended while it waited in `beforeAttempt` was not. */
    private sent = 0
    private errorContext: ErrorContext | undefined = undefined
    /**
     * The sequence is the whole call, and either nothing can end it early (its signal cannot
     * fire) or its signal is a shared one (a batch's) that it races through `racers`: it ends the
     * call itself (`endWholeCall`: `onCallEnd`, then the observer's `onEnd`) from the callback
     * that receives the adapter's answer (or from `lose`), so that a call with one attempt costs
     * one promise.
     */
    private readonly endsCall: boolean
    /** The shared signal's racers, which attempt 1 joins; undefined when the signal cannot fire. */
    private readonly racers: Set<SignalRacer> | undefined
    /** The call's Result once `finish` has given it (a whole call's). */
    private ended: Result<T, RunError> | undefined = undefined

    constructor(
      private readonly prepared: Prepared,
      private readonly operation: RunOperation,
      readonly scope: CallScope,
      private readonly invoke: AdapterInvoke,
      private readonly observer: CallObserver | undefined,
      /**
       * The sequence is the whole call (a `stop`, a `get`): its scope ends with it, and it answers
       * the Result (otherwise the outcome, which says whether the shared scope ended it).
       */
      private readonly whole: boolean,
      /** Nothing follows the sequence in its call (a stop with `wait` goes on waiting). */
      last = whole,
    ) {
      super()
      const signal = scope.signal
      this.racers = cannotFire(signal) ? undefined : sharedRacers(signal)
      this.endsCall = whole && last && (this.racers !== undefined || cannotFire(signal))
      if (this.endsCall) prepared.call.endedBySequence = true
    }

    /** Runs the sequence. Never rejects. */
    run(): Promise<R> {
      if (!this.endsCall) return retryWithBackoff(this)
      const signal = this.scope.signal
      // Ended before it began (a batch aborted): the loop says so, nothing is sent.
      if (this.racers !== undefined && signal.aborted) return this.guard(retryWithBackoff(this))
      // Attempt 1 needs no loop, and no race of its own: its answer goes through one callback to
      // the call's end (or, when it is retried, to the loop from attempt 2).
      const gate = this.gate(1, signal)
      if (gate === undefined) return this.first(signal)
      const proceed = () => this.first(signal)
      return Promise.resolve(gate).then(proceed, proceed)
    }

    /** Attempt 1 of a sequence that ends the call, settled through `afterFirst`. */
    private first(signal: AbortSignal): Promise<R> {
      let answer: PromiseLike<unknown> | Result<T, RunError>
      try {
        answer = this.attemptAnswer(1, signal)
      } catch (cause) {
        // A hook that cannot even be read: the call still ends, `UNKNOWN`.
        return Promise.resolve(this.crash(cause))
      }
      if (!isThenable(answer)) return Promise.resolve(this.afterFirst(answer))
      const racers = this.racers
      if (racers === undefined)
        return answer.then(
          (value) => this.afterFirst(this.answered(value)),
          (cause: unknown) => this.afterFirst(this.rejected(cause)),
        ) as Promise<R>
      // Raced against the shared signal: whichever comes first ends the call; `lose` ended it
      // when this sequence is no longer among the racers.
      racers.add(this)
      return answer.then(
        (value) => (racers.delete(this) ? this.afterFirst(this.answered(value)) : this.lostRace()),
        (cause: unknown) => (racers.delete(this) ? this.afterFirst(this.rejected(cause)) : this.lostRace()),
      ) as Promise<R>
    }

    /** The shared signal fired while attempt 1 was in flight: the call ends now (`ABORTED`). */
    lose(): void {
      try {
        endedDuringAttempt(this, 1)
      } catch (cause) {
        this.crash(cause)
      }
    }

    /** Attempt 1 answered after `lose` had ended the call: its answer is dropped. */
    private lostRace(): R {
      return (this.ended ?? this.crash(new Error('The call lost its race but did not end.'))) as R
    }

    /** A promise of the loop, which only a bug could reject. */
    private guard(pending: Promise<R>): Promise<R> {
      return pending.then(undefined, (cause: unknown) => this.crash(cause))
    }

    /** Attempt 1 answered: the call ends here, or the loop goes on from attempt 2. */
    private afterFirst(result: Result<T, RunError>): R | Promise<R> {
      try {
        const next = afterFirstAttempt(this, result)
        // A retry: the loop goes on.
        return next instanceof Promise ? this.guard(next) : next
      } catch (cause) {
        return this.crash(cause)
      }
    }

    /** Something threw where nothing should (a bug): the call ends `UNKNOWN`, once. */
    private crash(cause: unknown): R {
      if (this.ended !== undefined) return this.ended as R
      const result = err(unknownError(this.context, 'call failed unexpectedly', cause))
      try {
        return this.finish({ result, attempts: this.sent })
      } finally {
        this.release()
      }
    }

    release(): void {
      if (this.whole) this.scope.dispose()
    }

    get context(): ErrorContext {
      this.errorContext ??= {
        provider: this.prepared.adapter.provider,
        operation: this.operation,
        handle: this.prepared.handle,
      }
      return this.errorContext
    }

    attempt(attempt: number, signal: AbortSignal): Promise<Result<T, RunError>> {
      const gate = this.gate(attempt, signal)
      if (gate === undefined) return this.send(attempt, signal)
      const proceed = () => this.send(attempt, signal)
      return Promise.resolve(gate).then(proceed, proceed)
    }

    /** The observer's `beforeAttempt`: what the attempt must wait for, if anything. */
    private gate(attempt: number, signal: AbortSignal): PromiseLike<unknown> | undefined {
      const beforeAttempt = this.observer?.beforeAttempt
      if (beforeAttempt === undefined) return undefined
      try {
        return beforeAttempt.call(this.observer, attempt, signal)
      } catch {
        // A failing observer does not stop the call.
        return undefined
      }
    }

    private send(attempt: number, signal: AbortSignal): Promise<Result<T, RunError>> {
      const answer = this.attemptAnswer(attempt, signal)
      if (!isThenable(answer)) return Promise.resolve(answer)
      return answer.then(
        (value) => this.answered(value),
        (cause: unknown) => this.rejected(cause),
      ) as Promise<Result<T, RunError>>
    }

    /** Sends attempt `attempt`: the adapter's answer to settle, or a Result when nothing was sent. */
    private attemptAnswer(attempt: number, signal: AbortSignal): PromiseLike<unknown> | Result<T, RunError> {
      // The retry loop has already ended the call if the signal fired during `beforeAttempt`.
      if (!cannotFire(signal) && signal.aborted)
        return err(abortedError(this.context, signal.reason, attempt - 1))
      this.sent++
      const { adapter, handle, call } = this.prepared
      call.attempts++
      if (hooks.onAttempt) {
        const { callId, operation, provider, handle: subject } = this.base()
        const event: AttemptEvent = { callId, operation, provider, handle: subject, attempt }
        callSafely(() => hooks.onAttempt?.(event))
      }
      return this.answer(this.invoke, adapter, handle, signal)
    }

    spends(error: RunError): boolean {
      const observer = this.observer
      if (observer?.spends === undefined) return true
      try {
        return observer.spends(error)
      } catch {
        // A failing observer does not change the call: the attempt counts.
        return true
      }
    }

    onRetry({ attempt, error, delayMs }: { attempt: number; error: RunError; delayMs: number }): void {
      const { callId, operation, provider, handle } = this.base()
      const event: RetryEvent = { callId, operation, provider, handle, attempt, error, delayMs }
      callSafely(hooks.onRetry && (() => hooks.onRetry?.(event)))
      const observer = this.observer
      callSafely(observer?.onRetry && (() => observer.onRetry?.(event)))
    }

    finish(outcome: RetryOutcome<T>): R {
      let ended = outcome
      if (outcome.endedBy !== undefined && outcome.result.isErr()) {
        // An abort or deadline after a request went out may still have reached the provider: say so.
        const error = outcome.result.error
        ended = {
          ...outcome,
          result: err(error.with({ details: { ...error.details, sent: this.sent > 0 } })),
        }
      }
      if (hooks.onResult) reportResult(this.base(), this.sent, this.started, ended.result)
      if (!this.whole) return ended as R
      this.ended = ended.result
      // A whole call is a stop or a get (T is StopResult or RunSnapshot).
      if (this.endsCall)
        endWholeCall(
          this.prepared.call,
          ended.result as Result<StopResult | RunSnapshot, RunError>,
          this.observer,
        )
      return ended.result as R
    }

    /** The fields of this sequence's attempt, retry and result events. */
    private base(): AttemptBase {
      const { adapter, handle, call } = this.prepared
      return { callId: call.callId, operation: this.operation, provider: adapter.provider, handle }
    }
  }

  /**
   * One request sequence within a scope that others share (a wait's polls, a listing's pages),
   * with hooks. Its outcome says whether that scope ended it. Never rejects.
   */
  function attempts<T extends StopResult | RunSnapshot | RunPage>(
    prepared: Prepared,
    operation: RunOperation,
    scope: CallScope,
    invoke: AdapterInvoke,
  ): Promise<RetryOutcome<T>> {
    return new Sequence<T, RetryOutcome<T>>(prepared, operation, scope, invoke, undefined, false).run()
  }

  /**
   * A call that is one request sequence (a stop, a get), with hooks; `scope` ends with it. Never
   * rejects. Where nothing can end it early, the sequence also ends the call (`endWholeCall`).
   */
  function wholeCall<T extends StopResult | RunSnapshot>(
    prepared: Prepared,
    operation: RunOperation,
    scope: CallScope,
    invoke: AdapterInvoke,
    observer?: CallObserver,
    /** Nothing follows in the call (a stop with `wait` goes on waiting). */
    last = true,
  ): Promise<Result<T, RunError>> {
    return new Sequence<T, Result<T, RunError>>(
      prepared,
      operation,
      scope,
      invoke,
      observer,
      true,
      last,
    ).run()
  }

  function reportResult(
    base: AttemptBase,
    attempt: number,
    started: number,
    result: Result<StopResult | RunSnapshot | RunPage, RunError>,
  ): void {
    if (!hooks.onResult) return
    const durationMs = Date.now() - started
    const { callId, operation, provider, handle } = base
    // Written out rather than spread: one object shape per kind of event (see endCall).
    const event: ResultEvent = result.isOk()
      ? { callId, operation, provider, handle, attempt, durationMs, ok: true, value: result.value }
      : { callId, operation, provider, handle, attempt, durationMs, ok: false, error: result.error }
    callSafely(() => hooks.onResult?.(event))
  }

  /** A refused call still reaches `onResult` (attempt 0: nothing was sent). */
  function rejected<T>(call: CallTrace, error: RunError): Result<T, RunError> {
    const handle = error.handle ?? ({ provider: error.provider } as RunHandle)
    if (call.provider === undefined) announce(call, error.provider, handle)
    const base = { callId: call.callId, operation: call.operation, provider: error.provider, handle }
    reportResult(base, 0, Date.now(), err(error))
    return err(error)
  }

  /** `onCallEnd`, once per public call. Answers `result`. */
  function endCall<T extends StopResult | RunSnapshot>(
    call: CallTrace,
    result: Result<T, RunError>,
  ): Result<T, RunError> {
    if (!hooks.onCallEnd) return result
    const fallback = result.isErr() ? result.error.provider : 'unknown'
    const provider = call.provider ?? fallback
    const handle = call.subject ?? { provider: fallback }
    const { callId, method, operation, attempts } = call
    const durationMs = Date.now() - call.started
    // Written out rather than spread: one object shape per kind of event (a spread of an object
    // with fields added after it cost ~4 µs per event).
    const event: CallEndEvent = result.isOk()
      ? { callId, method, operation, provider, handle, attempts, durationMs, ok: true, value: result.value }
      : { callId, method, operation, provider, handle, attempts, durationMs, ok: false, error: result.error }
    callSafely(() => hooks.onCallEnd?.(event))
    return result
  }

  let inFlight = 0
  let drained: (() => void) | undefined

  /**
   * Every public call's boundary, after the handle copy: gives the call its `callId`, refuses
   * calls made after `close()`, turns anything `body` throws (a bug, a hostile option) into
   * `UNKNOWN`, and reports the call's end (`onCallEnd`). Never throws or rejects. The public
   * methods wrap the promise in a ResultAsync; the batch engine takes it as it is.
   */
  function call<T extends StopResult | RunSnapshot, O>(
    trace: CallTrace,
    handle: RunHandle,
    closed: boolean,
    body: (
      handle: RunHandle,
      call: CallTrace,
      options: O,
      observer?: CallObserver,
    ) => Promise<Result<T, RunError>>,
    options: O,
    observer?: CallObserver,
  ): Promise<Result<T, RunError>> {
    const operation = trace.operation
    if (closed) return refused(trace, closedError(operation, handle), observer)
    inFlight++
    let pending: Promise<Result<T, RunError>>
    try {
      pending = body(handle, trace, options, observer)
    } catch (cause) {
      pending = Promise.reject(cause)
    }
    // A sequence that ended the call itself has already told everyone (`endWholeCall`).
    if (trace.endedBySequence) return pending
    // Chained rather than awaited: an async frame per call costs more than the two callbacks.
    return pending.then(
      (result) => endWholeCall(trace, result, observer),
      (cause: unknown) =>
        endWholeCall(
          trace,
          err(
            unknownError({ provider: handle.provider, operation, handle }, 'call failed unexpectedly', cause),
          ),
          observer,
        ),
    )
  }

  /** A public method's entry: the boundary's copy of the handle, refused here when it failed. */
  function entry<T extends StopResult | RunSnapshot, O>(
    method: CallMethod,
    body: (handle: RunHandle, call: CallTrace, options: O) => Promise<Result<T, RunError>>,
  ): CallEntry<T, O> {
    return (plain, closed, options) => {
      const trace = new CallTrace(method, hooks.onCallEnd !== undefined)
      if (plain.isErr()) return refused(trace, plain.error.with({ operation: trace.operation }), undefined)
      return call(trace, plain.value, closed, body, options as O)
    }
  }

  /** A call refused before anything was sent (nothing counted in flight). */
  function refused<T extends StopResult | RunSnapshot>(
    trace: CallTrace,
    error: RunError,
    observer: CallObserver | undefined,
  ): Promise<Result<T, RunError>> {
    const result = endCall(trace, rejected<T>(trace, error))
    observer?.onEnd?.(result as Result<StopResult, RunError>)
    return Promise.resolve(result)
  }

  /**
   * A call's body settled: it no longer counts as in flight, `onCallEnd` is told, then the
   * observer. Answers `result`.
   */
  function endWholeCall<T extends StopResult | RunSnapshot>(
    trace: CallTrace,
    result: Result<T, RunError>,
    observer: CallObserver | undefined,
  ): Result<T, RunError> {
    inFlight--
    if (inFlight === 0) drained?.()
    endCall(trace, result)
    observer?.onEnd?.(result as Result<StopResult, RunError>)
    return result
  }

  function getOnce(
    handle: RunHandle,
    call: CallTrace,
    // No `= {}`: a get without options makes no object for them.
    callOptions?: CallOptions,
  ): Promise<Result<RunSnapshot, RunError>> {
    const refused = prepare(handle, call)
    if (refused !== undefined) return Promise.resolve(rejected(call, refused))
    const scope = createCallScope(callOptions)
    return wholeCall<RunSnapshot>(call, 'get', scope, invokeGet)
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
        poll: () => attempts<RunSnapshot>(prepared, 'get', scope, invokeGet),
      })
    } finally {
      scope.dispose()
    }
  }

  async function waitOnce(
    handle: RunHandle,
    call: CallTrace,
    waitOptions: WaitOptions = {},
  ): Promise<Result<RunSnapshot, RunError>> {
    const refused = prepare(handle, call)
    if (refused !== undefined) return rejected(call, refused)
    return waitPrepared(call, waitOptions)
  }

  function stopOnce(
    handle: RunHandle,
    call: CallTrace,
    stopOptions: StopOptions = {},
    observer?: CallObserver,
  ): Promise<Result<StopResult, RunError>> {
    const refused = prepare(handle, call)
    if (refused !== undefined) return Promise.resolve(rejected(call, refused))
    const scope = createCallScope(stopOptions)
    const wait = stopOptions.wait
    const stopping = wholeCall<StopResult>(call, 'stop', scope, invokeStop(stopOptions), observer, !wait)
    if (!wait) return stopping
    return stopping.then((result) => {
      if (result.isErr() || result.value.outcome !== 'stop_requested') return result
      const stopped = result.value
      return waitPrepared(call, waitOptionsFor(stopOptions, scope)).then((waited) =>
        finishWait(stopped, waited),
      )
    })
  }

  /** One `listRuns` iteration is one call for the hooks: every page's attempts share its `callId`. */
  function listingDeps(): ListingDeps {
    const trace = new CallTrace('listRuns', hooks.onCallEnd !== undefined)
    return {
      prepare: (scope, check) => {
        const refused = prepare(scope, trace, check)
        return refused === undefined ? ok({ adapter: trace.adapter, handle: trace.handle }) : err(refused)
      },
      attempts: (prepared, scope, invoke) =>
        attempts<RunPage>({ ...prepared, call: trace }, 'list', scope, invoke),
      rejected: (scope, error) =>
        rejected<never>(trace, error.handle === undefined ? error.with({ handle: scope }) : error),
    }
  }

  return {
    get: entry('get', getOnce),
    stop: entry('stop', stopOnce),
    waitForTerminal: entry('waitForTerminal', waitOnce),
    batchStop: (handle, closed, stopOptions, observer) =>
      call(
        new CallTrace('stop', hooks.onCallEnd !== undefined),
        handle,
        closed,
        stopOnce,
        stopOptions,
        observer,
      ),
    listRuns: (scope, listOptions) => listRuns(listingDeps(), scope, listOptions),
    drained: () =>
      inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            drained = resolve
          }),
  }
}

/** The adapter's local check of what a call names: `validate` (a handle) or `validateScope`. */
type AdapterCheck = (adapter: AnyRunAdapter, value: RunHandle) => unknown

const validateHandle: AdapterCheck = (adapter, value) => adapter.validate(value)

/**
 * The context of a get or a plain stop: one frozen object per signal in a row, so that the calls
 * sharing a signal (every call nothing can end early, a batch's stops) make no context each.
 */
let lastContext: { readonly signal: AbortSignal } | undefined
function contextOf(signal: AbortSignal): { readonly signal: AbortSignal } {
  if (lastContext?.signal !== signal) lastContext = Object.freeze({ signal })
  return lastContext
}

const invokeGet: AdapterInvoke = (adapter, handle, signal) => adapter.doGet(handle, contextOf(signal))

const invokePlainStop: AdapterInvoke = (adapter, handle, signal) => adapter.doStop(handle, contextOf(signal))

/** The stop request, with the reason and error code the caller gave. */
function invokeStop(options: StopOptions): AdapterInvoke {
  const { reason, errorCode } = options
  // Written out: a spread followed by a new field (`{ ...given, signal }`) costs ~1 µs in V8.
  if (reason === undefined)
    return errorCode === undefined
      ? invokePlainStop
      : (adapter, handle, signal) => adapter.doStop(handle, { errorCode, signal })
  return errorCode === undefined
    ? (adapter, handle, signal) => adapter.doStop(handle, { reason, signal })
    : (adapter, handle, signal) => adapter.doStop(handle, { reason, errorCode, signal })
}

/** The fields every attempt, retry and result event of one request sequence shares. */
type AttemptBase = Pick<AttemptEvent, 'callId' | 'operation' | 'provider' | 'handle'>

// Call ids: a random prefix per process and a counter. Unique per call, and far cheaper per call
// than a UUID (the batch engine makes one per stop). The prefix is drawn on the first call from the
// global Web Crypto: importing `node:crypto` at load time costs ~35 internal modules of cold start.
let callIdPrefix: string | undefined
let callCounter = 0
function nextCallId(): string {
  callIdPrefix ??= globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)
  callCounter++
  return `${callIdPrefix}-${callCounter.toString(36)}`
}

/** What a call made after `close()` answers: `ABORTED`, nothing sent. */
function closedError(operation: RunOperation, handle: RunHandle): RunError {
  return new RunError({
    code: 'ABORTED',
    message: `The ${operation} call was refused: the controller is closed. Nothing was sent.`,
    provider: handle.provider,
    operation,
    handle,
    details: { sent: false, closed: true },
  })
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
    return err(
      waited.error.with({ details: { ...waited.error.details, stopOutcome: stop.outcome, sent: true } }),
    )
  const snapshot = waited.value
  return ok({
    ...stop,
    outcome: snapshot.status === 'stopped' ? 'stopped' : 'stop_requested',
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
  })
}

/**
 * Imports the batch engine, a chunk of its own (a single call does not read it). It is imported
 * from here only, so the modules it shares with the call path stay in this chunk: imported from
 * core's main file as well, they would be split into a common chunk, one more file.
 */
export const loadBatch = () => import('./batch.js')
