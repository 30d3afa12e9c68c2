import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow'
import type { ListContext, RunPage } from '../adapter.js'
import { RunError } from '../run-error.js'
import type { RunHandle } from '../run-handle.js'
import type { RunScope } from '../run-scope.js'
import type { RunStatus } from '../run-status.js'
import {
  createFakeAdapter,
  type FakeAdapter,
  type FakeBehaviour,
  snapshot,
  stopReply,
} from './fake-adapter.js'

export interface FakeRun {
  readonly id: string
  status: RunStatus
  readonly startedAt?: Date
}

export interface FakeListingAdapter extends FakeAdapter {
  readonly listContexts: ListContext[]
  /** Pages answered so far (successful doList calls). */
  readonly pagesServed: number
}

/**
 * A fake adapter whose scope `{ provider, flow }` holds `runs`, listed `pageSize` at a time with
 * offset tokens. `failList(call)` may return an error for a given doList call (1-based). Stops
 * move a run to `stopped`; a stop of a finished run is `already_terminal`.
 */
export function createFakeListingAdapter(
  runs: FakeRun[],
  options: {
    provider?: string
    pageSize?: number
    statusFilter?: boolean
    failList?: (call: number) => RunError | undefined
    behaviour?: FakeBehaviour
  } = {},
): FakeListingAdapter {
  const provider = options.provider ?? 'fake'
  const defaultPage = options.pageSize ?? 3
  const listContexts: ListContext[] = []
  let calls = 0
  let pagesServed = 0
  const byId = new Map(runs.map((run) => [run.id, run]))
  const handleOf = (scope: RunScope, run: FakeRun): RunHandle => ({
    provider,
    flow: scope.flow as string,
    runId: run.id,
  })
  const base = createFakeAdapter(provider, {
    stop: (handle) => {
      const run = byId.get(handle.runId as string)
      if (run && ['succeeded', 'failed', 'timed_out', 'stopped'].includes(run.status))
        return okAsync(stopReply(handle, 'already_terminal', run.status))
      if (run) run.status = 'stopped'
      return okAsync(stopReply(handle, 'stopped'))
    },
    ...options.behaviour,
  })
  const adapter = base as FakeAdapter & {
    capabilities: FakeAdapter['capabilities']
    validateScope?: (scope: RunScope) => Result<RunScope, RunError>
    doList?: (scope: RunScope, ctx: ListContext) => ResultAsync<RunPage, RunError>
  }
  Object.defineProperty(adapter, 'capabilities', {
    value: { ...base.capabilities, list: true, listStatusFilter: options.statusFilter ?? false },
  })
  Object.defineProperty(adapter, 'listContexts', { value: listContexts })
  Object.defineProperty(adapter, 'pagesServed', { get: () => pagesServed })
  adapter.validateScope = (scope: RunScope) => {
    if (typeof scope.flow === 'string' && /^[a-z]+$/.test(scope.flow)) return ok(scope)
    return err(new RunError({ code: 'VALIDATION', message: 'flow must be lower-case letters.', provider }))
  }
  adapter.doList = (scope: RunScope, ctx: ListContext): ResultAsync<RunPage, RunError> => {
    calls++
    listContexts.push(ctx)
    const failure = options.failList?.(calls)
    if (failure) return errAsync(failure)
    const size = Math.min(ctx.pageSize ?? defaultPage, defaultPage)
    const start = ctx.pageToken === undefined ? 0 : Number(ctx.pageToken)
    let selected = runs
    if (options.statusFilter && ctx.statuses)
      selected = runs.filter((run) => ctx.statuses?.includes(run.status))
    const slice = selected.slice(start, start + size)
    pagesServed++
    const next = start + size < selected.length ? String(start + size) : undefined
    return okAsync({
      runs: slice.map((run) => ({
        ...snapshot(handleOf(scope, run), run.status),
        ...(run.startedAt ? { startedAt: run.startedAt } : {}),
      })),
      ...(next === undefined ? {} : { nextPageToken: next }),
    })
  }
  return adapter as FakeListingAdapter
}
