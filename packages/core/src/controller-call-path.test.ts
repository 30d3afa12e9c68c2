import { ok, type Result, ResultAsync } from 'neverthrow'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createRunController } from './controller.js'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { StopResult } from './stop-result.js'
import { createFakeAdapter, stopReply } from './test-support/fake-adapter.js'

// The controller's call path (controller-calls.ts) is a chunk of core's bundle that the process's
// first call loads (cold start). `loadCalls` is the test seam standing for that import.

type CallsModule = typeof import('./controller-calls.js')

/** A load of the call path that waits until the test releases it. */
function heldLoad(): { load: () => Promise<CallsModule>; release: () => void } {
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  return { load: () => held.then(() => import('./controller-calls.js')), release }
}

/** A fake adapter that counts its close() calls. */
function closableAdapter(behaviour: Parameters<typeof createFakeAdapter>[1] = {}) {
  let closes = 0
  const adapter = Object.assign(createFakeAdapter('fake', behaviour), {
    close: async () => {
      closes++
    },
  })
  return { adapter, closes: () => closes }
}

describe('calls made while the call path loads', () => {
  it('are read at the moment of the call: the handle as it was, close() as it was', async () => {
    const { load, release } = heldLoad()
    const { adapter, closes } = closableAdapter()
    const onCallStart = vi.fn()
    const runs = createRunController({ adapters: [adapter], hooks: { onCallStart }, loadCalls: load })
    const handle = { provider: 'fake', runId: 'r-1' }
    const before = runs.stop(handle)
    // The caller changes its object, then closes the controller, before the call path is loaded.
    handle.runId = 'changed'
    const closing = runs.close()
    const after = runs.get({ provider: 'fake', runId: 'r-2' })
    await new Promise((resolve) => setImmediate(resolve))
    expect([adapter.calls.stop, adapter.calls.get, onCallStart.mock.calls.length, closes()]).toEqual([
      0, 0, 0, 0,
    ])
    release()
    // The stop made before close() is sent, with the handle as it was when the call was made.
    const stopped = await before
    expect(stopped.isOk() && stopped.value.handle).toEqual({ provider: 'fake', runId: 'r-1' })
    expect(adapter.calls.stop).toBe(1)
    // The get made after close() is refused, nothing sent.
    const refused = (await after)._unsafeUnwrapErr()
    expect([refused.code, refused.details]).toEqual(['ABORTED', { sent: false, closed: true }])
    expect(adapter.calls.get).toBe(0)
    await closing
    expect(closes()).toBe(1)
  })

  it('close() waits for a call made before it, even when the call path loads after close()', async () => {
    const { load, release } = heldLoad()
    let finish: () => void = () => {}
    const { adapter, closes } = closableAdapter({
      stop: (h) =>
        new ResultAsync(
          new Promise<Result<StopResult, RunError>>((resolve) => {
            finish = () => resolve(ok(stopReply(h)))
          }),
        ),
    })
    const runs = createRunController({ adapters: [adapter], loadCalls: load })
    const pending = runs.stop({ provider: 'fake', runId: 'r' })
    const closing = runs.close()
    release()
    await vi.waitFor(() => expect(adapter.calls.stop).toBe(1))
    await new Promise((resolve) => setImmediate(resolve))
    expect(closes()).toBe(0)
    finish()
    expect((await pending).isOk()).toBe(true)
    await closing
    expect(closes()).toBe(1)
  })
})

describe('a call path that cannot be loaded (a broken install)', () => {
  it('answers every call with an Err, sends nothing, ends batches and listings; the next call tries again', async () => {
    const missing = () => Promise.reject(new Error('Cannot find module chunks/controller-calls.js'))
    const loadCalls = vi.fn<() => Promise<CallsModule>>(missing)
    const { adapter, closes } = closableAdapter()
    const runs = createRunController({ adapters: [adapter], loadCalls })
    const handle: RunHandle = { provider: 'fake', runId: 'r-1' }

    const [stop, get, waited] = await Promise.all([
      runs.stop(handle),
      runs.get(handle),
      runs.waitForTerminal(handle),
    ])
    for (const [result, operation] of [
      [stop, 'stop'],
      [get, 'get'],
      [waited, 'get'],
    ] as const) {
      const error = result._unsafeUnwrapErr()
      expect([error.code, error.operation, error.provider, error.handle]).toEqual([
        'UNKNOWN',
        operation,
        'fake',
        handle,
      ])
      expect(error.message).toContain("Loading the controller's call path failed")
    }
    // The three calls shared one load.
    expect(loadCalls).toHaveBeenCalledTimes(1)
    // A handle that cannot even be copied keeps its own error (nothing would be sent anyway).
    const bad = (await runs.get(42 as never))._unsafeUnwrapErr()
    expect([bad.code, bad.operation]).toEqual(['VALIDATION', 'get'])

    // A batch ends, every handle reported once as failed; a listing ends with one Err.
    const report = await runs.stopMany([handle, { provider: 'fake', runId: 'r-2' }])
    expect([report.total, report.counts.failed, report.failed.length]).toEqual([2, 2, 2])
    const listed = []
    for await (const item of runs.listRuns({ provider: 'fake' })) listed.push(item)
    expect(listed).toHaveLength(1)
    expect(listed[0]?.isErr() && [listed[0].error.code, listed[0].error.operation]).toEqual([
      'UNKNOWN',
      'list',
    ])
    expect(adapter.calls.stop + adapter.calls.get).toBe(0)

    // Loadable again: the next call loads it and is sent.
    loadCalls.mockImplementation(() => import('./controller-calls.js'))
    expect((await runs.stop(handle)).isOk()).toBe(true)
    expect(adapter.calls.stop).toBe(1)
    await runs.close()
    expect(closes()).toBe(1)
  })

  it('close() of a controller whose load failed still closes its adapters', async () => {
    const { adapter, closes } = closableAdapter()
    const runs = createRunController({
      adapters: [adapter],
      loadCalls: () => Promise.reject(new Error('gone')),
    })
    expect((await runs.get({ provider: 'fake', runId: 'r' })).isErr()).toBe(true)
    await runs.close()
    expect(closes()).toBe(1)
  })
})

describe('once the call path is loaded', () => {
  // A batch loads it as a call does, an empty one included (what the README tells a test that
  // fakes timers to await first).
  beforeAll(async () => {
    await createRunController({ adapters: [] }).stopMany([])
  })

  it('a controller made after calls it at once: the call has started when stop() returns', () => {
    const onCallStart = vi.fn()
    const adapter = createFakeAdapter()
    const runs = createRunController({ adapters: [adapter], hooks: { onCallStart } })
    void runs.stop({ provider: 'fake', runId: 'r' })
    expect(onCallStart).toHaveBeenCalledTimes(1)
    expect(adapter.calls.stop).toBe(1)
  })
})
