import { type SignalRacer, setMaxListeners, shareSignal, unendingSignal } from './abort-signal.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { MAX_TIMER_MS } from './sleep.js'

/** Why a call's internal signal fired: the caller aborted, or the call's deadline passed. */
export type CallEnd = 'abort' | 'deadline'

/**
 * One controller call's cancellation: the user's signal and the call's deadline folded into a
 * single internal signal that the adapter, the backoff sleeps and the wait loop listen to.
 */
export interface CallScope {
  /** Fires when the user aborts or the deadline passes. Owned by this call. */
  readonly signal: AbortSignal
  /** Undefined while the call is live. */
  readonly endedBy: CallEnd | undefined
  /** The user's abort reason, when the user aborted. */
  readonly abortReason: unknown
  /** The deadline given, in ms from the call's start (undefined: none). */
  readonly timeoutMs: number | undefined
  /** Milliseconds left before the deadline; `Infinity` without one, never negative. */
  remainingMs(): number
  /** Removes the listener on the user's signal and clears the deadline timer. Idempotent. */
  dispose(): void
}

export interface CallScopeOptions {
  readonly signal?: AbortSignal
  /** Non-finite (or undefined): no deadline. Zero or less: the deadline has already passed. */
  readonly timeoutMs?: number
}

/**
 * The scope of every call that nothing can end early (neither a caller's signal nor a deadline):
 * stateless, so one serves them all. Its signal never fires (its controller is dropped). Whoever
 * listens to it must remove the listener when done, as with any long-lived signal; many calls may
 * hold it at once, hence no listener limit. Made on first use: the first AbortController a
 * process makes loads Node's abort and event-target modules (~2 ms), which importing runstop
 * should not cost.
 */
let unendingScope: CallScope | undefined

function unending(): CallScope {
  if (unendingScope === undefined) {
    unendingScope = {
      signal: unendingSignal(),
      endedBy: undefined,
      abortReason: undefined,
      timeoutMs: undefined,
      remainingMs: () => Number.POSITIVE_INFINITY,
      dispose: () => {},
    }
  }
  return unendingScope
}

/**
 * The scopes of signals that runstop makes for many calls at once (a batch's): such a signal has
 * no listener limit and is owned by runstop, so a call without a deadline listens to it directly
 * instead of following it through a controller and a listener of its own.
 */
const SHARED_SCOPES = new WeakMap<AbortSignal, CallScope>()

/**
 * An AbortController for a signal that many calls share (a batch's): calls given its signal and
 * no deadline use it as their own signal (no AbortController, listener or timer per call).
 */
export function createSharedAbort(): AbortController {
  const controller = new AbortController()
  const signal = controller.signal
  // Listeners come from the calls that share it, each removed when its call no longer needs it.
  setMaxListeners(0, signal)
  const races = new Set<SignalRacer>()
  shareSignal(signal, races)
  signal.addEventListener(
    'abort',
    () => {
      for (const racer of races) racer.lose()
      races.clear()
    },
    { once: true },
  )
  SHARED_SCOPES.set(signal, {
    signal,
    get endedBy() {
      return signal.aborted ? 'abort' : undefined
    },
    get abortReason() {
      return signal.aborted ? signal.reason : undefined
    },
    timeoutMs: undefined,
    remainingMs: () => Number.POSITIVE_INFINITY,
    dispose: () => {},
  })
  return controller
}

/**
 * Combines the user's signal and a per-call timeout into one internal AbortSignal. Exactly one
 * listener is added to the user's signal (none when it is already aborted) and `dispose()`
 * removes it, so a long-lived signal shared by thousands of calls keeps no listener behind.
 * `AbortSignal.any` is not used: its followers stay registered on the source signal until GC.
 * Without a signal and a deadline nothing is created at all: the call gets a shared signal that
 * never fires; with only a signal from `createSharedAbort`, the call uses that signal itself.
 */
export function createCallScope(options?: CallScopeOptions): CallScope {
  const user = options?.signal
  const given = options?.timeoutMs
  const timeoutMs = given !== undefined && Number.isFinite(given) ? given : undefined
  // Nothing can end this call early: no controller, no listener, no timer.
  if (timeoutMs === undefined) {
    if (user === undefined) return unending()
    // A shared signal of runstop's own (a batch's) needs no follower per call.
    const shared = SHARED_SCOPES.get(user)
    if (shared !== undefined) return shared
  }
  const internal = new AbortController()
  // Internal signal: listeners come from this call only (a race, a sleep, a batch's stops).
  setMaxListeners(0, internal.signal)
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs
  let endedBy: CallEnd | undefined
  let abortReason: unknown
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const onUserAbort = () => end('abort')
  const dispose = () => {
    if (disposed) return
    disposed = true
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    user?.removeEventListener('abort', onUserAbort)
  }
  function end(why: CallEnd) {
    if (endedBy !== undefined) return
    // Set before abort(): listeners on the internal signal read endedBy synchronously.
    endedBy = why
    if (why === 'abort') abortReason = user?.reason
    dispose()
    internal.abort(why === 'abort' ? user?.reason : new RunDeadlineSignal())
  }
  const armDeadline = () => {
    if (deadline === undefined || disposed) return
    const left = deadline - Date.now()
    if (left <= 0) end('deadline')
    else timer = setTimeout(armDeadline, Math.min(left, MAX_TIMER_MS))
  }

  if (user?.aborted) end('abort')
  else {
    user?.addEventListener('abort', onUserAbort, { once: true })
    armDeadline()
  }

  return {
    signal: internal.signal,
    get endedBy() {
      return endedBy
    },
    get abortReason() {
      return abortReason
    },
    timeoutMs,
    remainingMs: () =>
      deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - Date.now()),
    dispose,
  }
}

/** The reason an internal signal carries when a deadline fired (an Error, as fetch expects). */
class RunDeadlineSignal extends Error {
  override readonly name = 'TimeoutError'
  constructor() {
    super('The call deadline passed.')
  }
}

/** Where an error happened, so the errors the controller makes carry it. */
export interface ErrorContext {
  readonly provider: string
  readonly operation: RunOperation
  readonly handle?: RunHandle
}

/** The `ABORTED` error for a call whose signal fired. `cause` is the signal's reason. */
export function abortedError(context: ErrorContext, reason?: unknown, attempts?: number): RunError {
  return new RunError({
    code: 'ABORTED',
    message: `The ${context.operation} call was aborted.`,
    ...context,
    ...(attempts === undefined ? {} : { details: { attempts } }),
    ...(reason === undefined ? {} : { cause: reason }),
  })
}

/**
 * The `TIMEOUT` error for a call whose deadline passed (or would pass before the next attempt).
 * `cause` is the last error seen; its code and `providerCode` are kept in `details`.
 */
export function deadlineError(
  context: ErrorContext,
  timeoutMs: number | undefined,
  lastError?: RunError,
  attempts?: number,
): RunError {
  const details: Record<string, unknown> = {}
  if (timeoutMs !== undefined) details.timeoutMs = timeoutMs
  if (attempts !== undefined) details.attempts = attempts
  if (lastError !== undefined) {
    details.lastErrorCode = lastError.code
    if (lastError.providerCode !== undefined) details.providerCode = lastError.providerCode
  }
  const after = lastError === undefined ? '' : ` (last error: ${lastError.code}: ${lastError.message})`
  return new RunError({
    code: 'TIMEOUT',
    message: `The ${context.operation} call did not finish before its deadline${timeoutMs === undefined ? '' : ` of ${timeoutMs} ms`}${after}.`,
    ...context,
    details,
    ...(lastError === undefined ? {} : { cause: lastError }),
  })
}

/** The error for a scope that ended: `ABORTED` when the user aborted, `TIMEOUT` for the deadline. */
export function scopeEndError(
  scope: CallScope,
  context: ErrorContext,
  lastError?: RunError,
  attempts?: number,
): RunError {
  return scope.endedBy === 'abort'
    ? abortedError(context, scope.abortReason ?? lastError, attempts)
    : deadlineError(context, scope.timeoutMs, lastError, attempts)
}
