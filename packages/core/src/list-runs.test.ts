import { okAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { createRunController } from './controller.js'
import type { ResultEvent } from './controller-types.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
import { createFakeAdapter, fakeError } from './test-support/fake-adapter.js'
import { createFakeListingAdapter, type FakeRun } from './test-support/fake-listing-adapter.js'

const scope = { provider: 'fake', flow: 'nightly' }

function fakeRuns(statuses: RunStatus[]): FakeRun[] {
  return statuses.map((status, i) => ({
    id: `r${i}`,
    status,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
  }))
}

async function collect(iterable: AsyncIterable<{ isOk(): boolean; value?: RunSnapshot; error?: unknown }>) {
  const ids: string[] = []
  const errors: unknown[] = []
  for await (const item of iterable) {
    if (item.isOk()) ids.push((item.value as RunSnapshot).handle.runId as string)
    else errors.push(item.error)
  }
  return { ids, errors }
}

describe('listRuns', () => {
  it('walks every page in order, and is lazy: no page is asked for before the caller reads', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(Array(8).fill('running')), { pageSize: 3 })
    const runs = createRunController({ adapters: [adapter] })
    const listing = runs.listRuns(scope)
    expect(adapter.listContexts).toHaveLength(0)
    const iterator = listing[Symbol.asyncIterator]()
    await iterator.next()
    expect(adapter.listContexts).toHaveLength(1)
    // Reading the rest of page 1 asks for nothing more.
    await iterator.next()
    await iterator.next()
    expect(adapter.listContexts).toHaveLength(1)
    await iterator.next()
    expect(adapter.listContexts).toHaveLength(2)
    expect(adapter.listContexts[1]?.pageToken).toBe('3')
    const { ids } = await collect(runs.listRuns(scope))
    expect(ids).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'])
  })

  it('filters by status on every page when the provider cannot', async () => {
    const adapter = createFakeListingAdapter(
      fakeRuns(['running', 'succeeded', 'pending', 'failed', 'running', 'stopped', 'pending']),
    )
    const runs = createRunController({ adapters: [adapter] })
    const { ids } = await collect(runs.listRuns(scope, { statuses: ['running', 'pending'] }))
    expect(ids).toEqual(['r0', 'r2', 'r4', 'r6'])
    expect(adapter.listContexts[0]?.statuses).toEqual(['running', 'pending'])
  })

  it('filters by start time: startedAfter keeps runs not started yet, startedBefore leaves them out', async () => {
    const list: FakeRun[] = [
      ...fakeRuns(['running', 'running', 'running', 'running']),
      { id: 'later', status: 'pending' },
    ]
    const runs = createRunController({ adapters: [createFakeListingAdapter(list)] })
    const after = await collect(runs.listRuns(scope, { startedAfter: new Date(Date.UTC(2026, 0, 1, 0, 2)) }))
    expect(after.ids).toEqual(['r2', 'r3', 'later'])
    const before = await collect(
      runs.listRuns(scope, { startedBefore: new Date(Date.UTC(2026, 0, 1, 0, 2)) }),
    )
    expect(before.ids).toEqual(['r0', 'r1'])
  })

  it('retries a failed page like any call, with hooks seeing operation "list" and the scope', async () => {
    const events: ResultEvent[] = []
    const adapter = createFakeListingAdapter(fakeRuns(Array(7).fill('running')), {
      failList: (call) => (call === 2 ? fakeError('THROTTLED') : undefined),
    })
    const runs = createRunController({
      adapters: [adapter],
      retry: { baseDelayMs: 0 },
      hooks: { onResult: (event) => events.push(event) },
    })
    const { ids, errors } = await collect(runs.listRuns(scope))
    expect(errors).toEqual([])
    expect(ids).toHaveLength(7)
    expect(adapter.listContexts.map((c) => c.pageToken)).toEqual([undefined, '3', '3', '6'])
    expect(events.map((e) => [e.operation, e.attempt, e.ok])).toEqual([
      ['list', 1, true],
      ['list', 2, true],
      ['list', 1, true],
    ])
    expect(events[0]?.handle).toEqual(scope)
  })

  it('ends with the Err when a page keeps failing: the runs before it were yielded, nothing after', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(Array(9).fill('running')), {
      failList: (call) => (call >= 2 ? fakeError('ACCESS_DENIED') : undefined),
    })
    const runs = createRunController({ adapters: [adapter], retry: { baseDelayMs: 0 } })
    const { ids, errors } = await collect(runs.listRuns(scope))
    expect(ids).toEqual(['r0', 'r1', 'r2'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'ACCESS_DENIED', operation: 'list' })
    expect(adapter.listContexts).toHaveLength(2)
  })

  it('refuses an invalid scope locally: VALIDATION, nothing sent', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(['running']))
    const runs = createRunController({ adapters: [adapter] })
    for (const bad of [{ provider: 'fake', flow: 'Not Valid' }, { provider: 'fake', flow: 7 }, null]) {
      const { ids, errors } = await collect(runs.listRuns(bad as never))
      expect(ids).toEqual([])
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatchObject({ code: 'VALIDATION', operation: 'list' })
    }
    expect(adapter.listContexts).toHaveLength(0)
  })

  it('refuses bad options locally', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(['running']))
    const runs = createRunController({ adapters: [adapter] })
    for (const options of [
      { statuses: ['active'] },
      { statuses: [] },
      { pageSize: 0 },
      { pageSize: 1.5 },
      { startedAfter: new Date('x') },
    ]) {
      const { errors } = await collect(runs.listRuns(scope, options as never))
      expect(errors[0]).toMatchObject({ code: 'VALIDATION' })
    }
    expect(adapter.listContexts).toHaveLength(0)
  })

  it('answers NOT_SUPPORTED for an adapter that cannot list, and for an unknown provider', async () => {
    const runs = createRunController({ adapters: [createFakeAdapter('plain')] })
    const plain = await collect(runs.listRuns({ provider: 'plain', flow: 'x' }))
    expect(plain.errors[0]).toMatchObject({ code: 'NOT_SUPPORTED', operation: 'list' })
    const unknown = await collect(runs.listRuns({ provider: 'nowhere' }))
    expect(unknown.errors[0]).toMatchObject({ code: 'NOT_SUPPORTED' })
  })

  it('ends with an Err instead of looping when an adapter repeats its page token', async () => {
    const adapter = createFakeListingAdapter([])
    adapter.doList = () => okAsync({ runs: [], nextPageToken: 'same' })
    const runs = createRunController({ adapters: [adapter] })
    const { errors } = await collect(runs.listRuns(scope))
    expect(errors[0]).toMatchObject({ code: 'UNKNOWN' })
  })

  it('ends ABORTED, sending nothing more, once the signal fires', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(Array(9).fill('running')))
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const seen: string[] = []
    let last: unknown
    for await (const item of runs.listRuns(scope, { signal: controller.signal })) {
      if (item.isErr()) last = item.error
      else seen.push(item.value.handle.runId as string)
      if (seen.length === 2) controller.abort()
    }
    expect(seen).toEqual(['r0', 'r1', 'r2'])
    expect(last).toMatchObject({ code: 'ABORTED' })
    expect(adapter.listContexts).toHaveLength(1)
  })
})
