import { err, type Result } from 'neverthrow'
import { type CallScope, deadlineError, type ErrorContext, raceSignal, scopeEndError } from './call-signal.js'
import type { RetryOptions } from './controller-types.js'
import type { RunError } from './run-error.js'
import { sleep } from './sleep.js'

/** Retry settings with every default filled in. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** The backoff's first ceiling, in milliseconds; it doubles per attempt. */
  readonly baseDelayMs: number
  /** The largest delay between attempts, in milliseconds. */
  readonly maxDelayMs: number
}

/** The defaults: 4 attempts in all, 100 ms base delay, 20 s cap. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 20_000 }

function positive(value: number | undefined, fallback: number, min: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(min, value) : fallback
}

/**
 * Fills in the defaults. `false` means one attempt, no retries. Out-of-range values are clamped
 * (attempts to a whole number of at least 1, delays to at least 0) rather than rejected.
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }
  const baseDelayMs = positive(options?.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs, 0)
  return {
    maxAttempts: Math.floor(positive(options?.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts, 1)),
    baseDelayMs,
    maxDelayMs: positive(options?.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs, 0),
  }
}

/**
 * The wait before the attempt after attempt number `attempt` (1-based) failed: exponential
 * backoff with full jitter, `random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`, rounded
 * down to whole ms. A provider's `retryAfterMs` is a floor: the delay is never shorter than it,
 * even above `maxDelayMs` (the call's deadline bounds it instead). `random` must return [0, 1).
 */
export function computeBackoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  error?: Pick<RunError, 'retryAfterMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
  // Clamp in case an injected random strays outside [0, 1).
  const r = Math.min(Math.max(random(), 0), 1)
  const jittered = Math.floor(r * ceiling)
  const floor = error?.retryAfterMs
  return floor !== undefined && Number.isFinite(floor) && floor > jittered ? Math.ceil(floor) : jittered
}

/** What the retry loop ended with, and why when the scope cut it short. */
export interface RetryOutcome<T> {
  readonly result: Result<T, RunError>
  /** Attempts started (0 when the scope had ended before the first). */
  readonly attempts: number
  /** Set when the caller's abort or the deadline ended the loop (the result is then an error). */
  readonly endedBy?: 'abort' | 'deadline'
}

export interface RetryLoopOptions {
  readonly policy: RetryPolicy
  /** The call's signal and deadline. */
  readonly scope: CallScope
  /** Used for the `ABORTED` / `TIMEOUT` errors the loop makes. */
  readonly context: ErrorContext
  /** Injectable for tests. Default `Math.random`. */
  readonly random?: () => number
  /** Called before each backoff sleep. */
  readonly onRetry?: (event: {
    readonly attempt: number
    readonly error: RunError
    readonly delayMs: number
  }) => void
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `maxAttempts` is spent.
 * Each attempt is raced against the scope's signal, so an abort or deadline ends the loop at once
 * (as `ABORTED` / `TIMEOUT`) even if the attempt never settles. When the next attempt could not
 * start before the deadline (remaining time ≤ the backoff delay) the loop ends now with `TIMEOUT`
 * rather than sleeping in vain; that error's `cause` is the last error. `attempt` must not reject.
 */
export async function retryWithBackoff<T>(
  attempt: (attemptNumber: number, signal: AbortSignal) => Promise<Result<T, RunError>>,
  options: RetryLoopOptions,
): Promise<RetryOutcome<T>> {
  const { policy, scope, context } = options
  let lastError: RunError | undefined
  const ended = (attempts: number): RetryOutcome<T> => {
    const endedBy = scope.endedBy ?? 'deadline'
    return { result: err(scopeEndError(scope, context, lastError, attempts)), attempts, endedBy }
  }
  for (let n = 1; ; n++) {
    if (scope.signal.aborted) return ended(n - 1)
    const raced = await raceSignal(attempt(n, scope.signal), scope.signal)
    if (!raced.done) return ended(n)
    const result = raced.value
    if (result.isOk()) return { result, attempts: n }
    lastError = result.error
    // An error that arrives after the signal fired is the abort's echo (the adapter saw its signal).
    if (scope.signal.aborted) return ended(n)
    if (!result.error.retryable || n >= policy.maxAttempts) return { result, attempts: n }
    const delayMs = computeBackoffDelay(n, policy, result.error, options.random)
    if (delayMs >= scope.remainingMs())
      return {
        result: err(deadlineError(context, scope.timeoutMs, lastError, n)),
        attempts: n,
        endedBy: 'deadline',
      }
    options.onRetry?.({ attempt: n, error: result.error, delayMs })
    if (!(await sleep(delayMs, scope.signal))) return ended(n)
  }
}
