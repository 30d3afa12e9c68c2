import { describe, expect, it } from 'vitest'
import { createRunController } from './controller.js'
import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'
import { fakeError } from './test-support/fake-adapter.js'
import { createFakeListingAdapter, type FakeRun } from './test-support/fake-listing-adapter.js'

const scope = { provider: 'fake', flow: 'nightly' }

function fakeRuns(statuses: RunStatus[]): FakeRun[] {
  return statuses.map((status, i) => ({ id: `r${i}`, status }))
}

const ids = (results: readonly { handle: RunHandle }[]) => results.map((r) => r.handle.runId).sort()

describe('stopAll', () => {
  it('stops the pending and running runs by default, across pages, and leaves the rest alone', async () => {
    const runs = fakeRuns([
      'running',
      'succeeded',
      'pending',
      'failed',
      'running',
      'stopped',
      'pending',
      'running',
    ])
    const adapter = createFakeListingAdapter(runs, { pageSize: 2 })
    const controller = createRunController({ adapters: [adapter] })
    const report = await controller.stopAll(scope)
    expect(report.dryRun).toBe(false)
    expect(report.total).toBe(5)
    expect(ids(report.stopped)).toEqual(['r0', 'r2', 'r4', 'r6', 'r7'])
    expect(report.failed).toEqual([])
    expect(adapter.calls.stop).toBe(5)
    expect(runs.map((r) => r.status)).toEqual([
      'stopped',
      'succeeded',
      'stopped',
      'failed',
      'stopped',
      'stopped',
      'stopped',
      'stopped',
    ])
  })

  it('dryRun lists what it would stop and sends no stop', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(['running', 'succeeded', 'pending', 'running']))
    const controller = createRunController({ adapters: [adapter] })
    const report = await controller.stopAll(scope, { dryRun: true })
    expect(report.dryRun).toBe(true)
    expect(report.total).toBe(3)
    expect(report.matched?.map((s) => s.handle.runId)).toEqual(['r0', 'r2', 'r3'])
    expect(report.stopped).toEqual([])
    expect(adapter.calls.stop).toBe(0)
  })

  it('takes its own statuses and page size', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(['running', 'pending', 'running']))
    const report = await createRunController({ adapters: [adapter] }).stopAll(scope, {
      statuses: ['pending'],
      pageSize: 2,
    })
    expect(ids(report.stopped)).toEqual(['r1'])
    expect(adapter.listContexts.map((c) => [c.pageSize, c.statuses])).toEqual([
      [2, ['pending']],
      [2, ['pending']],
    ])
  })

  it('reports a run that finished between the list and its stop as already_terminal, not failed', async () => {
    const list = fakeRuns(['running', 'running', 'running'])
    const adapter = createFakeListingAdapter(list)
    // The run ends at the provider after it was listed, before its stop is sent.
    const controller = createRunController({
      adapters: [adapter],
      hooks: {
        onResult: (event) => {
          if (event.operation === 'list' && list[1]) list[1].status = 'succeeded'
        },
      },
    })
    const report = await controller.stopAll(scope)
    expect(ids(report.stopped)).toEqual(['r0', 'r2'])
    expect(ids(report.alreadyTerminal)).toEqual(['r1'])
    expect(report.alreadyTerminal[0]?.status).toBe('succeeded')
    expect(report.failed).toEqual([])
  })

  it('stops what was listed before a listing error, and reports the error as inputError', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(Array(9).fill('running')), {
      failList: (call) => (call === 2 ? fakeError('ACCESS_DENIED') : undefined),
    })
    const report = await createRunController({ adapters: [adapter] }).stopAll(scope)
    expect(ids(report.stopped)).toEqual(['r0', 'r1', 'r2'])
    expect(report.inputError).toMatchObject({ code: 'ACCESS_DENIED', operation: 'list' })
  })

  it('an invalid scope stops nothing and says why', async () => {
    const adapter = createFakeListingAdapter(fakeRuns(['running']))
    const report = await createRunController({ adapters: [adapter] }).stopAll({
      provider: 'fake',
      flow: 'BAD!',
    })
    expect(report.total).toBe(0)
    expect(report.inputError).toMatchObject({ code: 'VALIDATION' })
    expect(adapter.listContexts).toHaveLength(0)
    expect(adapter.calls.stop).toBe(0)
  })

  it('holds one page at a time: the listing is read as the batch needs it', async () => {
    const list = fakeRuns(Array(200).fill('running'))
    const adapter = createFakeListingAdapter(list, { pageSize: 10 })
    const maxAhead: number[] = []
    const controller = createRunController({
      adapters: [adapter],
      hooks: {
        onAttempt: (event) => {
          if (event.operation === 'stop') maxAhead.push(adapter.pagesServed * 10 - adapter.calls.stop)
        },
      },
    })
    const report = await controller.stopAll(scope, { concurrency: 2, perProvider: 2 })
    expect(report.stopped).toHaveLength(200)
    // Read-ahead is bounded by the batch's buffer (concurrency × 4) plus one page, never the whole listing.
    expect(Math.max(...maxAhead)).toBeLessThanOrEqual(2 * 4 + 10 + 2)
  })
})
