import { createRunController, formatHandle, RunError } from '@runstop/core'
import { expect, it } from 'vitest'

function live() {
  return new AbortController().signal
}
function validScope(adapter, scope) {
  if (typeof adapter.validateScope !== 'function') throw new Error('validateScope is missing')
  return adapter.validateScope(scope)._unsafeUnwrap()
}
/** Every page of a scope through the SPI, `pageSize` at a time: the runs and the number of pages. */
async function walk(adapter, scope, pageSize, statuses) {
  const valid = validScope(adapter, scope)
  const runs = []
  let pages = 0
  let pageToken
  do {
    const page = (
      await adapter.doList?.(valid, {
        pageSize,
        signal: live(),
        ...(pageToken === undefined ? {} : { pageToken }),
        ...(statuses === undefined ? {} : { statuses }),
      })
    )?._unsafeUnwrap()
    if (page === undefined) throw new Error('doList is missing')
    pages++
    expect(page.runs.length).toBeLessThanOrEqual(pageSize)
    runs.push(...page.runs.map((run) => ({ handle: run.handle, status: run.status })))
    pageToken = page.nextPageToken
    if (pages > 100) throw new Error('the listing does not end')
  } while (pageToken !== undefined)
  return { runs, pages }
}
const keys = (handles) => handles.map((h) => formatHandle(h)).sort()
/** The list tests of the conformance suite (registered when the options give a listing fixture). */
export function registerListTests(getFixture, listing, canRun) {
  it('declares list with validateScope and doList', () => {
    const { adapter } = getFixture()
    expect(adapter.capabilities.list).toBe(true)
    expect(typeof adapter.validateScope).toBe('function')
    expect(typeof adapter.doList).toBe('function')
  })
  it('pages through a scope (at least 3 pages), giving every run once, as handles the adapter accepts', async () => {
    const { adapter } = getFixture()
    const { scope, handles } = await listing.createScope(Array(7).fill('running'))
    const { runs, pages } = await walk(adapter, scope, 3)
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(keys(runs.map((r) => r.handle))).toEqual(keys(handles))
    for (const run of runs) {
      expect(run.status).toBe('running')
      expect(adapter.validate(run.handle).isOk()).toBe(true)
    }
  })
  const mixed = ['running', 'succeeded', 'failed', 'pending', 'stopped'].filter((s) => canRun.includes(s))
  if (mixed.includes('running') && mixed.length >= 2)
    it('filters by status: the controller gives exactly the runs in the statuses asked for', async () => {
      const { adapter } = getFixture()
      const statuses = [...mixed, ...mixed, 'running']
      const { scope, handles } = await listing.createScope(statuses)
      const wanted = handles.filter((_, i) => statuses[i] === 'running')
      const runs = createRunController({ adapters: [adapter], retry: false })
      const listed = []
      for await (const item of runs.listRuns(scope, { statuses: ['running'], pageSize: 2 })) {
        const snapshot = item._unsafeUnwrap()
        expect(snapshot.status).toBe('running')
        listed.push(snapshot.handle)
      }
      expect(keys(listed)).toEqual(keys(wanted))
      if (adapter.capabilities.listStatusFilter) {
        // The provider filters: doList itself answers only runs in the statuses asked for.
        const raw = await walk(adapter, scope, 2, ['running'])
        expect(raw.runs.every((r) => r.status === 'running')).toBe(true)
        expect(raw.runs).toHaveLength(wanted.length)
      }
    })
  it('refuses invalid scopes locally with VALIDATION and sends nothing', async () => {
    const { adapter, requestCount } = getFixture()
    expect(listing.invalidScopes.length).toBeGreaterThan(0)
    const before = requestCount()
    const runs = createRunController({ adapters: [adapter], retry: false })
    for (const scope of listing.invalidScopes) {
      const error = adapter.validateScope?.(scope)._unsafeUnwrapErr()
      expect(RunError.is(error), JSON.stringify(scope)).toBe(true)
      expect(error?.code).toBe('VALIDATION')
      const items = []
      for await (const item of runs.listRuns(scope)) items.push(item)
      expect(items).toHaveLength(1)
      expect(items[0]?._unsafeUnwrapErr().code).toBe('VALIDATION')
    }
    expect(requestCount()).toBe(before)
  })
  it('answers a scope naming no workflow with NOT_FOUND (operation list), or with no run at all', async () => {
    const { adapter } = getFixture()
    const scope = validScope(adapter, listing.missingScope())
    const result = await adapter.doList?.(scope, { signal: live() })
    if (result?.isErr()) {
      expect(result.error.code).toBe('NOT_FOUND')
      expect(result.error.operation).toBe('list')
      expect(result.error.provider).toBe(adapter.provider)
      expect(result.error.retryable).toBe(false)
    } else {
      expect(result?._unsafeUnwrap()).toMatchObject({ runs: [] })
      expect(result?._unsafeUnwrap().nextPageToken).toBeUndefined()
    }
  })
  it('answers ABORTED for an already-aborted signal', async () => {
    const { adapter } = getFixture()
    const scope = validScope(adapter, listing.missingScope())
    const result = await adapter.doList?.(scope, { signal: AbortSignal.abort() })
    expect(result?._unsafeUnwrapErr().code).toBe('ABORTED')
  })
}
