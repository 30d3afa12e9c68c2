import { getEventListeners } from 'node:events'
import { createRequire } from 'node:module'
import { errAsync, okAsync, ResultAsync } from 'neverthrow'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRunController } from './controller.js'
import type { RunHooks } from './controller-types.js'
import type { RunHandle } from './run-handle.js'
import {
  createFakeAdapter,
  type FakeBehaviour,
  fakeError,
  snapshot,
  stopReply,
} from './test-support/fake-adapter.js'

// The controller skips work nobody can observe: no hook events (nor call ids) without hooks, no
// race and no async loop for a first attempt that nothing can end early, a shared signal for a
// batch's stops. These tests hold the fast paths to the slow ones: same results, same errors.

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const handle: RunHandle = { provider: 'fake', runId: 'r-1' }

/** Adapter behaviours covering every way an attempt can end. */
const behaviours: Record<string, FakeBehaviour> = {
  'stops at once': { stop: (h) => okAsync(stopReply(h, 'stopped')) },
  'a final error': { stop: () => errAsync(fakeError('NOT_FOUND')) },
  'throttled once, then stops': {
    stop: (h, _ctx, call) =>
      call === 1 ? errAsync(fakeError('THROTTLED', { retryAfterMs: 50 })) : okAsync(stopReply(h)),
  },
  'throttled every time': { stop: () => errAsync(fakeError('THROTTLED')) },
  throws: {
    stop: () => {
      throw new Error('adapter bug')
    },
  },
  rejects: { stop: () => Promise.reject(new Error('lost')) },
  'a ResultAsync whose promise rejects': {
    stop: () => new ResultAsync(Promise.reject(new Error('inner'))),
  },
  'something that is not a Result': { stop: () => Promise.resolve({ hello: 'world' }) },
  'a foreign Result-like Ok': {
    stop: (h) => Promise.resolve({ isOk: () => true, value: stopReply(h, 'already_terminal', 'succeeded') }),
  },
  'a plain promise of a Result': { stop: (h) => Promise.resolve(okAsync(stopReply(h))) },
}

/** What a result says, without object identity. */
function summary(
  result: Awaited<ReturnType<ReturnType<typeof createRunController>['stop' | 'get']>>,
): unknown {
  return result.isOk()
    ? { ok: result.value }
    : {
        code: result.error.code,
        message: result.error.message,
        details: result.error.details,
        handle: result.error.handle,
        cause: result.error.cause instanceof Error ? result.error.cause.message : result.error.cause,
      }
}

function hooksThatCount(): { hooks: RunHooks; events: string[] } {
  const events: string[] = []
  return {
    events,
    hooks: {
      onCallStart: () => events.push('start'),
      onAttempt: () => events.push('attempt'),
      onRetry: () => events.push('retry'),
      onResult: () => events.push('result'),
      onCallEnd: () => events.push('end'),
    },
  }
}

/** The same ways of ending, for a get. */
const getBehaviours: Record<string, FakeBehaviour> = {
  'reads at once': { get: (h) => okAsync(snapshot(h, 'running', 'RUNNING')) },
  'a final error': { get: () => errAsync(fakeError('NOT_FOUND')) },
  'throttled once, then reads': {
    get: (h, _ctx, call) =>
      call === 1 ? errAsync(fakeError('THROTTLED', { retryAfterMs: 50 })) : okAsync(snapshot(h, 'stopped')),
  },
  'throttled every time': { get: () => errAsync(fakeError('THROTTLED')) },
  throws: {
    get: () => {
      throw new Error('adapter bug')
    },
  },
  rejects: { get: () => Promise.reject(new Error('lost')) },
  'a ResultAsync whose promise rejects': { get: () => new ResultAsync(Promise.reject(new Error('inner'))) },
  'something that is not a Result': { get: () => Promise.resolve({ hello: 'world' }) },
}

async function stopWith(
  behaviour: FakeBehaviour,
  options: { hooks?: RunHooks; signal?: AbortSignal; timeoutMs?: number },
  method: 'stop' | 'get' = 'stop',
): Promise<unknown> {
  const runs = createRunController({
    adapters: [createFakeAdapter('fake', behaviour)],
    random: () => 0.5,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
  })
  const callOptions = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }
  const pending = method === 'stop' ? runs.stop(handle, callOptions) : runs.get(handle, callOptions)
  await vi.runAllTimersAsync()
  return summary(await pending)
}

describe('fast paths answer what the slow paths answer', () => {
  for (const [name, behaviour] of Object.entries(behaviours))
    it(`${name}: the same result with and without hooks, a signal or a deadline`, async () => {
      const plain = await stopWith(behaviour, {})
      const { hooks, events } = hooksThatCount()
      const observed = await stopWith(behaviour, { hooks })
      const signalled = await stopWith(behaviour, { signal: new AbortController().signal })
      const timed = await stopWith(behaviour, { timeoutMs: 60_000 })
      expect(observed).toEqual(plain)
      expect(signalled).toEqual(plain)
      expect(timed).toEqual(plain)
      // The hooks saw the call: one start and one end, one result, at least one attempt.
      expect(events[0]).toBe('start')
      expect(events.at(-1)).toBe('end')
      expect(events.filter((e) => e === 'result')).toHaveLength(1)
      expect(events.filter((e) => e === 'attempt').length).toBeGreaterThanOrEqual(1)
    })
  // A single get takes the stop's path (no scope, race, events or call id it does not need).
  for (const [name, behaviour] of Object.entries(getBehaviours))
    it(`get, ${name}: the same result with and without hooks, a signal or a deadline`, async () => {
      const plain = await stopWith(behaviour, {}, 'get')
      const { hooks, events } = hooksThatCount()
      const observed = await stopWith(behaviour, { hooks }, 'get')
      const signalled = await stopWith(behaviour, { signal: new AbortController().signal }, 'get')
      const timed = await stopWith(behaviour, { timeoutMs: 60_000 }, 'get')
      expect(observed).toEqual(plain)
      expect(signalled).toEqual(plain)
      expect(timed).toEqual(plain)
      expect(events[0]).toBe('start')
      expect(events.at(-1)).toBe('end')
      expect(events.filter((e) => e === 'result')).toHaveLength(1)
      expect(events.filter((e) => e === 'attempt').length).toBeGreaterThanOrEqual(1)
    })

  it('a batch gives the same entries whether or not hooks are registered, as stopMany and as stopEach', async () => {
    // Every third run is throttled on its first attempt, then stops.
    const throttled = new Set<string>()
    const behaviour: FakeBehaviour = {
      stop: (h) => {
        const id = String(h.runId)
        if (id === 'bad') return errAsync(fakeError('NOT_FOUND'))
        if (Number(id.slice(2)) % 3 === 0 && !throttled.has(id)) {
          throttled.add(id)
          return errAsync(fakeError('THROTTLED'))
        }
        return okAsync(stopReply(h, 'stopped'))
      },
    }
    const input = [
      ...Array.from({ length: 30 }, (_, i) => ({ provider: 'fake', runId: `r-${i}` })),
      { provider: 'fake', runId: 'bad' },
      { provider: 'nope', runId: 'x' },
      'not a handle',
    ]
    const run = async (hooks?: RunHooks) => {
      const runs = createRunController({
        adapters: [createFakeAdapter('fake', behaviour)],
        random: () => 0,
        ...(hooks === undefined ? {} : { hooks }),
      })
      // The first batch imports the batch engine (a chunk of its own) before it starts: done here,
      // before the fake clock is driven.
      await runs.stopMany([])
      const many = runs.stopMany(input, { concurrency: 4 })
      await vi.runAllTimersAsync()
      const report = await many
      throttled.clear()
      const streamed: unknown[] = []
      const each = (async () => {
        for await (const entry of runs.stopEach(input, { concurrency: 4 }))
          streamed.push({ given: entry.given, result: summary(entry.result) })
      })()
      await vi.runAllTimersAsync()
      await each
      const byGiven = (a: { given: unknown }, b: { given: unknown }) =>
        JSON.stringify(a.given).localeCompare(JSON.stringify(b.given))
      return {
        counts: report.counts,
        stopped: report.stopped.map((r) => r.handle.runId).sort(),
        failed: report.failed.map((f) => [f.handle, f.error.code]).sort(),
        streamed: (streamed as { given: unknown }[]).sort(byGiven),
      }
    }
    const { hooks, events } = hooksThatCount()
    const observed = await run(hooks)
    throttled.clear()
    const plain = await run()
    expect(observed).toEqual(plain)
    expect(plain.counts).toMatchObject({ stopped: 30, failed: 3 })
    // Every stop of both batches was one call for the hooks (the unparsable string never was).
    expect(events.filter((e) => e === 'end')).toHaveLength(2 * 32)
  })
})

describe('a hook that cannot even be read', () => {
  it('ends the call UNKNOWN, never a rejection, and leaves no listener on the caller signal', async () => {
    const hooks = {} as RunHooks
    Object.defineProperty(hooks, 'onAttempt', {
      get() {
        throw new Error('hostile hooks')
      },
    })
    const runs = createRunController({
      adapters: [createFakeAdapter('fake', behaviours['stops at once'])],
      hooks,
    })
    const caller = new AbortController().signal
    for (const options of [{}, { signal: caller }, { timeoutMs: 60_000 }]) {
      const result = await runs.stop(handle, options)
      expect(result.isErr() && result.error.code).toBe('UNKNOWN')
      expect(getEventListeners(caller, 'abort')).toHaveLength(0)
      expect(vi.getTimerCount()).toBe(0)
    }
  })
})

describe('an adapter answering with ResultAsyncs of another neverthrow copy', () => {
  // An adapter that imports `neverthrow` itself may get its CommonJS build while runstop uses the
  // ES one: the controller follows such a ResultAsync's own promise, with the same results.
  // The copy that is not the one these sources import (which build that is depends on the runner).
  const require = createRequire(import.meta.url)
  const cjs = require('neverthrow') as typeof import('neverthrow')
  const other: typeof import('neverthrow') =
    cjs.ResultAsync === ResultAsync
      ? require(require.resolve('neverthrow').replace(/index\.cjs\.js$/, 'index.es.js'))
      : cjs
  const foreign = (stop: () => unknown) => ({
    specificationVersion: 'v1' as const,
    provider: 'fake',
    capabilities: {
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: false,
      perHandleRegion: false,
      list: false,
      listStatusFilter: false,
    },
    validate: (h: RunHandle) => other.ok(h),
    doStop: stop as never,
    doGet: (() => other.okAsync(snapshot(handle, 'running'))) as never,
  })

  it('is another copy indeed', () => {
    expect(other.okAsync(1)).not.toBeInstanceOf(ResultAsync)
  })

  it('an Ok, an Err and a rejected promise settle as from our own copy', async () => {
    vi.useRealTimers()
    const ok = createRunController({ adapters: [foreign(() => other.okAsync(stopReply(handle, 'stopped')))] })
    expect((await ok.stop(handle))._unsafeUnwrap().outcome).toBe('stopped')
    expect((await ok.get(handle))._unsafeUnwrap().status).toBe('running')
    const failing = createRunController({
      adapters: [foreign(() => other.errAsync(fakeError('NOT_FOUND')))],
      retry: false,
    })
    const error = (await failing.stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'NOT_FOUND', operation: 'stop', handle })
    const rejecting = createRunController({
      adapters: [foreign(() => new other.ResultAsync(Promise.reject(new Error('lost'))))],
      retry: false,
    })
    const unknown = (await rejecting.stop(handle))._unsafeUnwrapErr()
    expect(unknown.code).toBe('UNKNOWN')
    expect((unknown.cause as Error).message).toBe('lost')
    const report = await ok.stopMany([handle, { ...handle, runId: 'r-2' }])
    expect(report.counts).toMatchObject({ stopped: 2, failed: 0 })
  })
})
