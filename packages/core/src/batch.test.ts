import { getEventListeners } from 'node:events'
import { err, ok, type Result, ResultAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { createRunController } from './controller.js'
import type { BatchProgress, BatchStopReport } from './controller-types.js'
import { formatHandle, parseHandle } from './handle-codec.js'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { StopResult } from './stop-result.js'
import { createFakeAdapter, fakeError, stopReply } from './test-support/fake-adapter.js'

// Real timers throughout: the fakes answer after a macrotask (setImmediate), so stops overlap.
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The id of every handle in a report, in any of the four lists, counted. */
function reportedIds(report: BatchStopReport): Map<string, number> {
  const counts = new Map<string, number>()
  const add = (h: RunHandle | string) => {
    const id =
      typeof h === 'string'
        ? (parseHandle(h)
            .map((p) => p.runId)
            .unwrapOr(undefined) ?? h)
        : h.runId
    counts.set(String(id), (counts.get(String(id)) ?? 0) + 1)
  }
  for (const r of [...report.stopped, ...report.stopRequested, ...report.alreadyTerminal]) add(r.handle)
  for (const f of report.failed) add(f.handle)
  return counts
}

function expectEachOnce(report: BatchStopReport, ids: string[]) {
  const counts = reportedIds(report)
  expect(counts.size).toBe(ids.length)
  for (const id of ids) expect(counts.get(id)).toBe(1)
  const listed =
    report.stopped.length + report.stopRequested.length + report.alreadyTerminal.length + report.failed.length
  expect(listed).toBe(report.total)
}

/** Adapters sharing one global in-flight counter, answering by the handle's number. */
function trackedProviders(names: string[]) {
  const global = { inFlight: 0, max: 0 }
  const perProvider = new Map<string, { inFlight: number; max: number }>()
  const seen = new Set<string>()
  const adapters = names.map((name) => {
    const stats = { inFlight: 0, max: 0 }
    perProvider.set(name, stats)
    return createFakeAdapter(name, {
      stop: (h) =>
        new ResultAsync(
          (async (): Promise<Result<StopResult, RunError>> => {
            seen.add(h.runId as string)
            global.inFlight++
            stats.inFlight++
            global.max = Math.max(global.max, global.inFlight)
            stats.max = Math.max(stats.max, stats.inFlight)
            await tick()
            global.inFlight--
            stats.inFlight--
            const n = Number(h.runId)
            if (n % 4 === 0) return ok(stopReply(h, 'stopped'))
            if (n % 4 === 1) return ok(stopReply(h, 'stop_requested'))
            if (n % 4 === 2) return ok(stopReply(h, 'already_terminal', 'succeeded'))
            return err(fakeError('NOT_FOUND'))
          })(),
        ),
    })
  })
  return { adapters, global, perProvider, seen }
}

describe('stopMany', () => {
  it('stops 10,000 handles within the global and per-provider limits, reporting each once', async () => {
    const { adapters, global, perProvider } = trackedProviders(['a', 'b', 'c'])
    const runs = createRunController({ adapters })
    const providers = ['a', 'b', 'c']
    const ids = Array.from({ length: 10_000 }, (_, i) => String(i))
    // Provider c's handles arrive in string form.
    const input = ids.map((id, i) => {
      const h: RunHandle = { provider: providers[i % 3] as string, runId: id }
      return h.provider === 'c' ? formatHandle(h) : h
    })
    const progress: BatchProgress[] = []
    const limits = { a: 16, b: 4, c: 12 }
    const report = await runs.stopMany(input, {
      concurrency: 32,
      perProvider: limits,
      onProgress: (p) => progress.push(p),
    })
    expect(report.total).toBe(10_000)
    expect(report.aborted).toBe(false)
    expectEachOnce(report, ids)
    expect(report.stopped).toHaveLength(2_500)
    expect(report.stopRequested).toHaveLength(2_500)
    expect(report.alreadyTerminal).toHaveLength(2_500)
    expect(report.failed).toHaveLength(2_500)
    expect(report.failed.every((f) => f.error.code === 'NOT_FOUND')).toBe(true)
    // c's failures keep the string they were given.
    expect(report.failed.some((f) => typeof f.handle === 'string')).toBe(true)

    expect(global.max).toBeLessThanOrEqual(32)
    expect(global.max).toBeGreaterThan(16)
    for (const [name, limit] of Object.entries(limits)) {
      const stats = perProvider.get(name)
      expect(stats?.max).toBeLessThanOrEqual(limit)
      expect(stats?.max).toBeGreaterThan(1)
    }

    expect(progress).toHaveLength(10_000)
    progress.forEach((p, i) => {
      expect(p.done).toBe(i + 1)
      expect(p.total).toBe(10_000)
      expect(p.inFlight).toBeLessThanOrEqual(32)
    })
    expect(progress.at(-1)).toMatchObject({ done: 10_000, stopped: 2_500, failed: 2_500 })
  })

  it('applies the global limit when per-provider limits add up to more', async () => {
    const { adapters, global } = trackedProviders(['a', 'b'])
    const runs = createRunController({ adapters })
    const input = Array.from({ length: 2_000 }, (_, i) => ({ provider: i % 2 ? 'a' : 'b', runId: String(i) }))
    const report = await runs.stopMany(input, { concurrency: 10, perProvider: 8 })
    expect(report.total).toBe(2_000)
    expect(global.max).toBe(10)
  })

  it('reads the input lazily: never far ahead of completed stops', async () => {
    const { adapters } = trackedProviders(['a', 'b'])
    const runs = createRunController({ adapters })
    let pulled = 0
    let done = 0
    let maxAhead = 0
    function* handles() {
      for (let i = 0; i < 5_000; i++) {
        pulled++
        maxAhead = Math.max(maxAhead, pulled - done)
        yield { provider: i % 2 ? 'a' : 'b', runId: String(i) }
      }
    }
    const concurrency = 8
    const report = await runs.stopMany(handles(), {
      concurrency,
      perProvider: 2,
      onProgress: (p) => {
        done = p.done
        expect(p.total).toBeUndefined()
      },
    })
    expect(report.total).toBe(5_000)
    expect(pulled).toBe(5_000)
    // In flight plus the bounded queue (concurrency × 4), plus the one being read.
    expect(maxAhead).toBeLessThanOrEqual(concurrency * 5 + 1)
    // Per-provider limits of 2 leave global slots free, so the queue really is used (and bounded).
    expect(maxAhead).toBeGreaterThan(concurrency)
  })

  it('accepts an async iterable', async () => {
    const { adapters } = trackedProviders(['a'])
    const runs = createRunController({ adapters })
    async function* handles() {
      for (let i = 0; i < 100; i++) {
        await tick()
        yield formatHandle({ provider: 'a', runId: String(i) })
      }
    }
    const report = await runs.stopMany(handles())
    expectEachOnce(
      report,
      Array.from({ length: 100 }, (_, i) => String(i)),
    )
  })

  it('reports unparsable strings, malformed objects and unknown providers as failed, once each', async () => {
    const { adapters, seen } = trackedProviders(['a'])
    const runs = createRunController({ adapters })
    const report = await runs.stopMany([
      'not a handle',
      'runstop:a?runId=%E0%A4%A',
      { provider: 'a', runId: 7 } as unknown as RunHandle,
      { provider: 'zzz', runId: '8' },
      { provider: 'a', runId: '4' },
    ])
    expect(report.total).toBe(5)
    expect(report.stopped).toHaveLength(1)
    expect(report.failed.map((f) => f.error.code)).toEqual([
      'VALIDATION',
      'VALIDATION',
      'VALIDATION',
      'NOT_SUPPORTED',
    ])
    expect(report.failed[0]?.handle).toBe('not a handle')
    expect(report.failed[1]?.handle).toBe('runstop:a?runId=%E0%A4%A')
    expect([...seen]).toEqual(['4'])
  })

  it('on abort stops dispatching and reports every undispatched handle ABORTED, unsent', async () => {
    const { adapters, seen } = trackedProviders(['a', 'b'])
    const runs = createRunController({ adapters })
    const controller = new AbortController()
    let pulled = 0
    function* handles() {
      for (let i = 0; i < 10_000; i++) {
        pulled++
        yield { provider: i % 2 ? 'a' : 'b', runId: String(i) }
      }
    }
    const report = await runs.stopMany(handles(), {
      concurrency: 16,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 300) controller.abort()
      },
    })
    const sentAtReport = seen.size
    expect(report.aborted).toBe(true)
    expect(report.total).toBe(10_000)
    expect(pulled).toBe(10_000)
    expectEachOnce(
      report,
      Array.from({ length: 10_000 }, (_, i) => String(i)),
    )
    // Only what was dispatched before the abort reached the adapter.
    expect(sentAtReport).toBeGreaterThanOrEqual(300)
    expect(sentAtReport).toBeLessThan(300 + 16 * 5)
    const unsent = report.failed.filter((f) => !seen.has((f.handle as RunHandle).runId as string))
    expect(unsent).toHaveLength(10_000 - sentAtReport)
    expect(unsent.every((f) => f.error.code === 'ABORTED')).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen.size).toBe(sentAtReport)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('ends stops in flight with ABORTED when the signal fires', async () => {
    const adapter = createFakeAdapter('a', { stop: () => new Promise(() => {}) })
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const input = Array.from({ length: 50 }, (_, i) => ({ provider: 'a', runId: String(i) }))
    setTimeout(() => controller.abort(), 10)
    const report = await runs.stopMany(input, { concurrency: 4, perProvider: 4, signal: controller.signal })
    expect(report.aborted).toBe(true)
    expect(adapter.calls.stop).toBe(4)
    expect(report.failed).toHaveLength(50)
    expect(report.failed.every((f) => f.error.code === 'ABORTED')).toBe(true)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const adapter = createFakeAdapter('a')
    const runs = createRunController({ adapters: [adapter] })
    const report = await runs.stopMany(['runstop:a?runId=1', { provider: 'a', runId: '2' }], {
      signal: AbortSignal.abort(),
    })
    expect(report.aborted).toBe(true)
    expect(report.failed.map((f) => f.error.code)).toEqual(['ABORTED', 'ABORTED'])
    expect(report.failed[0]?.handle).toBe('runstop:a?runId=1')
    expect(report.failed[0]?.error.handle).toEqual({ provider: 'a', runId: '1' })
    expect(adapter.calls.stop).toBe(0)
  })

  it('keeps one listener on the caller signal while running and none after', async () => {
    const controller = new AbortController()
    let during = -1
    const adapter = createFakeAdapter('a', {
      stop: (h) =>
        new ResultAsync(
          (async () => {
            during = Math.max(during, getEventListeners(controller.signal, 'abort').length)
            await tick()
            return ok(stopReply(h))
          })(),
        ),
    })
    const runs = createRunController({ adapters: [adapter] })
    const input = Array.from({ length: 200 }, (_, i) => ({ provider: 'a', runId: String(i) }))
    await runs.stopMany(input, { concurrency: 32, perProvider: 32, signal: controller.signal })
    expect(during).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('reports a throwing input as inputError and keeps what was read', async () => {
    const runs = createRunController({ adapters: [createFakeAdapter('a')] })
    function* handles() {
      for (let i = 0; i < 5; i++) yield { provider: 'a', runId: String(i) }
      throw new Error('cursor lost')
    }
    const report = await runs.stopMany(handles())
    expect(report.total).toBe(5)
    expect(report.stopRequested).toHaveLength(5)
    expect(report.inputError?.code).toBe('UNKNOWN')
    expect(report.inputError?.cause).toEqual(new Error('cursor lost'))
  })

  it('ignores a throwing progress callback', async () => {
    const runs = createRunController({ adapters: [createFakeAdapter('a')] })
    const report = await runs.stopMany([{ provider: 'a', runId: '1' }], {
      onProgress: () => {
        throw new Error('ui bug')
      },
    })
    expect(report.stopRequested).toHaveLength(1)
  })
})

describe('stopMany: client-side rate adaptation', () => {
  /** A provider that can serve `capacity` stops at once and throttles the rest. */
  function rateLimited(capacity: number, warmup: number) {
    const stats = { active: 0, completed: 0, throttles: 0, maxActiveAfterWarmup: 0, maxActive: 0 }
    const adapter = createFakeAdapter('t', {
      stop: (h) =>
        new ResultAsync(
          (async (): Promise<Result<StopResult, RunError>> => {
            stats.active++
            stats.maxActive = Math.max(stats.maxActive, stats.active)
            if (stats.completed >= warmup)
              stats.maxActiveAfterWarmup = Math.max(stats.maxActiveAfterWarmup, stats.active)
            try {
              if (stats.active > capacity) {
                stats.throttles++
                await tick()
                return err(fakeError('THROTTLED'))
              }
              await tick()
              await tick()
              stats.completed++
              return ok(stopReply(h, 'stopped'))
            } finally {
              stats.active--
            }
          })(),
        ),
    })
    return { adapter, stats }
  }

  const input = () => Array.from({ length: 2_000 }, (_, i) => ({ provider: 't', runId: String(i) }))

  it('shrinks a throttling provider toward its capacity and still stops everything', async () => {
    const { adapter, stats } = rateLimited(3, 300)
    const runs = createRunController({
      adapters: [adapter],
      retry: { maxAttempts: 30, baseDelayMs: 1, maxDelayMs: 4 },
    })
    const report = await runs.stopMany(input(), { concurrency: 32, perProvider: 16 })
    expect(report.stopped).toHaveLength(2_000)
    expect(report.failed).toHaveLength(0)
    // The first wave used the full limit; once adapted the provider never sees anything near it.
    expect(stats.maxActive).toBe(16)
    expect(stats.maxActiveAfterWarmup).toBeLessThanOrEqual(8)
    expect(stats.throttles).toBeLessThan(2_000)
  })

  it('also adapts on throttles that end a stop (retry: false)', async () => {
    const { adapter, stats } = rateLimited(3, 300)
    const runs = createRunController({ adapters: [adapter], retry: false })
    const report = await runs.stopMany(input(), { concurrency: 32, perProvider: 16 })
    expectEachOnce(
      report,
      Array.from({ length: 2_000 }, (_, i) => String(i)),
    )
    expect(stats.maxActiveAfterWarmup).toBeLessThanOrEqual(8)
    // Without adaptation most of each 16-wide wave would be throttled.
    expect(report.failed.length).toBeLessThan(600)
  })

  it('cuts the window once for one burst of throttles, not once per throttled stop', async () => {
    let active = 0
    let maxActiveAfterBurst = 0
    const adapter = createFakeAdapter('t', {
      stop: (h, _ctx, call) =>
        new ResultAsync(
          (async (): Promise<Result<StopResult, RunError>> => {
            active++
            if (call > 16 && call <= 40) maxActiveAfterBurst = Math.max(maxActiveAfterBurst, active)
            try {
              await tick()
              // Half of the first 16-wide wave is throttled at once; never again.
              if (call > 8 && call <= 16) return err(fakeError('THROTTLED'))
              await tick()
              return ok(stopReply(h, 'stopped'))
            } finally {
              active--
            }
          })(),
        ),
    })
    const runs = createRunController({ adapters: [adapter], retry: false })
    const report = await runs.stopMany(input().slice(0, 200), { concurrency: 32, perProvider: 16 })
    expect(report.failed).toHaveLength(8)
    // 16 halved once is 8; halving per throttle would have left 1.
    expect(maxActiveAfterBurst).toBeGreaterThanOrEqual(8)
    expect(maxActiveAfterBurst).toBeLessThan(16)
  })

  it('does not slow down a provider that is not throttling', async () => {
    const { adapter, stats } = rateLimited(100, 300)
    const runs = createRunController({ adapters: [adapter] })
    await runs.stopMany(input(), { concurrency: 32, perProvider: 16 })
    expect(stats.throttles).toBe(0)
    expect(stats.maxActiveAfterWarmup).toBe(16)
  })
})
