import { getEventListeners, setMaxListeners } from 'node:events'
import { err, errAsync, ok, okAsync, ResultAsync } from 'neverthrow'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRunController } from './controller.js'
import type { AttemptEvent, ResultEvent, RetryEvent } from './controller-types.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'
import { createFakeAdapter, delayed, fakeError, snapshot, stopReply } from './test-support/fake-adapter.js'

const handle: RunHandle = { provider: 'fake', runId: 'r-1' }

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Lets promise chains run without moving the clock. */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0)
}

describe('createRunController: lookup and validation', () => {
  it('answers NOT_SUPPORTED for an unknown provider, without throwing', async () => {
    const runs = createRunController({ adapters: [createFakeAdapter('fake')] })
    const result = await runs.stop({ provider: 'nowhere', id: 'x' })
    expect(result.isErr()).toBe(true)
    const error = result._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_SUPPORTED')
    expect(error.provider).toBe('nowhere')
    expect(error.operation).toBe('stop')
    expect(error.handle).toEqual({ provider: 'nowhere', id: 'x' })
    expect(error.message).toContain('fake')
  })

  it('lists its providers, and answers NOT_SUPPORTED (no throw, nothing sent) for a provider with two adapters', async () => {
    const runs = createRunController({ adapters: [createFakeAdapter('a'), createFakeAdapter('b')] })
    expect(runs.providers).toEqual(['a', 'b'])
    const first = createFakeAdapter('a')
    const second = createFakeAdapter('a')
    const ambiguous = createRunController({ adapters: [first, second, createFakeAdapter('b')] })
    expect(ambiguous.providers).toEqual(['b'])
    const error = (await ambiguous.get({ provider: 'a', id: 'x' }))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_SUPPORTED')
    expect(error.message).toContain('Two adapters')
    expect(first.calls.get + first.calls.validate + second.calls.get + second.calls.validate).toBe(0)
  })

  it('answers VALIDATION for a malformed handle and sends nothing', async () => {
    const adapter = createFakeAdapter()
    const runs = createRunController({ adapters: [adapter] })
    const result = await runs.get({ provider: 'fake', runId: 42 } as unknown as RunHandle)
    expect(result._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(result._unsafeUnwrapErr().operation).toBe('get')
    const nullResult = await runs.stop(null as unknown as RunHandle)
    expect(nullResult._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(adapter.calls).toEqual({ stop: 0, get: 0, validate: 0 })
  })

  it("stops at the adapter's validation error: the adapter is never called", async () => {
    const adapter = createFakeAdapter('fake', {
      validate: () => err(new RunError({ code: 'VALIDATION', message: 'runId too long', provider: 'fake' })),
    })
    const runs = createRunController({ adapters: [adapter] })
    const stop = await runs.stop(handle)
    const wait = await runs.waitForTerminal(handle)
    expect(stop._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(stop._unsafeUnwrapErr().operation).toBe('stop')
    expect(stop._unsafeUnwrapErr().handle).toEqual(handle)
    expect(wait._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(adapter.calls.stop).toBe(0)
    expect(adapter.calls.get).toBe(0)
    expect(adapter.calls.validate).toBe(2)
  })

  it('passes reason and errorCode through to doStop', async () => {
    const adapter = createFakeAdapter()
    const runs = createRunController({ adapters: [adapter] })
    const result = await runs.stop(handle, { reason: 'cost limit', errorCode: 'Budget' })
    expect(result._unsafeUnwrap().outcome).toBe('stop_requested')
    expect(adapter.stopContexts[0]?.reason).toBe('cost limit')
    expect(adapter.stopContexts[0]?.errorCode).toBe('Budget')
    expect(adapter.stopContexts[0]?.signal).toBeInstanceOf(AbortSignal)
  })
})

describe('createRunController: misbehaving adapters', () => {
  const boom = new Error('kaboom')
  const cases: [string, () => unknown][] = [
    [
      'throws synchronously',
      () => {
        throw boom
      },
    ],
    ['returns a rejected promise', () => Promise.reject(boom)],
    ['returns a ResultAsync that rejects', () => new ResultAsync(Promise.reject(boom))],
  ]
  for (const [name, behaviour] of cases) {
    it(`turns an adapter that ${name} into UNKNOWN with the cause kept`, async () => {
      const adapter = createFakeAdapter('fake', { stop: behaviour, get: behaviour })
      const runs = createRunController({ adapters: [adapter] })
      const stop = await runs.stop(handle)
      const get = await runs.get(handle)
      for (const result of [stop, get]) {
        const error = result._unsafeUnwrapErr()
        expect(RunError.is(error)).toBe(true)
        expect(error.code).toBe('UNKNOWN')
        // Kept as a redacted copy (RunError never holds the raw thrown object).
        expect(error.cause).toBeInstanceOf(Error)
        expect((error.cause as Error).message).toBe(boom.message)
        expect(error.handle).toEqual(handle)
      }
      // UNKNOWN is not retryable: one attempt each.
      expect(adapter.calls.stop).toBe(1)
      expect(adapter.calls.get).toBe(1)
    })
  }

  it('turns a throwing validate, a non-Result and a non-RunError error into UNKNOWN', async () => {
    const throwingValidate = createFakeAdapter('a', {
      validate: () => {
        throw boom
      },
    })
    const notAResult = createFakeAdapter('b', { get: () => Promise.resolve({ status: 'running' }) })
    const foreignError = createFakeAdapter('c', { get: () => errAsync('nope') })
    const runs = createRunController({ adapters: [throwingValidate, notAResult, foreignError] })
    const a = (await runs.get({ provider: 'a' }))._unsafeUnwrapErr()
    expect(a.code).toBe('UNKNOWN')
    expect((a.cause as Error).message).toBe(boom.message)
    expect(throwingValidate.calls.get).toBe(0)
    expect((await runs.get({ provider: 'b' }))._unsafeUnwrapErr().code).toBe('UNKNOWN')
    const c = (await runs.get({ provider: 'c' }))._unsafeUnwrapErr()
    expect(c.code).toBe('UNKNOWN')
    expect(c.cause).toBe('nope')
  })

  it('fills in operation and handle on adapter errors that lack them', async () => {
    const adapter = createFakeAdapter('fake', { get: () => errAsync(fakeError('NOT_FOUND')) })
    const runs = createRunController({ adapters: [adapter] })
    const error = (await runs.get(handle))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_FOUND')
    expect(error.operation).toBe('get')
    expect(error.handle).toEqual(handle)
  })
})

describe('createRunController: retries', () => {
  it('retries retryable errors and returns the success', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, _ctx, call) =>
        call < 3 ? errAsync(fakeError('THROTTLED')) : okAsync(snapshot(h, 'running', 'RUNNING')),
    })
    const runs = createRunController({ adapters: [adapter], random: () => 0.5 })
    const pending = runs.get(handle)
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrap().status).toBe('running')
    expect(adapter.calls.get).toBe(3)
  })

  it('gives up after maxAttempts with the last error', async () => {
    const adapter = createFakeAdapter('fake', { stop: () => errAsync(fakeError('UNAVAILABLE')) })
    const runs = createRunController({ adapters: [adapter], retry: { maxAttempts: 3, baseDelayMs: 10 } })
    const pending = runs.stop(handle)
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrapErr().code).toBe('UNAVAILABLE')
    expect(adapter.calls.stop).toBe(3)
  })

  it('makes one attempt with retry: false', async () => {
    const adapter = createFakeAdapter('fake', { stop: () => errAsync(fakeError('THROTTLED')) })
    const runs = createRunController({ adapters: [adapter], retry: false })
    expect((await runs.stop(handle))._unsafeUnwrapErr().code).toBe('THROTTLED')
    expect(adapter.calls.stop).toBe(1)
  })

  it('ends with TIMEOUT when the call deadline passes during a hanging request', async () => {
    const adapter = createFakeAdapter('fake', { get: () => new Promise(() => {}) })
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.get(handle, { timeoutMs: 500 })
    await vi.advanceTimersByTimeAsync(500)
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.operation).toBe('get')
    expect(adapter.calls.get).toBe(1)
  })

  it('ends with TIMEOUT (last providerCode kept) when the next attempt could not start in time', async () => {
    const adapter = createFakeAdapter('fake', {
      stop: () =>
        errAsync(fakeError('THROTTLED', { retryAfterMs: 2_000, providerCode: 'ThrottlingException' })),
    })
    const runs = createRunController({ adapters: [adapter] })
    const result = await runs.stop(handle, { timeoutMs: 1_000 })
    const error = result._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.details?.providerCode).toBe('ThrottlingException')
    expect(RunError.is(error.cause) && error.cause.code).toBe('THROTTLED')
    expect(adapter.calls.stop).toBe(1)
  })
})

describe('createRunController: abort', () => {
  it('sends nothing when the signal is already aborted', async () => {
    const adapter = createFakeAdapter()
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    controller.abort()
    const stop = await runs.stop(handle, { signal: controller.signal })
    const get = await runs.get(handle, { signal: controller.signal })
    const wait = await runs.waitForTerminal(handle, { signal: controller.signal })
    expect([stop, get, wait].map((r) => r._unsafeUnwrapErr().code)).toEqual(['ABORTED', 'ABORTED', 'ABORTED'])
    expect(adapter.calls.stop + adapter.calls.get).toBe(0)
  })

  it('ends promptly with ABORTED when aborted during a backoff sleep, with no further attempt', async () => {
    const adapter = createFakeAdapter('fake', {
      stop: () => errAsync(fakeError('THROTTLED', { retryAfterMs: 10_000 })),
    })
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    let settled = false
    const pending = (async () => {
      const result = await runs.stop(handle, { signal: controller.signal })
      settled = true
      return result
    })()
    await vi.advanceTimersByTimeAsync(100)
    expect(adapter.calls.stop).toBe(1)
    expect(settled).toBe(false)
    controller.abort()
    await flush()
    expect(settled).toBe(true)
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    expect(error.operation).toBe('stop')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(adapter.calls.stop).toBe(1)
  })

  it('ends promptly with ABORTED when aborted during a request that never settles', async () => {
    const adapter = createFakeAdapter('fake', { get: () => new Promise(() => {}) })
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const pending = runs.get(handle, { signal: controller.signal })
    await flush()
    controller.abort(new Error('user cancelled'))
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    expect((error.cause as Error).message).toBe('user cancelled')
  })

  it('passes an internal signal to the adapter that fires on abort', async () => {
    let seen: AbortSignal | undefined
    const adapter = createFakeAdapter('fake', {
      get: (h, ctx) => {
        seen = ctx.signal
        return delayed(10_000, err(fakeError('UNKNOWN')), ctx.signal).map(() => snapshot(h, 'running'))
      },
    })
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const pending = runs.get(handle, { signal: controller.signal })
    await flush()
    expect(seen?.aborted).toBe(false)
    controller.abort()
    expect(seen?.aborted).toBe(true)
    expect((await pending)._unsafeUnwrapErr().code).toBe('ABORTED')
  })

  it('creates no AbortController and adds no listener for a call without a signal or a deadline', async () => {
    const seen: AbortSignal[] = []
    const adapter = createFakeAdapter('fake', {
      get: (h, ctx) => {
        seen.push(ctx.signal)
        return okAsync(snapshot(h, 'running'))
      },
      stop: (h, ctx) => {
        seen.push(ctx.signal)
        return okAsync(stopReply(h))
      },
    })
    const runs = createRunController({ adapters: [adapter] })
    const controllers = vi.spyOn(globalThis, 'AbortController')
    const listeners = vi.spyOn(EventTarget.prototype, 'addEventListener')
    try {
      expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
      expect((await runs.stop(handle, { reason: 'r' }))._unsafeUnwrap().outcome).toBe('stop_requested')
      expect(controllers).not.toHaveBeenCalled()
      expect(listeners).not.toHaveBeenCalled()
    } finally {
      controllers.mockRestore()
      listeners.mockRestore()
    }
    // The adapter still gets a signal, one that has not fired.
    expect(seen).toHaveLength(2)
    expect(seen.every((signal) => signal instanceof AbortSignal && !signal.aborted)).toBe(true)
  })

  it('still ends a call at its deadline, and on abort, when only one of the two is given', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, ctx) => delayed(60_000, ok(snapshot(h, 'running')), ctx.signal),
    })
    const runs = createRunController({ adapters: [adapter], retry: false })
    const timed = runs.get(handle, { timeoutMs: 1_000 })
    await vi.advanceTimersByTimeAsync(1_000)
    expect((await timed)._unsafeUnwrapErr().code).toBe('TIMEOUT')
    const controller = new AbortController()
    const aborted = runs.get(handle, { signal: controller.signal })
    await flush()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    controller.abort()
    expect((await aborted)._unsafeUnwrapErr().code).toBe('ABORTED')
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('leaves no abort listener on a signal shared by 1,000 calls', async () => {
    const adapter = createFakeAdapter('fake', {
      stop: (h, ctx) => delayed(50, ok(stopReply(h)), ctx.signal),
      get: (h, ctx, call) =>
        call % 3 === 0
          ? errAsync(fakeError('THROTTLED'))
          : delayed(20, ok(snapshot(h, call % 2 ? 'running' : 'succeeded')), ctx.signal),
    })
    const runs = createRunController({ adapters: [adapter], retry: { baseDelayMs: 5 } })
    const controller = new AbortController()
    const { signal } = controller
    setMaxListeners(2_000, signal)
    const calls = Array.from({ length: 1_000 }, (_, i) => {
      const h = { provider: 'fake', runId: `r-${i}` }
      if (i % 3 === 0) return runs.stop(h, { signal, timeoutMs: 10_000 })
      if (i % 3 === 1) return runs.get(h, { signal })
      return runs.waitForTerminal(h, { signal, pollIntervalMs: 10, timeoutMs: 5_000 })
    })
    await flush()
    // While calls are in flight each holds exactly one listener on the shared signal.
    expect(getEventListeners(signal, 'abort').length).toBeGreaterThan(0)
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1_000)
    await vi.runAllTimersAsync()
    const results = await Promise.all(calls)
    expect(results.filter((r) => r.isOk()).length).toBeGreaterThan(900)
    expect(getEventListeners(signal, 'abort').length).toBe(0)
    // No deadline timer or sleep is left armed either.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends every call sharing a signal with ABORTED when it fires, leaving no listener', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, ctx) => delayed(1_000, ok(snapshot(h, 'running')), ctx.signal),
    })
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    setMaxListeners(200, controller.signal)
    const calls = Array.from({ length: 100 }, () =>
      runs.get(handle, { signal: controller.signal, timeoutMs: 60_000 }),
    )
    await flush()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(100)
    controller.abort()
    const results = await Promise.all(calls)
    expect(results.every((r) => r.isErr() && r.error.code === 'ABORTED')).toBe(true)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('createRunController: waitForTerminal', () => {
  function sequence(statuses: RunStatus[]) {
    return createFakeAdapter('fake', {
      get: (h, _ctx, call) =>
        okAsync(snapshot(h, statuses[Math.min(call, statuses.length) - 1] as RunStatus)),
    })
  }

  it('polls with a growing interval and returns the first terminal snapshot', async () => {
    const adapter = sequence(['running', 'stopping', 'stopping', 'stopped', 'running'])
    const runs = createRunController({ adapters: [adapter] })
    const times: number[] = []
    const started = Date.now()
    const pending = runs.waitForTerminal(handle, { pollIntervalMs: 1_000, maxPollIntervalMs: 2_000 })
    const hooked = createRunController({
      adapters: [sequence(['running', 'running', 'running', 'succeeded'])],
      hooks: { onAttempt: () => times.push(Date.now() - started) },
    }).waitForTerminal(handle, { pollIntervalMs: 1_000, maxPollIntervalMs: 2_000 })
    await vi.runAllTimersAsync()
    const snap = (await pending)._unsafeUnwrap()
    expect(snap.status).toBe('stopped')
    expect(adapter.calls.get).toBe(4)
    expect((await hooked)._unsafeUnwrap().status).toBe('succeeded')
    // Intervals 1,000 then 1,500 then 2,000 (capped).
    expect(times).toEqual([0, 1_000, 2_500, 4_500])
  })

  it('times out with TIMEOUT carrying the last snapshot of a run stuck in stopping', async () => {
    const adapter = sequence(['running', 'stopping'])
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.waitForTerminal(handle, { timeoutMs: 10_000, pollIntervalMs: 1_000 })
    await vi.advanceTimersByTimeAsync(10_000)
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.lastSnapshot?.status).toBe('stopping')
    expect(error.operation).toBe('get')
    expect(error.toJSON().lastSnapshot).toEqual({ status: 'stopping', providerStatus: 'stopping' })
    expect(adapter.calls.get).toBeGreaterThanOrEqual(4)
  })

  it('ends with ABORTED (and the last snapshot) when aborted during the wait loop', async () => {
    const adapter = sequence(['stopping'])
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const pending = runs.waitForTerminal(handle, { signal: controller.signal, pollIntervalMs: 5_000 })
    await vi.advanceTimersByTimeAsync(6_000)
    expect(adapter.calls.get).toBe(2)
    controller.abort()
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    expect(error.lastSnapshot?.status).toBe('stopping')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(adapter.calls.get).toBe(2)
  })

  it('ends the wait on a non-retryable get error', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, _ctx, call) =>
        call === 1 ? okAsync(snapshot(h, 'stopping')) : errAsync(fakeError('ACCESS_DENIED')),
    })
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.waitForTerminal(handle, { pollIntervalMs: 100 })
    await vi.runAllTimersAsync()
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.lastSnapshot?.status).toBe('stopping')
    expect(adapter.calls.get).toBe(2)
  })

  it('keeps polling through a retryable outage that outlives the retries', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, _ctx, call) =>
        call <= 6 ? errAsync(fakeError('UNAVAILABLE')) : okAsync(snapshot(h, 'stopped', 'STOPPED')),
    })
    const runs = createRunController({ adapters: [adapter], retry: { maxAttempts: 2, baseDelayMs: 10 } })
    const pending = runs.waitForTerminal(handle, { pollIntervalMs: 100 })
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrap().providerStatus).toBe('STOPPED')
    expect(adapter.calls.get).toBe(7)
  })
})

describe('createRunController: stop with wait', () => {
  function stopThenStatuses(final: RunStatus) {
    return createFakeAdapter('fake', {
      stop: (h) => okAsync(stopReply(h, 'stop_requested')),
      get: (h, _ctx, call) =>
        okAsync(snapshot(h, call < 3 ? 'stopping' : final, call < 3 ? 'STOPPING' : 'DONE')),
    })
  }

  it('waits for the terminal status and reports stopped', async () => {
    const adapter = stopThenStatuses('stopped')
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.stop(handle, { wait: { pollIntervalMs: 100 } })
    await vi.runAllTimersAsync()
    const result = (await pending)._unsafeUnwrap()
    expect(result.outcome).toBe('stopped')
    expect(result.status).toBe('stopped')
    expect(result.providerStatus).toBe('DONE')
    expect(adapter.calls.get).toBe(3)
  })

  it('keeps stop_requested with the terminal status when the run ended otherwise', async () => {
    const runs = createRunController({ adapters: [stopThenStatuses('succeeded')] })
    const pending = runs.stop(handle, { wait: true })
    await vi.runAllTimersAsync()
    const result = (await pending)._unsafeUnwrap()
    expect(result.outcome).toBe('stop_requested')
    expect(result.status).toBe('succeeded')
  })

  it('does not poll after a stop that is already final', async () => {
    const adapter = createFakeAdapter('fake', {
      stop: (h) => okAsync(stopReply(h, 'already_terminal', 'failed')),
    })
    const runs = createRunController({ adapters: [adapter] })
    const result = (await runs.stop(handle, { wait: true }))._unsafeUnwrap()
    expect(result.outcome).toBe('already_terminal')
    expect(adapter.calls.get).toBe(0)
  })

  it('answers TIMEOUT with the last snapshot when the wait times out', async () => {
    const adapter = createFakeAdapter('fake', { get: (h) => okAsync(snapshot(h, 'stopping', 'STOPPING')) })
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.stop(handle, { wait: { timeoutMs: 5_000, pollIntervalMs: 1_000 } })
    await vi.advanceTimersByTimeAsync(5_000)
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.lastSnapshot?.providerStatus).toBe('STOPPING')
    expect(error.details?.stopOutcome).toBe('stop_requested')
    expect(adapter.calls.stop).toBe(1)
  })

  it("bounds the wait by what is left of the stop's own timeoutMs", async () => {
    const adapter = createFakeAdapter('fake', { get: (h) => okAsync(snapshot(h, 'stopping')) })
    const runs = createRunController({ adapters: [adapter] })
    let settledAt: number | undefined
    const started = Date.now()
    const pending = (async () => {
      const result = await runs.stop(handle, { timeoutMs: 3_000, wait: true })
      settledAt = Date.now() - started
      return result
    })()
    await vi.advanceTimersByTimeAsync(3_000)
    expect((await pending)._unsafeUnwrapErr().code).toBe('TIMEOUT')
    expect(settledAt).toBeLessThanOrEqual(3_000)
  })
})

describe('createRunController: hooks', () => {
  it('reports attempts, retries and the result, and ignores a throwing hook', async () => {
    const attempts: AttemptEvent[] = []
    const retries: RetryEvent[] = []
    const results: ResultEvent[] = []
    const adapter = createFakeAdapter('fake', {
      stop: (h, _ctx, call) =>
        call === 1 ? errAsync(fakeError('THROTTLED')) : okAsync(stopReply(h, 'stopped')),
    })
    const runs = createRunController({
      adapters: [adapter],
      random: () => 0.5,
      hooks: {
        onAttempt: (e) => {
          attempts.push(e)
          throw new Error('hook bug')
        },
        onRetry: (e) => {
          retries.push(e)
          throw new Error('hook bug')
        },
        onResult: async (e) => {
          results.push(e)
          throw new Error('async hook bug')
        },
      },
    })
    const pending = runs.stop(handle)
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrap().outcome).toBe('stopped')
    expect(attempts.map((e) => [e.operation, e.provider, e.attempt])).toEqual([
      ['stop', 'fake', 1],
      ['stop', 'fake', 2],
    ])
    expect(retries).toHaveLength(1)
    expect(retries[0]?.error.code).toBe('THROTTLED')
    // Full jitter with random 0.5 on attempt 1: 0.5 * 100.
    expect(retries[0]?.delayMs).toBe(50)
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ ok: true, attempt: 2, operation: 'stop' })
    expect(results[0]?.value).toMatchObject({ outcome: 'stopped' })
  })

  it('reports a failure before any attempt with attempt 0', async () => {
    const results: ResultEvent[] = []
    const runs = createRunController({ adapters: [], hooks: { onResult: (e) => results.push(e) } })
    await runs.get(handle)
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ ok: false, attempt: 0 })
    expect(results[0]?.error?.code).toBe('NOT_SUPPORTED')
  })
})
