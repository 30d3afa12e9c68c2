import type { RetryOptions } from './controller-types.js'
import type { RunError } from './run-error.js'

// The retry policy and its backoff (public: `resolveRetryPolicy`, `computeBackoffDelay`); the loop
// that follows it (retry.ts) is in the controller's call path, a chunk read on first use.

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
