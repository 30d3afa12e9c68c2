import {
  isTerminal,
  type ListContext,
  parseTimestamp,
  RunError,
  type RunPage,
  type RunSnapshot,
  type RunStatus,
} from '@runstop/core'
import { errAsync, okAsync, ResultAsync } from 'neverthrow'
import type { AlibabaCloudFlowClient } from './alibaba-cloudflow-client.js'
import { type AlibabaCloudFlowHandle, PROVIDER } from './alibaba-cloudflow-handle.js'
import type { AlibabaCloudFlowScope } from './alibaba-cloudflow-scope.js'
import { mapError } from './map-alibaba-cloudflow-error.js'
import { mapStatus, STATUS_TABLE } from './map-alibaba-cloudflow-status.js'

/** `Limit` of ListExecutions: at most 99 per page. The adapter asks for 99 unless told fewer. */
export const MAX_PAGE_SIZE = 99

/** The CloudFlow state of each RunStatus the service can filter by (`Status` takes one value). */
const PROVIDER_STATE = new Map<RunStatus, string>(
  Object.entries(STATUS_TABLE).map(([state, status]) => [status as RunStatus, state]),
)

/**
 * The passes a listing makes: one per CloudFlow state asked for (the service filters by one
 * `Status` at a time), or one unfiltered pass when no statuses are given or one of them
 * (`unknown`) cannot be asked for. A status no CloudFlow state maps to (`stopping`) needs no pass.
 */
export function statusPasses(statuses: readonly RunStatus[] | undefined): (string | undefined)[] {
  if (statuses === undefined || statuses.includes('unknown')) return [undefined]
  const states: string[] = []
  for (const status of statuses) {
    const state = PROVIDER_STATE.get(status)
    if (state !== undefined && !states.includes(state)) states.push(state)
  }
  return states
}

/**
 * The adapter's page token: the pass index, a dot, and the service's own NextToken for that pass
 * (empty at the start of a pass). Opaque to callers.
 */
function parseToken(token: string | undefined, passes: number): { pass: number; next?: string } | undefined {
  if (token === undefined) return { pass: 0 }
  const m = /^(\d{1,2})\.([\s\S]*)$/.exec(token)
  if (!m) return undefined
  const pass = Number(m[1])
  if (pass >= passes) return undefined
  return m[2] === '' ? { pass } : { pass, next: m[2] as string }
}

type Loose = Record<string, unknown>
const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

function failure(
  code: 'UNKNOWN' | 'VALIDATION' | 'NOT_SUPPORTED',
  message: string,
  scope: AlibabaCloudFlowScope,
) {
  return new RunError({ code, message, provider: PROVIDER, operation: 'list', handle: scope })
}

/** The snapshots of one ListExecutions answer (exported for table tests). */
export function runsFromReply(
  scope: AlibabaCloudFlowScope,
  reply: unknown,
): { ok: true; runs: RunSnapshot<AlibabaCloudFlowHandle>[]; next?: string } | { ok: false; error: RunError } {
  const outer = asObject(reply)
  const body = outer !== undefined && 'body' in outer ? asObject(outer.body) : outer
  const list = body?.Executions ?? []
  if (body === undefined || !Array.isArray(list))
    return {
      ok: false,
      error: failure(
        'UNKNOWN',
        'Alibaba CloudFlow ListExecutions answered something that is not an execution list.',
        scope,
      ),
    }
  const requestId = text(body.RequestId)
  const runs: RunSnapshot<AlibabaCloudFlowHandle>[] = []
  for (const item of list) {
    const execution = asObject(item)
    const executionName = text(execution?.Name)
    if (execution === undefined || executionName === undefined)
      return {
        ok: false,
        error: failure(
          'UNKNOWN',
          'Alibaba CloudFlow ListExecutions answered an execution without a Name.',
          scope,
        ),
      }
    const providerStatus = text(execution.Status) ?? ''
    const status = mapStatus(providerStatus)
    const startedAt = parseTimestamp(execution.StartedTime)
    const endedAt = isTerminal(status) ? parseTimestamp(execution.StoppedTime) : undefined
    runs.push({
      handle: {
        provider: PROVIDER,
        flowName: text(execution.FlowName) ?? scope.flowName,
        executionName,
        ...(scope.region === undefined ? {} : { region: scope.region }),
      },
      status,
      providerStatus,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined ? {} : { endedAt }),
      ...(requestId === undefined ? {} : { requestId }),
      raw: execution,
    })
  }
  const next = text(body.NextToken)
  return { ok: true, runs, ...(next === undefined ? {} : { next }) }
}

/**
 * `doList` of the Alibaba CloudFlow adapter: one ListExecutions request. Statuses are filtered by
 * the service (`Status`), one CloudFlow state per pass; the page token carries the pass.
 */
export function listAlibabaCloudFlowRuns(
  client: AlibabaCloudFlowClient,
  secrets: readonly string[],
  scope: AlibabaCloudFlowScope,
  ctx: ListContext,
): ResultAsync<RunPage<AlibabaCloudFlowHandle>, RunError> {
  const passes = statusPasses(ctx.statuses)
  if (passes.length === 0) return okAsync({ runs: [] })
  const position = parseToken(ctx.pageToken, passes.length)
  if (position === undefined)
    return errAsync(
      failure('VALIDATION', 'The page token was not made by this adapter for this listing.', scope),
    )
  if (typeof client.listExecutions !== 'function')
    return errAsync(
      failure(
        'NOT_SUPPORTED',
        'The CloudFlow client given to this adapter has no listExecutions method.',
        scope,
      ),
    )
  const list = client.listExecutions.bind(client)
  const state = passes[position.pass]
  const limit = Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE)
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => {
      if (ctx.signal.aborted) throw ctx.signal.reason
      return list({
        FlowName: scope.flowName,
        Limit: limit,
        ...(state === undefined ? {} : { Status: state }),
        ...(position.next === undefined ? {} : { NextToken: position.next }),
      })
    }),
    (error) => mapError(error, { operation: 'list', handle: scope, secrets, signal: ctx.signal }),
  ).andThen((reply) => {
    const read = runsFromReply(scope, reply)
    if (!read.ok) return errAsync(read.error)
    const nextPageToken =
      read.next !== undefined
        ? `${position.pass}.${read.next}`
        : position.pass + 1 < passes.length
          ? `${position.pass + 1}.`
          : undefined
    return okAsync({ runs: read.runs, ...(nextPageToken === undefined ? {} : { nextPageToken }) })
  })
}
