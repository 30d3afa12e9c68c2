import { err, ok, type Result } from 'neverthrow'
import type { RunPage } from './adapter.js'
import { buildSnapshot, type SnapshotParts } from './build-snapshot.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunStatus } from './run-status.js'
import { splitSdkOutput } from './sdk-output.js'

/** What `listPage` reads a provider's list answer with. */
export interface ListPageOptions<H extends RunHandle> {
  /** The provider name, for the error of a malformed answer. */
  readonly provider: string
  /** What the error calls the call, e.g. `Step Functions ListExecutions`. */
  readonly what: string
  /** The scope listed (the error's `handle`). */
  readonly scope: RunScope
  /** The body's field holding the list, e.g. `executions`. */
  readonly items: string
  /** An item's snapshot parts (the request id is added); `undefined` for an item that names no run. */
  run(item: Record<string, unknown>): Omit<SnapshotParts<H>, 'requestId'> | undefined
}

/**
 * The page of an AWS-style list answer (`{ [items]: [...], nextToken }` beside `$metadata`): each
 * item a snapshot (`buildSnapshot`, with the answer's request id), `nextToken` the next page's
 * token when it is a non-empty string. An answer whose list is not a list, or an item that names
 * no run, is `UNKNOWN`: a page is never guessed at. A missing list is an empty page.
 */
export function listPage<H extends RunHandle>(
  output: unknown,
  options: ListPageOptions<H>,
): Result<RunPage<H>, RunError> {
  const { body, requestId } = splitSdkOutput(output)
  const malformed = (what: string) =>
    err(
      new RunError({
        code: 'UNKNOWN',
        message: `${options.what} answered ${what}.`,
        provider: options.provider,
        operation: 'list',
        handle: options.scope,
        ...(requestId === undefined ? {} : { requestId }),
      }),
    )
  const list = body[options.items] ?? []
  if (!Array.isArray(list)) return malformed(`${options.items} that is not a list`)
  const runs = []
  for (const item of list) {
    const parts = typeof item === 'object' && item !== null ? options.run(item) : undefined
    if (parts === undefined) return malformed(`an item of ${options.items} that names no run`)
    runs.push(buildSnapshot({ ...parts, requestId }))
  }
  const next = typeof body.nextToken === 'string' && body.nextToken !== '' ? body.nextToken : undefined
  return ok({ runs, ...(next === undefined ? {} : { nextPageToken: next }) })
}

/**
 * The one provider status to filter a list by on the server, for providers whose filter takes a
 * single value: the status asked, when exactly one is asked and exactly one provider status maps
 * to it, and the provider does not refuse it as a filter (`refused`). Otherwise `undefined`: the
 * controller filters each page.
 */
export function serverStatusFilter<K extends string>(
  table: Readonly<Record<K, RunStatus>>,
  statuses: readonly RunStatus[] | undefined,
  refused: readonly K[] = [],
): K | undefined {
  if (statuses?.length !== 1) return undefined
  const matching = (Object.keys(table) as K[]).filter((key) => table[key] === statuses[0])
  const only = matching.length === 1 ? matching[0] : undefined
  return only === undefined || refused.includes(only) ? undefined : only
}
