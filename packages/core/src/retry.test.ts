import fc from 'fast-check'
import { err, ok, type Result } from 'neverthrow'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCallScope } from './call-signal.js'
import { type RetryLoop, retryWithBackoff } from './retry.js'
import {
  computeBackoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  resolveRetryPolicy,
} from './retry-policy.js'
import { RunError, type RunErrorCode } from './run-error.js'

const context = { provider: 'fake', operation: 'stop' as const, handle: { provider: 'fake', id: '1' } }

function failure(code: RunErrorCode, extra: { retryAfterMs?: number; providerCode?: string } = {}): RunError {
  return new RunError({ code, message: code, provider: 'fake', ...extra })
}

describe('computeBackoffDelay', () => {
  it('stays within the full-jitter bounds [0, min(max, base * 2^(n-1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, r) => {
          const delay = computeBackoffDelay(attempt, { baseDelayMs, maxDelayMs }, undefined, () => r)
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
          expect(delay).toBeGreaterThanOrEqual(0)
          expect(delay).toBeLessThanOrEqual(ceiling)
          expect(Number.isInteger(delay)).toBe(true)
        },
      ),
    )
  })

  it('never undercuts retryAfterMs, even above maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, retryAfterMs, r) => {
          const delay = computeBackoffDelay(attempt, DEFAULT_RETRY_POLICY, { retryAfterMs }, () => r)
          expect(delay).toBeGreaterThanOrEqual(retryAfterMs)
          const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, 100 * 2 ** (attempt - 1))
          expect(delay).toBeLessThanOrEqual(Math.max(ceiling, retryAfterMs))
        },
      ),
    )
  })

  it('grows exponentially and is capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 }
    const top = () => 0.999_999
    expect([1, 2, 3, 4, 5, 6].map((n) => computeBackoffDelay(n, policy, undefined, top))).toEqual([
      99, 199, 399, 799, 999, 999,
    ])
    expect(computeBackoffDelay(3, policy, undefined, () => 0)).toBe(0)
    expect(computeBackoffDelay(1, policy, { retryAfterMs: 5_000 }, () => 0.5)).toBe(5_000)
    // A jittered delay above the floor is kept.
    expect(computeBackoffDelay(4, policy, { retryAfterMs: 10 }, () => 0.5)).toBe(400)
  })
})

describe('resolveRetryPolicy', () => {
  it('fills the documented defaults and turns false into one attempt', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 20_000 })
    expect(resolveRetryPolicy(false).maxAttempts).toBe(1)
    expect(resolveRetryPolicy({ maxAttempts: 7 })).toEqual({
      maxAttempts: 7,
      baseDelayMs: 100,
      maxDelayMs: 20_000,
    })
    expect(resolveRetryPolicy({ maxAttempts: 0, baseDelayMs: -5, maxDelayMs: Number.NaN })).toEqual({
      maxAttempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 20_000,
    })
    expect(resolveRetryPolicy({ maxAttempts: 2.7 }).maxAttempts).toBe(2)
  })
})

describe('retryWithBackoff', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 }

  /** An attempt function that answers from a script and records when it was called. */
  /** A loop with the tests' policy and context, and a scope nothing ends unless `fields` gives one. */
  function loop(fields: Pick<RetryLoop<string>, 'attempt'> & Partial<RetryLoop<string>>): RetryLoop<string> {
    return { policy, context, scope: createCallScope(), ...fields }
  }

  function scripted(answers: Result<string, RunError>[]) {
    const times: number[] = []
    const start = Date.now()
    const attempt = async (n: number) => {
      times.push(Date.now() - start)
      return answers[Math.min(n, answers.length) - 1] as Result<string, RunError>
    }
    return { attempt, times }
  }

  it('retries retryable errors until success, sleeping the computed delays', async () => {
    const { attempt, times } = scripted([err(failure('THROTTLED')), err(failure('NETWORK')), ok('done')])
    const delays: number[] = []
    const scope = createCallScope()
    const pending = retryWithBackoff(
      loop({
        attempt,
        scope,
        random: () => 0.5,
        onRetry: (e) => delays.push(e.delayMs),
      }),
    )
    await vi.runAllTimersAsync()
    const outcome = await pending
    expect(outcome.result._unsafeUnwrap()).toBe('done')
    expect(outcome.attempts).toBe(3)
    expect(delays).toEqual([50, 100])
    expect(times).toEqual([0, 50, 150])
  })

  it('stops at maxAttempts and returns the last error unchanged', async () => {
    const last = failure('UNAVAILABLE', { providerCode: 'InternalServerException' })
    const { attempt, times } = scripted([
      err(failure('THROTTLED')),
      err(failure('THROTTLED')),
      err(failure('THROTTLED')),
      err(last),
    ])
    const pending = retryWithBackoff(
      loop({
        attempt,
        random: () => 0,
      }),
    )
    await vi.runAllTimersAsync()
    const outcome = await pending
    expect(outcome.result._unsafeUnwrapErr()).toBe(last)
    expect(outcome.attempts).toBe(4)
    expect(times).toHaveLength(4)
  })

  it('does not count the attempts `spends` frees, and backs off by the attempts spent', async () => {
    // Six throttles: the first three are free (spends false), so the policy's 4 attempts are
    // spent by the next three throttles and the answer after them.
    const answers = [1, 2, 3, 4, 5, 6].map(() => err(failure('THROTTLED'))) as Result<string, RunError>[]
    const { attempt } = scripted([...answers, ok('done')])
    const delays: number[] = []
    let asked = 0
    const pending = retryWithBackoff(
      loop({
        attempt,
        random: () => 0.5,
        spends: () => ++asked > 3,
        onRetry: (e) => delays.push(e.delayMs),
      }),
    )
    await vi.runAllTimersAsync()
    const outcome = await pending
    expect(outcome.result._unsafeUnwrap()).toBe('done')
    expect(outcome.attempts).toBe(7)
    // Free attempts keep the first attempt's backoff (0 spent); then 1, 2, 3 spent.
    expect(delays).toEqual([50, 50, 50, 50, 100, 200])
    // With every attempt spent, the same script ends at the fourth throttle.
    const again = scripted([...answers, ok('done')])
    const capped = retryWithBackoff(
      loop({
        attempt: again.attempt,
        random: () => 0,
        spends: () => true,
      }),
    )
    await vi.runAllTimersAsync()
    expect((await capped).result._unsafeUnwrapErr().code).toBe('THROTTLED')
    expect(again.times).toHaveLength(4)
  })

  it('tries a non-retryable error once', async () => {
    const { attempt, times } = scripted([err(failure('ACCESS_DENIED')), ok('never')])
    const outcome = await retryWithBackoff(
      loop({
        attempt,
      }),
    )
    expect(outcome.result._unsafeUnwrapErr().code).toBe('ACCESS_DENIED')
    expect(times).toHaveLength(1)
  })

  it('retries an error the adapter marked retryable despite its code', async () => {
    const conflict = new RunError({ code: 'CONFLICT', message: 'busy', provider: 'fake', retryable: true })
    const { attempt, times } = scripted([err(conflict), ok('done')])
    const pending = retryWithBackoff(
      loop({
        attempt,
        random: () => 0,
      }),
    )
    await vi.runAllTimersAsync()
    expect((await pending).result._unsafeUnwrap()).toBe('done')
    expect(times).toHaveLength(2)
  })

  it('ends with TIMEOUT when the deadline would pass before the next attempt', async () => {
    const throttle = failure('THROTTLED', { retryAfterMs: 200, providerCode: 'ThrottlingException' })
    const { attempt, times } = scripted([err(throttle)])
    const scope = createCallScope({ timeoutMs: 250 })
    const pending = retryWithBackoff(
      loop({
        attempt,
        scope,
        random: () => 0,
      }),
    )
    await vi.advanceTimersByTimeAsync(200)
    const outcome = await pending
    scope.dispose()
    // Attempt at 0, sleep 200 (< 250 left), attempt at 200, then 200 > 50 left: TIMEOUT at once.
    expect(times).toEqual([0, 200])
    expect(outcome.endedBy).toBe('deadline')
    const error = outcome.result._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.cause).toBe(throttle)
    expect(error.details).toMatchObject({ providerCode: 'ThrottlingException', lastErrorCode: 'THROTTLED' })
    expect(error.operation).toBe('stop')
    expect(error.handle).toEqual(context.handle)
  })

  it('ends with ABORTED when the signal fires during a backoff sleep', async () => {
    const { attempt, times } = scripted([err(failure('THROTTLED', { retryAfterMs: 5_000 }))])
    const user = new AbortController()
    const scope = createCallScope({ signal: user.signal })
    const pending = retryWithBackoff(
      loop({
        attempt,
        scope,
      }),
    )
    await vi.advanceTimersByTimeAsync(1_000)
    user.abort()
    const outcome = await pending
    scope.dispose()
    expect(outcome.endedBy).toBe('abort')
    expect(outcome.result._unsafeUnwrapErr().code).toBe('ABORTED')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(times).toEqual([0])
  })

  it('makes no attempt in a scope that has already ended', async () => {
    const { attempt, times } = scripted([ok('x')])
    const outcome = await retryWithBackoff(
      loop({
        attempt,
        scope: createCallScope({ timeoutMs: 0 }),
      }),
    )
    expect(outcome.result._unsafeUnwrapErr().code).toBe('TIMEOUT')
    expect(outcome.attempts).toBe(0)
    expect(times).toEqual([])
  })
})
