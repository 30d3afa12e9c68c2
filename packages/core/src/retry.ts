import { err, type Result } from 'neverthrow'
import { cannotFire, raceSignal } from './abort-signal.js'
import { type CallScope, deadlineError, type ErrorContext, scopeEndError } from './call-signal.js'
import { computeBackoffDelay, type RetryPolicy } from './retry-policy.js'
import type { RunError } from './run-error.js'
import { sleep } from './sleep.js'

/** What the retry loop ended with, and why when the scope cut it short. */
export interface RetryOutcome<T> {
  readonly result: Result<T, RunError>
  /** Attempts started (0 when the scope had ended before the first). */
  readonly attempts: number
  /** Set when the caller's abort or the deadline ended the loop (the result is then an error). */
  readonly endedBy?: 'abort' | 'deadline'
}

/**
 * What the retry loop runs: the attempts, the policy and the call's scope. The controller passes
 * one object per request sequence (its methods are the callbacks), so a call costs no closures.
 */
export interface RetryLoop<T, R = RetryOutcome<T>> {
  readonly policy: RetryPolicy
  /** The call's signal and deadline. */
  readonly scope: CallScope
  /** Used for the `ABORTED` / `TIMEOUT` errors the loop makes (read only when it makes one). */
  readonly context: ErrorContext
  /** Injectable for tests. Default `Math.random`. */
  readonly random?: () => number
  /** One attempt (1-based); must not reject. */
  attempt(attemptNumber: number, signal: AbortSignal): Promise<Result<T, RunError>>
  /** Called before each backoff sleep. */
  onRetry?(event: { readonly attempt: number; readonly error: RunError; readonly delayMs: number }): void
  /**
   * Whether a failed attempt spends one of `policy.maxAttempts` (without it, every one does). A
   * free attempt is retried whatever the count, with the backoff of the attempts spent so far.
   * The batch engine frees a throttle answered while the stop's provider went on stopping others
   * (batch.ts); asked once per failed attempt, before anything else is decided.
   */
  spends?(error: RunError): boolean
  /**
   * Given the outcome when the loop ends; what it returns is what the loop settles with (without
   * it, the outcome).
   */
  finish?(outcome: RetryOutcome<T>): R
  /** Called once when the loop is over, however it ends (after `finish`): frees the scope. */
  release?(): void
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `maxAttempts` is spent.
 * Each attempt is raced against the scope's signal, so an abort or deadline ends the loop at once
 * (as `ABORTED` / `TIMEOUT`) even if the attempt never settles. When the next attempt could not
 * start before the deadline (remaining time ≤ the backoff delay) the loop ends now with `TIMEOUT`
 * rather than sleeping in vain; that error's `cause` is the last error.
 */
export function retryWithBackoff<T, R = RetryOutcome<T>>(loop: RetryLoop<T, R>): Promise<R> {
  const signal = loop.scope.signal
  if (signal.aborted) return retryFrom(loop, 1)
  // The first attempt runs outside the async loop: when its answer ends the call (success, or an
  // error not retried) no loop is entered at all. A signal that cannot fire needs no race.
  let work: Promise<Result<T, RunError>>
  try {
    work = loop.attempt(1, signal)
  } catch (failure) {
    // `attempt` must not throw; if it does, the scope is still released and the loop rejects.
    loop.release?.()
    return Promise.reject(failure)
  }
  if (cannotFire(signal)) return work.then((result) => afterFirstAttempt(loop, result))
  return raceSignal(work, signal).then((raced) =>
    raced.done ? afterFirstAttempt(loop, raced.value) : releasing(loop, () => endedOutcome(loop, 1)),
  )
}

/**
 * Attempt 1 answered: the loop ends here (`finish`, then `release`), or goes on from attempt 2
 * after the backoff (a promise). For a caller that sent attempt 1 itself and settled its answer.
 */
export function afterFirstAttempt<T, R>(loop: RetryLoop<T, R>, result: Result<T, RunError>): R | Promise<R> {
  let over = true
  try {
    const free = freeAttempt(loop, result) ? 1 : 0
    const next = afterAttempt(loop, 1, result, free)
    if (typeof next !== 'number') return finished(loop, next)
    over = false
    return retryFrom(loop, 2, next, result.isErr() ? result.error : undefined, free)
  } finally {
    if (over) loop.release?.()
  }
}

/**
 * The scope ended (the caller aborted, or the deadline passed) while attempt `attempts` was in
 * flight: the loop ends now (`finish`, then `release`), without waiting for that attempt.
 */
export function endedDuringAttempt<T, R>(loop: RetryLoop<T, R>, attempts: number): R {
  return releasing(loop, () => endedOutcome(loop, attempts))
}

/** Ends the loop with `end()`'s outcome, releasing it however that goes. */
function releasing<T, R>(loop: RetryLoop<T, R>, end: () => R): R {
  try {
    return end()
  } finally {
    loop.release?.()
  }
}

/**
 * The loop from attempt `n` on, after sleeping `delayMs` when given (the backoff after attempt
 * `n - 1` failed with `lastError`).
 */
async function retryFrom<T, R>(
  loop: RetryLoop<T, R>,
  first: number,
  delayMs?: number,
  lastError?: RunError,
  /** Attempts before `first` that spent none of `maxAttempts` (`spends`). */
  free = 0,
): Promise<R> {
  const scope = loop.scope
  try {
    for (let n = first; ; n++) {
      if (delayMs !== undefined && !(await sleep(delayMs, scope.signal)))
        return endedOutcome(loop, n - 1, lastError)
      if (scope.signal.aborted) return endedOutcome(loop, n - 1, lastError)
      const work = loop.attempt(n, scope.signal)
      let result: Result<T, RunError>
      if (cannotFire(scope.signal)) result = await work
      else {
        const raced = await raceSignal(work, scope.signal)
        if (!raced.done) return endedOutcome(loop, n, lastError)
        result = raced.value
      }
      if (freeAttempt(loop, result)) free++
      const next = afterAttempt(loop, n, result, free)
      if (typeof next !== 'number') return finished(loop, next)
      if (result.isErr()) lastError = result.error
      delayMs = next
    }
  } finally {
    loop.release?.()
  }
}

/** Whether a failed attempt spends none of `maxAttempts` (the loop's `spends` says so). */
function freeAttempt<T, R>(loop: RetryLoop<T, R>, result: Result<T, RunError>): boolean {
  return loop.spends !== undefined && result.isErr() && !loop.spends(result.error)
}

/**
 * What follows attempt `n`'s answer, `free` of the attempts so far (this one included) having
 * spent none of `maxAttempts`: the outcome to end with, or the delay before the next attempt
 * (`onRetry` has then been told).
 */
function afterAttempt<T, R>(
  loop: RetryLoop<T, R>,
  n: number,
  result: Result<T, RunError>,
  free: number,
): RetryOutcome<T> | number {
  if (result.isOk()) return { result, attempts: n }
  const { policy, scope } = loop
  const error = result.error
  // An error that arrives after the signal fired is the abort's echo (the adapter saw its signal).
  if (scope.signal.aborted) return endedBy(loop, n, error)
  const spent = n - free
  if (!error.retryable || spent >= policy.maxAttempts) return { result, attempts: n }
  const delayMs = computeBackoffDelay(spent, policy, error, loop.random)
  if (delayMs >= scope.remainingMs())
    return {
      result: err(deadlineError(loop.context, scope.timeoutMs, error, n)),
      attempts: n,
      endedBy: 'deadline',
    }
  loop.onRetry?.({ attempt: n, error, delayMs })
  return delayMs
}

function finished<T, R>(loop: RetryLoop<T, R>, outcome: RetryOutcome<T>): R {
  // Without `finish`, R is RetryOutcome<T> (the default).
  return loop.finish === undefined ? (outcome as R) : loop.finish(outcome)
}

/** The outcome of a loop that the caller's abort or the deadline cut short. */
function endedBy<T, R>(loop: RetryLoop<T, R>, attempts: number, lastError?: RunError): RetryOutcome<T> {
  const scope = loop.scope
  return {
    result: err(scopeEndError(scope, loop.context, lastError, attempts)),
    attempts,
    endedBy: scope.endedBy ?? 'deadline',
  }
}

function endedOutcome<T, R>(loop: RetryLoop<T, R>, attempts: number, lastError?: RunError): R {
  return finished(loop, endedBy(loop, attempts, lastError))
}
