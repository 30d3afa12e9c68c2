import { err, errAsync, okAsync } from 'neverthrow'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRunController } from './controller.js'
import type { RunHooks } from './controller-types.js'
import type { RunHandle } from './run-handle.js'
import { createFakeAdapter, fakeError, snapshot, stopReply } from './test-support/fake-adapter.js'

const handle: RunHandle = { provider: 'fake', runId: 'r-1' }

// The controller's call path is a chunk that the process's first call loads (real I/O, which fake
// timers do not advance): loaded here, before the tests fake the timers.
beforeAll(async () => {
  await createRunController({ adapters: [] }).get(handle)
})
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

type Logged = [string, Record<string, unknown>]

/** Hooks that log every event in order, with its name. */
function recorder(): { hooks: RunHooks; log: Logged[] } {
  const log: Logged[] = []
  const hooks: RunHooks = {
    onCallStart: (e) => log.push(['start', { ...e }]),
    onAttempt: (e) => log.push(['attempt', { ...e }]),
    onRetry: (e) => log.push(['retry', { ...e }]),
    onResult: (e) => log.push(['result', { ...e }]),
    onCallEnd: (e) => log.push(['end', { ...e }]),
  }
  return { hooks, log }
}

describe('hooks: one callId per public call, with its start and end', () => {
  it('a retried stop: start, attempt, retry, attempt, result, end, all with one callId', async () => {
    const adapter = createFakeAdapter('fake', {
      stop: (h, _ctx, call) =>
        call === 1 ? errAsync(fakeError('THROTTLED')) : okAsync(stopReply(h, 'stopped')),
    })
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [adapter], hooks, random: () => 0 })
    const pending = runs.stop(handle)
    await vi.runAllTimersAsync()
    expect((await pending).isOk()).toBe(true)
    expect(log.map(([name]) => name)).toEqual(['start', 'attempt', 'retry', 'attempt', 'result', 'end'])
    const ids = new Set(log.map(([, e]) => e.callId))
    expect(ids.size).toBe(1)
    expect([...ids][0]).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/)
    expect(log[0]?.[1]).toEqual({
      callId: [...ids][0],
      method: 'stop',
      operation: 'stop',
      provider: 'fake',
      handle,
    })
    expect(log[5]?.[1]).toMatchObject({
      method: 'stop',
      attempts: 2,
      ok: true,
      value: { outcome: 'stopped' },
    })
  })

  it('two calls get two callIds; the events of each carry its own', async () => {
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [createFakeAdapter()], hooks })
    await Promise.all([runs.get(handle), runs.get({ provider: 'fake', runId: 'r-2' })])
    const byId = new Map<unknown, string[]>()
    for (const [name, event] of log) byId.set(event.callId, [...(byId.get(event.callId) ?? []), name])
    expect([...byId.values()]).toEqual([
      ['start', 'attempt', 'result', 'end'],
      ['start', 'attempt', 'result', 'end'],
    ])
  })

  it('waitForTerminal: every poll shares the call id; onCallEnd comes once, counting every request', async () => {
    const adapter = createFakeAdapter('fake', {
      get: (h, _ctx, call) => okAsync(snapshot(h, call < 3 ? 'running' : 'succeeded')),
    })
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [adapter], hooks, random: () => 0 })
    const pending = runs.waitForTerminal(handle, { pollIntervalMs: 10 })
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrap().status).toBe('succeeded')
    expect(new Set(log.map(([, e]) => e.callId)).size).toBe(1)
    expect(log.filter(([name]) => name === 'result')).toHaveLength(3)
    const ends = log.filter(([name]) => name === 'end')
    expect(ends).toHaveLength(1)
    expect(ends[0]?.[1]).toMatchObject({ method: 'waitForTerminal', operation: 'get', attempts: 3, ok: true })
  })

  it('stop with wait: the stop and its polls are one call', async () => {
    const adapter = createFakeAdapter('fake', { get: (h) => okAsync(snapshot(h, 'stopped')) })
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [adapter], hooks })
    const pending = runs.stop(handle, { wait: { pollIntervalMs: 5 } })
    await vi.runAllTimersAsync()
    expect((await pending)._unsafeUnwrap().outcome).toBe('stopped')
    expect(new Set(log.map(([, e]) => e.callId)).size).toBe(1)
    expect(log.map(([name, e]) => `${name}:${e.operation}`)).toEqual([
      'start:stop',
      'attempt:stop',
      'result:stop',
      'attempt:get',
      'result:get',
      'end:stop',
    ])
    expect(log.at(-1)?.[1]).toMatchObject({ attempts: 2, value: { outcome: 'stopped', status: 'stopped' } })
  })

  it('a handle that fails validation: start and end (attempts 0) with the error, nothing sent', async () => {
    const adapter = createFakeAdapter('fake', {
      validate: () => err(fakeError('VALIDATION')),
    })
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [adapter], hooks })
    await runs.get(handle)
    expect(log.map(([name]) => name)).toEqual(['start', 'result', 'end'])
    expect(log[2]?.[1]).toMatchObject({ method: 'get', ok: false, attempts: 0, provider: 'fake', handle })
    expect(log[2]?.[1].error).toMatchObject({ code: 'VALIDATION' })
    expect(adapter.calls.get).toBe(0)
  })

  it('each stop of stopMany is its own call', async () => {
    const { hooks, log } = recorder()
    const runs = createRunController({ adapters: [createFakeAdapter()], hooks })
    const report = await runs.stopMany([handle, { provider: 'fake', runId: 'r-2' }])
    expect(report.total).toBe(2)
    const ends = log.filter(([name]) => name === 'end')
    expect(ends.map(([, e]) => e.ok)).toEqual([true, true])
    expect(new Set(ends.map(([, e]) => e.callId)).size).toBe(2)
  })

  it('a throwing onCallStart or onCallEnd does not change the result', async () => {
    const runs = createRunController({
      adapters: [createFakeAdapter()],
      hooks: {
        onCallStart: () => {
          throw new Error('hook bug')
        },
        onCallEnd: () => {
          throw new Error('hook bug')
        },
      },
    })
    expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
  })
})
