import { err, ok, type Result } from 'neverthrow'
import type { AnyRunAdapter, RunPage } from './adapter.js'
import { type CallScope, createCallScope } from './call-signal.js'
import type { ListRunsOptions } from './controller-types.js'
import type { RetryOutcome } from './retry.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { checkScopeShape, type RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import { RUN_STATUSES, type RunStatus } from './run-status.js'

/** What the controller lends the listing: its adapter lookup, its retry loop and its hooks. */
export interface ListingDeps {
  /** Adapter lookup and the adapter's check of the value (here `validateScope`); nothing is sent. */
  prepare(
    raw: RunHandle,
    check: (adapter: AnyRunAdapter, value: RunHandle) => unknown,
  ): Result<{ adapter: AnyRunAdapter; handle: RunHandle }, RunError>
  /** One page: the controller's retry loop, hooks and error normalisation. */
  attempts(
    prepared: { adapter: AnyRunAdapter; handle: RunHandle },
    scope: CallScope,
    invoke: (adapter: AnyRunAdapter, scope: RunHandle, signal: AbortSignal) => unknown,
  ): Promise<RetryOutcome<RunPage>>
  /** Reports a call refused before anything was sent to `onResult`, and returns the error. */
  rejected(raw: RunHandle, error: RunError): Result<never, RunError>
}

function invalid(message: string, provider: string): RunError {
  return new RunError({ code: 'VALIDATION', message, provider, operation: 'list' })
}

/** Own enumerable fields, copied once: validation and every page see the same values. */
function plainCopy(scope: RunScope): RunScope {
  const copy: Record<string, string> = {}
  for (const [key, value] of Object.entries(scope)) if (value !== undefined) copy[key] = value
  return copy as RunScope
}

const isDate = (value: unknown): value is Date => value instanceof Date && Number.isFinite(value.getTime())

/** Checks the options themselves; a bad one is `VALIDATION` before anything is sent. */
function checkOptions(options: ListRunsOptions, provider: string): RunError | undefined {
  const { statuses, pageSize, startedAfter, startedBefore } = options
  if (statuses !== undefined) {
    if (!Array.isArray(statuses) || statuses.length === 0)
      return invalid('statuses must be a non-empty array of run statuses.', provider)
    const unknown = statuses.find((s) => !RUN_STATUSES.includes(s))
    if (unknown !== undefined)
      return invalid(
        `statuses: ${JSON.stringify(unknown)} is not a run status (${RUN_STATUSES.join(', ')}).`,
        provider,
      )
  }
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1))
    return invalid('pageSize must be a whole number of at least 1.', provider)
  if (startedAfter !== undefined && !isDate(startedAfter))
    return invalid('startedAfter must be a valid Date.', provider)
  if (startedBefore !== undefined && !isDate(startedBefore))
    return invalid('startedBefore must be a valid Date.', provider)
  return undefined
}

/** Whether a listed run matches the options (applied to every page, whatever the provider filtered). */
function matches(run: RunSnapshot, options: ListRunsOptions, statuses?: ReadonlySet<RunStatus>): boolean {
  if (statuses !== undefined && !statuses.has(run.status)) return false
  const started = run.startedAt?.getTime()
  // A run that has not started yet starts later than any time already passed.
  if (options.startedAfter !== undefined && started !== undefined && started < options.startedAfter.getTime())
    return false
  if (
    options.startedBefore !== undefined &&
    (started === undefined || started >= options.startedBefore.getTime())
  )
    return false
  return true
}

function badPage(provider: string, scope: RunScope, what: string): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `The ${provider} adapter's doList ${what}.`,
    provider,
    operation: 'list',
    handle: scope,
  })
}

/** The scope check `prepare` runs: listing supported, then the adapter's `validateScope` if any. */
function checkScope(adapter: AnyRunAdapter, value: RunHandle): Result<RunScope, RunError> {
  if (!adapter.capabilities?.list || typeof adapter.doList !== 'function')
    return err(
      new RunError({
        code: 'NOT_SUPPORTED',
        message: `The ${adapter.provider} adapter cannot list runs (capabilities.list is false).`,
        provider: adapter.provider,
        operation: 'list',
        handle: value,
      }),
    )
  return typeof adapter.validateScope === 'function' ? adapter.validateScope(value) : ok(value)
}

/**
 * `listRuns`: the scope's runs, one page at a time. Nothing happens until the caller iterates;
 * the next page is asked for only when the previous one has been read, so memory holds one page.
 * Each page is one controller call (retried, hooked, bounded by `timeoutMs`); an `Err` is the
 * last item. Status and time filters are applied to every page here, so an adapter that cannot
 * filter (or filters loosely) still gives exactly the runs asked for.
 */
export function listRuns(
  deps: ListingDeps,
  rawScope: RunScope,
  options: ListRunsOptions = {},
): AsyncIterable<Result<RunSnapshot, RunError>> {
  return {
    [Symbol.asyncIterator]: () => pages(deps, rawScope, options)[Symbol.asyncIterator](),
  }
}

async function* pages(
  deps: ListingDeps,
  rawScope: RunScope,
  options: ListRunsOptions,
): AsyncGenerator<Result<RunSnapshot, RunError>> {
  let shaped: Result<RunScope, RunError>
  try {
    shaped = checkScopeShape(rawScope).map(plainCopy)
  } catch (cause) {
    shaped = err(
      new RunError({
        code: 'VALIDATION',
        message: 'The scope could not be read.',
        provider: 'unknown',
        cause,
      }),
    )
  }
  if (shaped.isErr()) {
    yield deps.rejected(rawScope, shaped.error.with({ operation: 'list' }))
    return
  }
  const scope = shaped.value
  const problem = checkOptions(options, scope.provider)
  if (problem !== undefined) {
    yield deps.rejected(scope, problem.with({ handle: scope }))
    return
  }
  const prepared = deps.prepare(scope, checkScope)
  if (prepared.isErr()) {
    yield deps.rejected(scope, prepared.error)
    return
  }
  const { adapter } = prepared.value
  const statuses = options.statuses === undefined ? undefined : new Set(options.statuses)
  let pageToken: string | undefined
  for (;;) {
    const callScope = createCallScope({
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    })
    let outcome: RetryOutcome<RunPage>
    try {
      const token = pageToken
      outcome = await deps.attempts(prepared.value, callScope, (a, s, signal) =>
        a.doList?.(s, {
          ...(token === undefined ? {} : { pageToken: token }),
          ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
          ...(options.statuses === undefined ? {} : { statuses: [...options.statuses] }),
          signal,
        }),
      )
    } finally {
      callScope.dispose()
    }
    if (outcome.result.isErr()) {
      yield err(outcome.result.error)
      return
    }
    const page = outcome.result.value
    if (typeof page !== 'object' || page === null || !Array.isArray(page.runs)) {
      yield err(badPage(adapter.provider, scope, 'answered a page without a runs array'))
      return
    }
    for (const run of page.runs) if (matches(run, options, statuses)) yield ok(run)
    const next = page.nextPageToken
    if (next === undefined || next === null || next === '') return
    if (typeof next !== 'string' || next === pageToken) {
      yield err(
        badPage(
          adapter.provider,
          scope,
          'answered a page token it had already given (the listing would never end)',
        ),
      )
      return
    }
    pageToken = next
  }
}
