import { err, ok, okAsync, type Result, ResultAsync } from 'neverthrow'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { isOutcomeUnknown } from './batch-defaults.js'

import { createRunController } from './controller.js'
import type { BatchEntry } from './controller-types.js'
import { formatHandle } from './handle-codec.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { StopResult } from './stop-result.js'
import { createFakeAdapter, fakeError, stopReply } from './test-support/fake-adapter.js'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A stop that finishes when the test says so: `release(id)` or `releaseAll()`. */
function controlledProvider(name: string) {
  const pending = new Map<string, (result: Result<StopResult, RunError>) => void>()
  const started: string[] = []
  const adapter = createFakeAdapter(name, {
    stop: (h) =>
      new ResultAsync(
        new Promise<Result<StopResult, RunError>>((resolve) => {
          started.push(h.runId as string)
          pending.set(h.runId as string, resolve)
        }),
      ),
  })
  return {
    adapter,
    started,
    get pending() {
      return pending.size
    },
    releaseAll() {
      for (const [id, resolve] of pending) {
        pending.delete(id)
        resolve(ok(stopReply({ provider: name, runId: id }, 'stopped')))
      }
    },
  }
}

/** Adapters answering after a macrotask, by the number in the handle: 4 outcomes in turn. */
function mixedProvider(name: string) {
  return createFakeAdapter(name, {
    stop: (h) =>
      new ResultAsync(
        tick().then((): Result<StopResult, RunError> => {
          const n = Number(h.runId)
          if (n % 4 === 0) return ok({ ...stopReply(h, 'stopped'), raw: { big: 'x'.repeat(100) } })
          if (n % 4 === 1) return ok(stopReply(h, 'stop_requested'))
          if (n % 4 === 2) return ok(stopReply(h, 'already_terminal', 'succeeded'))
          return err(fakeError('NOT_FOUND'))
        }),
      ),
  })
}

async function collect(stream: AsyncIterable<BatchEntry>): Promise<BatchEntry[]> {
  const out: BatchEntry[] = []
  for await (const entry of stream) out.push(entry)
  return out
}

afterEach(() => {
  vi.useRealTimers()
})

describe('stopEach', () => {
  it('yields every input handle exactly once, as it finishes, from sync and async input', async () => {
    const runs = createRunController({ adapters: [mixedProvider('a'), mixedProvider('b')], retry: false })
    const handles: (RunHandle | string)[] = Array.from({ length: 3_000 }, (_, i) => {
      const h: RunHandle = { provider: i % 2 ? 'a' : 'b', runId: String(i) }
      return i % 3 === 0 ? formatHandle(h) : h
    })
    handles.push('not a handle', { nope: true } as unknown as RunHandle)
    async function* slowly() {
      for (const h of handles) {
        if (Math.random() < 0.01) await tick()
        yield h
      }
    }
    for (const input of [handles, slowly()]) {
      const stream = runs.stopEach(input, { concurrency: 12, perProvider: 5 })
      const entries = await collect(stream)
      expect(entries).toHaveLength(handles.length)
      const seen = new Map<unknown, number>()
      for (const e of entries) seen.set(e.given, (seen.get(e.given) ?? 0) + 1)
      expect(seen.size).toBe(handles.length)
      expect([...seen.values()].every((n) => n === 1)).toBe(true)
      // The bad inputs are reported, as given, without a checked handle.
      const bad = entries.filter((e) => e.handle === undefined)
      expect(bad.map((e) => e.given)).toEqual(expect.arrayContaining(['not a handle', { nope: true }]))
      expect(bad.every((e) => e.result.isErr() && e.result.error.code === 'VALIDATION')).toBe(true)
      const summary = stream.summary()
      expect(summary.total).toBe(handles.length)
      expect(summary.counts).toEqual({
        stopped: 750,
        stopRequested: 750,
        alreadyTerminal: 750,
        failed: 752,
        outcomeUnknown: 0,
      })
    }
  })

  it('lanes never block each other: a stalled provider first in the input does not stop another', async () => {
    const stalled = controlledProvider('stalled')
    const fast = mixedProvider('fast')
    const runs = createRunController({ adapters: [stalled.adapter, fast], retry: false })
    // Sorted by provider, as an export is: 500 stalled handles, then 1,000 for the fast provider.
    const input = [
      ...Array.from({ length: 500 }, (_, i) => ({ provider: 'stalled', runId: `s${i}` })),
      ...Array.from({ length: 1_000 }, (_, i) => ({ provider: 'fast', runId: String(i) })),
    ]
    const finished: BatchEntry[] = []
    const iterator = runs.stopEach(input, { concurrency: 16, perProvider: 4 })[Symbol.asyncIterator]()
    for (let i = 0; i < 1_000; i++) {
      const step = await iterator.next()
      finished.push(step.value as BatchEntry)
    }
    // Every fast stop finished while the stalled provider holds its 4 stops and 496 wait behind.
    expect(finished.every((e) => e.handle?.provider === 'fast')).toBe(true)
    expect(stalled.started).toHaveLength(4)
    stalled.releaseAll()
    for (;;) {
      const step = await iterator.next()
      if (step.done) break
      finished.push(step.value)
      stalled.releaseAll()
      await tick()
      stalled.releaseAll()
    }
    expect(finished).toHaveLength(1_500)
  })

  it('backpressure: a consumer that does not pull stops the dispatch and the reading', async () => {
    const runs = createRunController({ adapters: [mixedProvider('a')], retry: false })
    let pulled = 0
    function* handles() {
      for (let i = 0; i < 10_000; i++) {
        pulled++
        yield { provider: 'a', runId: String(i) }
      }
    }
    const adapter = runs
    const stream = adapter.stopEach(handles(), { concurrency: 8, perProvider: 8, readAhead: 50 })
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    for (let i = 0; i < 50; i++) await tick()
    // Finished but unread entries count against the concurrency: 8 at most, then nothing is sent.
    const done = () => {
      const c = stream.summary().counts
      return c.stopped + c.stopRequested + c.alreadyTerminal + c.failed
    }
    expect(done()).toBeLessThanOrEqual(1 + 8)
    expect(pulled).toBeLessThanOrEqual(1 + 50 + 1)
    const stalledAt = done()
    for (let i = 0; i < 50; i++) await tick()
    expect(done()).toBe(stalledAt)
    // Pulling again resumes it.
    for (let i = 0; i < 100; i++) await iterator.next()
    expect(done()).toBeGreaterThan(100)
  })

  it('leaving the loop early aborts the batch: no more reading or sending, the input is closed', async () => {
    const provider = controlledProvider('a')
    const runs = createRunController({ adapters: [provider.adapter], retry: false })
    let closed = false
    function* handles() {
      try {
        for (let i = 0; ; i++) yield { provider: 'a', runId: String(i) }
      } finally {
        closed = true
      }
    }
    const stream = runs.stopEach(handles(), { concurrency: 4, perProvider: 4, readAhead: 10 })
    const releaser = setInterval(() => provider.releaseAll(), 1)
    let seen = 0
    for await (const entry of stream) {
      seen++
      expect(entry.result.isOk()).toBe(true)
      if (seen === 3) break
    }
    clearInterval(releaser)
    expect(closed).toBe(true)
    const sent = provider.started.length
    await tick()
    await tick()
    expect(provider.started.length).toBe(sent)
    expect(stream.summary().aborted).toBe(true)
  })

  it('a batch whose slots are all busy reads no further than one round of stops ahead', async () => {
    const provider = controlledProvider('a')
    const runs = createRunController({ adapters: [provider.adapter], retry: false })
    let pulled = 0
    function* handles() {
      for (let i = 0; i < 1_000; i++) {
        pulled++
        yield { provider: 'a', runId: String(i) }
      }
    }
    const report = runs.stopMany(handles(), { concurrency: 4, perProvider: 4, readAhead: 500 })
    for (let i = 0; i < 5; i++) await tick()
    // 4 stops in flight fill every slot: 4 more wait, queued; nothing else is read.
    expect(provider.started).toHaveLength(4)
    expect(pulled).toBeLessThanOrEqual(4 + 4 + 1)
    // Each finished stop lets one more be read, not a burst.
    provider.releaseAll()
    for (let i = 0; i < 5; i++) await tick()
    expect(provider.started).toHaveLength(8)
    expect(pulled).toBeLessThanOrEqual(8 + 4 + 1)
    for (;;) {
      provider.releaseAll()
      await tick()
      if (provider.started.length === 1_000) break
    }
    provider.releaseAll()
    expect((await report).counts.stopped).toBe(1_000)
  })

  it('keeps a null raw as it is: there is nothing to drop', async () => {
    const adapter = createFakeAdapter('a', {
      stop: (h) => okAsync({ ...stopReply(h, 'stopped'), raw: null }),
    })
    const runs = createRunController({ adapters: [adapter], retry: false })
    const [entry] = await collect(runs.stopEach([{ provider: 'a', runId: '1' }]))
    expect(entry?.result.isOk() && entry.result.value.raw).toBeNull()
  })

  it('drops raw from results unless keepRaw', async () => {
    const runs = createRunController({ adapters: [mixedProvider('a')], retry: false })
    const input = [{ provider: 'a', runId: '0' }]
    const [plain] = await collect(runs.stopEach(input))
    expect(plain?.result.isOk() && plain.result.value.raw).toBeUndefined()
    const [kept] = await collect(runs.stopEach(input, { keepRaw: true }))
    expect(kept?.result.isOk() && kept.result.value.raw).toEqual({ big: 'x'.repeat(100) })
    const report = await runs.stopMany(input)
    expect(report.stopped[0]?.raw).toBeUndefined()
    expect((await runs.stopMany(input, { keepRaw: true })).stopped[0]?.raw).toEqual({ big: 'x'.repeat(100) })
  })
})

describe('stopMany keep modes and counts', () => {
  const input = Array.from({ length: 40 }, (_, i) => ({ provider: 'a', runId: String(i) }))
  const counts = { stopped: 10, stopRequested: 10, alreadyTerminal: 10, failed: 10, outcomeUnknown: 0 }

  it.each([
    ['all', 10, 10],
    ['failures', 0, 10],
    ['none', 0, 0],
  ] as const)(
    'keep: %s keeps %i results of each kind and %i failures; counts are complete',
    async (keep, results, failures) => {
      const runs = createRunController({ adapters: [mixedProvider('a')], retry: false })
      const report = await runs.stopMany(input, { keep })
      expect(report.counts).toEqual(counts)
      expect(report.total).toBe(40)
      expect(report.stopped).toHaveLength(results)
      expect(report.stopRequested).toHaveLength(results)
      expect(report.alreadyTerminal).toHaveLength(results)
      expect(report.failed).toHaveLength(failures)
    },
  )

  it('counts as outcomeUnknown the failures that were sent before an abort or a deadline', async () => {
    const sent = (code: 'ABORTED' | 'TIMEOUT', wasSent: boolean) =>
      new RunError({ code, message: code, provider: 'a', details: { sent: wasSent } })
    const answers = [
      sent('ABORTED', true),
      sent('TIMEOUT', true),
      sent('ABORTED', false),
      fakeError('NOT_FOUND'),
    ]
    const adapter = createFakeAdapter('a', {
      stop: (_h, _ctx, call) =>
        ResultAsync.fromSafePromise(tick()).andThen(() => err(answers[call - 1] as RunError)),
    })
    const runs = createRunController({ adapters: [adapter], retry: false })
    const report = await runs.stopMany(input.slice(0, 4), { concurrency: 1 })
    expect(report.counts).toMatchObject({ failed: 4, outcomeUnknown: 2 })
    expect(report.failed.map((f) => isOutcomeUnknown(f.error))).toEqual([true, true, false, false])
  })
})

describe('batch retries and lanes', () => {
  it('a stop sleeping before its retry holds no slot: other stops of its lane go meanwhile', async () => {
    vi.useFakeTimers()
    const sentAt: [string, number][] = []
    const adapter = createFakeAdapter('a', {
      stop: (h, _ctx, call) => {
        sentAt.push([h.runId as string, Date.now()])
        const answer: Result<StopResult, RunError> =
          call === 1 ? err(fakeError('THROTTLED', { retryAfterMs: 1_000 })) : ok(stopReply(h, 'stopped'))
        return ResultAsync.fromSafePromise(new Promise((r) => setTimeout(r, 10))).andThen(() => answer)
      },
    })
    const runs = createRunController({ adapters: [adapter], retry: { maxAttempts: 3, baseDelayMs: 1 } })
    const input = Array.from({ length: 5 }, (_, i) => ({ provider: 'a', runId: String(i) }))
    const pending = runs.stopMany(input, { concurrency: 1, perProvider: 1 })
    await vi.advanceTimersByTimeAsync(500)
    // Run 0 was throttled and sleeps 1 s before its retry; runs 1–4 went one at a time meanwhile.
    expect(sentAt.map(([id]) => id)).toEqual(['0', '1', '2', '3', '4'])
    await vi.advanceTimersByTimeAsync(1_000)
    const report = await pending
    expect(report.counts.stopped).toBe(5)
    expect(sentAt.at(-1)?.[0]).toBe('0')
  })

  it('the occasional throttle does not narrow the lane: a provider throttling 1 in 40 keeps its full width', async () => {
    let active = 0
    let maxActiveLate = 0
    const adapter = createFakeAdapter('a', {
      stop: (h, _ctx, call) => {
        active++
        if (call > 1_000) maxActiveLate = Math.max(maxActiveLate, active)
        const answer: Result<StopResult, RunError> =
          call % 40 === 0 ? err(fakeError('THROTTLED')) : ok(stopReply(h, 'stopped'))
        return ResultAsync.fromSafePromise(tick()).andThen(() => {
          active--
          return answer
        })
      },
    })
    const runs = createRunController({
      adapters: [adapter],
      retry: { maxAttempts: 5, baseDelayMs: 0, maxDelayMs: 0 },
    })
    const input = Array.from({ length: 2_000 }, (_, i) => ({ provider: 'a', runId: String(i) }))
    const report = await runs.stopMany(input, { concurrency: 16, perProvider: 16 })
    expect(report.counts.stopped).toBe(2_000)
    expect(maxActiveLate).toBe(16)
  })
})
