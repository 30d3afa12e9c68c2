import { bodyOf } from '@runstop/alibaba-openapi'
import {
  type ListContext,
  nextPassToken,
  nonEmptyString,
  RunError,
  type RunPage,
  readPassToken,
  statusPasses,
} from '@runstop/core'
import type { AlibabaCloudFlowClient } from './alibaba-cloudflow-client.js'
import {
  type AlibabaCloudFlowHandle as Handle,
  PROVIDER,
  type AlibabaCloudFlowScope as Scope,
} from './alibaba-cloudflow-handle.js'
import { STATUS_TABLE, snapshotOf } from './map-alibaba-cloudflow-status.js'

/** `Limit` of ListExecutions: at most 99 per page. The adapter asks for 99 unless told fewer. */
export const MAX_PAGE_SIZE = 99

const refuse = (code: 'UNKNOWN' | 'VALIDATION' | 'NOT_SUPPORTED', message: string, handle: Scope) =>
  new RunError({ code, message, provider: PROVIDER, operation: 'list', handle })

/**
 * One ListExecutions request. The service filters by one `Status` at a time: a listing makes one
 * pass per CloudFlow state asked for (`statusPasses`), and the page token carries the pass. When no
 * state can match, nothing is sent.
 */
export async function listExecutions(client: AlibabaCloudFlowClient, scope: Scope, ctx: ListContext) {
  const passes = statusPasses(STATUS_TABLE, ctx.statuses)
  if (passes.length === 0) return undefined
  const at = readPassToken(ctx.pageToken, passes.length)
  if (at === undefined)
    throw refuse('VALIDATION', 'The page token was not made by this adapter for this listing.', scope)
  if (typeof client.listExecutions !== 'function')
    throw refuse('NOT_SUPPORTED', 'The CloudFlow client given to this adapter has no listExecutions.', scope)
  const Status = passes[at.pass]
  return client.listExecutions(
    {
      FlowName: scope.flowName,
      Limit: Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE),
      ...(Status === undefined ? {} : { Status }),
      ...(at.next === undefined ? {} : { NextToken: at.next }),
    },
    { signal: ctx.signal },
  )
}

/** The page of one ListExecutions answer (the body, or `{ body }` from the built-in client): a pure function. */
export function pageOf(scope: Scope, reply: unknown, ctx: ListContext): RunPage<Handle> {
  const passes = statusPasses(STATUS_TABLE, ctx.statuses).length
  if (passes === 0) return { runs: [] }
  const body = bodyOf(reply)
  const list = body?.Executions ?? []
  const malformed = (what: string) =>
    refuse('UNKNOWN', `Alibaba CloudFlow ListExecutions answered ${what}.`, scope)
  if (body === undefined || !Array.isArray(list)) throw malformed('something that is not an execution list')
  const region = scope.region === undefined ? {} : { region: scope.region }
  const runs = list.map((item: Record<string, unknown> | null) => {
    const executionName = nonEmptyString(item?.Name)
    if (item === null || typeof item !== 'object' || executionName === undefined)
      throw malformed('an execution without a Name')
    const flowName = nonEmptyString(item.FlowName) ?? scope.flowName
    return snapshotOf({ provider: PROVIDER, flowName, executionName, ...region }, item, body.RequestId)
  })
  const at = readPassToken(ctx.pageToken, passes) ?? { pass: 0 }
  const nextPageToken = nextPassToken(at, passes, nonEmptyString(body.NextToken))
  return { runs, ...(nextPageToken === undefined ? {} : { nextPageToken }) }
}
