import { getEventListeners } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { raceSignal, watchAbort } from './abort-signal.js'
import { createCallScope, createSharedAbort, deadlineError, scopeEndError } from './call-signal.js'
import { RunError } from './run-error.js'
import { sleep } from './sleep.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const context = { provider: 'p', operation: 'get' as const }

describe('createCallScope', () => {
  it('fires with endedBy "deadline" when the timeout passes, and TIMEOUT is its error', async () => {
    const user = new AbortController()
    const scope = createCallScope({ signal: user.signal, timeoutMs: 1_000 })
    expect(scope.remainingMs()).toBe(1_000)
    await vi.advanceTimersByTimeAsync(400)
    expect(scope.remainingMs()).toBe(600)
    expect(scope.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(600)
    expect(scope.signal.aborted).toBe(true)
    expect(scope.endedBy).toBe('deadline')
    expect(scopeEndError(scope, context).code).toBe('TIMEOUT')
    // The deadline firing also releases the user's signal.
    expect(getEventListeners(user.signal, 'abort')).toHaveLength(0)
  })

  it('fires with endedBy "abort" when the user aborts, and ABORTED is its error', () => {
    const user = new AbortController()
    const scope = createCallScope({ signal: user.signal, timeoutMs: 1_000 })
    expect(getEventListeners(user.signal, 'abort')).toHaveLength(1)
    user.abort('stop it')
    expect(scope.endedBy).toBe('abort')
    expect(scope.signal.reason).toBe('stop it')
    const error = scopeEndError(scope, context)
    expect(error.code).toBe('ABORTED')
    expect(error.cause).toBe('stop it')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('adds no listener for an already aborted signal and ends at once', () => {
    const signal = AbortSignal.abort()
    const scope = createCallScope({ signal })
    expect(scope.signal.aborted).toBe(true)
    expect(scope.endedBy).toBe('abort')
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
  })

  it('without a signal or a deadline, shares one signal that never fires and races without a listener', async () => {
    const first = createCallScope()
    const second = createCallScope({ timeoutMs: Number.POSITIVE_INFINITY })
    expect(second.signal).toBe(first.signal)
    expect(first.signal.aborted).toBe(false)
    expect(first.endedBy).toBeUndefined()
    expect(first.remainingMs()).toBe(Number.POSITIVE_INFINITY)
    first.dispose()
    expect(second.signal.aborted).toBe(false)
    let resolveWork: (value: number) => void = () => {}
    const raced = raceSignal(new Promise<number>((resolve) => (resolveWork = resolve)), first.signal)
    expect(getEventListeners(first.signal, 'abort')).toHaveLength(0)
    resolveWork(3)
    expect(await raced).toEqual({ done: true, value: 3 })
    // A scope with a signal still gets its own.
    expect(createCallScope({ signal: new AbortController().signal }).signal).not.toBe(first.signal)
  })

  it('treats a zero or negative timeout as already passed and a non-finite one as none', () => {
    expect(createCallScope({ timeoutMs: 0 }).endedBy).toBe('deadline')
    expect(createCallScope({ timeoutMs: -1 }).endedBy).toBe('deadline')
    const none = createCallScope({ timeoutMs: Number.POSITIVE_INFINITY })
    expect(none.remainingMs()).toBe(Number.POSITIVE_INFINITY)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('dispose removes the user listener and the deadline timer, and is idempotent', () => {
    const user = new AbortController()
    const scope = createCallScope({ signal: user.signal, timeoutMs: 5_000 })
    expect(vi.getTimerCount()).toBe(1)
    scope.dispose()
    scope.dispose()
    expect(getEventListeners(user.signal, 'abort')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    user.abort()
    expect(scope.signal.aborted).toBe(false)
  })

  it("a shared signal (a batch's) is the call's own signal: no follower, same errors as a followed one", async () => {
    const shared = createSharedAbort()
    const followed = new AbortController()
    const direct = createCallScope({ signal: shared.signal })
    const viaFollower = createCallScope({ signal: followed.signal })
    expect(direct.signal).toBe(shared.signal)
    expect(viaFollower.signal).not.toBe(followed.signal)
    // The shared signal keeps its one listener (its races' own) whatever the calls and races on it.
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1)
    expect(direct.endedBy).toBeUndefined()
    expect(direct.abortReason).toBeUndefined()
    expect(direct.remainingMs()).toBe(Number.POSITIVE_INFINITY)
    const stuck = raceSignal(new Promise<never>(() => {}), direct.signal)
    const won = raceSignal(Promise.resolve(5), direct.signal)
    expect(await won).toEqual({ done: true, value: 5 })
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1)
    shared.abort('batch over')
    // A race on a shared signal ends as soon as it fires, without waiting for its work.
    expect(await stuck).toEqual({ done: false })
    followed.abort('batch over')
    for (const scope of [direct, viaFollower]) {
      expect(scope.signal.aborted).toBe(true)
      expect(scope.endedBy).toBe('abort')
      expect(scope.abortReason).toBe('batch over')
      const error = scopeEndError(scope, context, undefined, 1)
      expect([error.code, error.cause, error.details]).toEqual(['ABORTED', 'batch over', { attempts: 1 }])
    }
    // With a deadline a call still gets its own signal, following the shared one.
    const again = createSharedAbort()
    const timed = createCallScope({ signal: again.signal, timeoutMs: 1_000 })
    expect(timed.signal).not.toBe(again.signal)
    // Its races' listener, and the follower.
    expect(getEventListeners(again.signal, 'abort')).toHaveLength(2)
    again.abort('late')
    expect(timed.endedBy).toBe('abort')
  })

  it('holds a deadline longer than the timer limit without firing early', async () => {
    const scope = createCallScope({ timeoutMs: 2 ** 31 + 5_000 })
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1)
    expect(scope.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(5_001)
    expect(scope.endedBy).toBe('deadline')
  })
})

describe('raceSignal', () => {
  it('answers the work when it settles first and removes its listener', async () => {
    const controller = new AbortController()
    const raced = await raceSignal(Promise.resolve(7), controller.signal)
    expect(raced).toEqual({ done: true, value: 7 })
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('answers as soon as the signal fires, without waiting for the work', async () => {
    const controller = new AbortController()
    const pending = raceSignal(new Promise(() => {}), controller.signal)
    controller.abort()
    expect(await pending).toEqual({ done: false })
  })
})

describe('watchAbort', () => {
  it('gives a signal one listener for all its watchers; a watcher that stopped is not called', () => {
    const controller = new AbortController()
    const seen: string[] = []
    const unwatchFirst = watchAbort(controller.signal, () => seen.push('first'))
    watchAbort(controller.signal, () => seen.push('second'))
    watchAbort(controller.signal, () => seen.push('third'))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    unwatchFirst()
    controller.abort()
    expect(seen).toEqual(['second', 'third'])
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it("joins a shared signal's racers: no listener of its own", () => {
    const shared = createSharedAbort()
    const before = getEventListeners(shared.signal, 'abort').length
    const seen: string[] = []
    watchAbort(shared.signal, () => seen.push('watcher'))
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(before)
    shared.abort()
    expect(seen).toEqual(['watcher'])
  })
})

describe('deadlineError', () => {
  it('keeps the last error as cause and its codes in details', () => {
    const last = new RunError({
      code: 'THROTTLED',
      message: 'slow down',
      provider: 'p',
      providerCode: 'ThrottlingException',
    })
    const error = deadlineError(context, 500, last, 3)
    expect(error.code).toBe('TIMEOUT')
    expect(error.cause).toBe(last)
    expect(error.details).toEqual({
      timeoutMs: 500,
      attempts: 3,
      lastErrorCode: 'THROTTLED',
      providerCode: 'ThrottlingException',
    })
    expect(error.message).toContain('slow down')
  })
})

describe('sleep', () => {
  it('resolves true after the full time', async () => {
    let done: boolean | undefined
    void sleep(1_000).then((v) => {
      done = v
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toBe(true)
  })

  it('resolves false at once on abort, clearing its timer and listener', async () => {
    const controller = new AbortController()
    const pending = sleep(60_000, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    controller.abort()
    expect(await pending).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('removes its listener when it completes normally', async () => {
    const controller = new AbortController()
    const pending = sleep(10, controller.signal)
    await vi.advanceTimersByTimeAsync(10)
    expect(await pending).toBe(true)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('resolves false for an already aborted signal without a timer', async () => {
    expect(await sleep(10, AbortSignal.abort())).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })
})
