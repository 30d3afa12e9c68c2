import { err, ok } from 'neverthrow'
import { describe, expect, it, vi } from 'vitest'
import type { BatchStopFn } from './batch.js'
import { lazyBatch } from './lazy-batch.js'
import { type ListingPath, listRunsOnFirstUse } from './lazy-listing.js'
import type { RunError } from './run-error.js'
import { snapshot, stopReply } from './test-support/fake-adapter.js'

// The seams that load the batch engine and listing on first use (the controller's call path, a
// chunk of core's bundle): what a caller sees before the chunk is loaded, and when it cannot be (a
// broken install), with the loader replaced. The engine itself is tested through the controller
// elsewhere.

const handles = [
  { provider: 'fake', runId: 'r-1' },
  { provider: 'fake', runId: 'r-2' },
]
const stopsAtOnce: BatchStopFn = (handle, _options, observer) =>
  observer.onEnd?.(ok(stopReply(handle, 'stopped')))
const engine = () => import('./batch.js')
const broken = () => Promise.reject(new Error('Cannot find module chunks/batch.js'))

describe('lazy batch engine', () => {
  it('stopMany never rejects when the engine cannot be loaded, and the next batch tries again', async () => {
    const load = vi.fn<typeof engine>(broken).mockImplementationOnce(broken).mockImplementationOnce(engine)
    const { stopMany } = lazyBatch(load)
    const failed = await stopMany(stopsAtOnce, handles)
    expect(failed.total).toBe(0)
    expect(failed.counts).toEqual({
      stopped: 0,
      stopRequested: 0,
      alreadyTerminal: 0,
      failed: 0,
      outcomeUnknown: 0,
    })
    expect(failed.inputError?.code).toBe('UNKNOWN')
    expect(failed.inputError?.message).toContain('Loading the batch engine failed: Cannot find module')
    const stopped = await stopMany(stopsAtOnce, handles)
    expect(stopped.counts.stopped).toBe(2)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('stopEach loads nothing and starts nothing before the first next(); summary() is the empty report', async () => {
    const load = vi.fn(engine)
    const stopOne = vi.fn(stopsAtOnce)
    const stream = lazyBatch(load).stopEach(stopOne, handles)
    expect(load).not.toHaveBeenCalled()
    expect(stream.summary()).toMatchObject({ total: 0, aborted: false, counts: { stopped: 0, failed: 0 } })
    const entries = []
    for await (const entry of stream) entries.push(entry.result.isOk() && entry.result.value.outcome)
    expect(entries).toEqual(['stopped', 'stopped'])
    expect(load).toHaveBeenCalledTimes(1)
    expect(stream.summary()).toMatchObject({ total: 2, counts: { stopped: 2 } })
  })

  it('a stream left before its first next() never sends anything', async () => {
    const stopOne = vi.fn(stopsAtOnce)
    const iterator = lazyBatch(engine).stopEach(stopOne, handles)[Symbol.asyncIterator]()
    expect(await iterator.return?.()).toEqual({ value: undefined, done: true })
    expect(await iterator.next()).toEqual({ value: undefined, done: true })
    expect(stopOne).not.toHaveBeenCalled()
  })

  it('a stream left while the engine is loading starts nothing once it has loaded', async () => {
    const stopOne = vi.fn(stopsAtOnce)
    const iterator = lazyBatch(engine).stopEach(stopOne, handles)[Symbol.asyncIterator]()
    const first = iterator.next()
    await iterator.return?.()
    expect(await first).toEqual({ value: undefined, done: true })
    expect(stopOne).not.toHaveBeenCalled()
  })

  it('a stream whose engine cannot be loaded ends at once, its summary carrying the error', async () => {
    const stopOne = vi.fn(stopsAtOnce)
    const stream = lazyBatch(broken).stopEach(stopOne, handles)
    const entries = []
    for await (const entry of stream) entries.push(entry)
    expect(entries).toEqual([])
    expect(stopOne).not.toHaveBeenCalled()
    expect(stream.summary().inputError?.code).toBe('UNKNOWN')
  })
})

describe('lazy listing', () => {
  it('asks for the call path only when iterated; a failed load is one Err naming the scope, then the end', async () => {
    const path = vi.fn<() => Promise<ListingPath>>(() =>
      Promise.reject(new Error('Cannot find module chunks/controller-calls.js')),
    )
    const scope = { provider: 'fake', workflow: 'etl' }
    const listing = listRunsOnFirstUse(path, scope)
    expect(path).not.toHaveBeenCalled()
    const items = []
    for await (const item of listing) items.push(item)
    expect(path).toHaveBeenCalledTimes(1)
    expect(items).toHaveLength(1)
    const [only] = items
    expect(only?.isErr() && [only.error.code, only.error.operation, only.error.handle]).toEqual([
      'UNKNOWN',
      'list',
      scope,
    ])
    expect(only?.isErr() && only.error.message).toContain("Loading the controller's call path failed")
  })

  it("once loaded, yields the path's own listing, with the scope and options given", async () => {
    const run = snapshot({ provider: 'fake', runId: 'r-1' }, 'running')
    const listRuns = vi.fn<ListingPath['listRuns']>(async function* () {
      yield ok(run)
      yield err({ code: 'THROTTLED' } as RunError)
    })
    const scope = { provider: 'fake' }
    const items = []
    for await (const item of listRunsOnFirstUse(() => ({ listRuns }), scope, { pageSize: 5 }))
      items.push(item)
    expect(listRuns).toHaveBeenCalledWith(scope, { pageSize: 5 })
    expect(items.map((item) => (item.isOk() ? item.value : item.error.code))).toEqual([run, 'THROTTLED'])
  })
})
