import {
  type ListContext,
  nextPassToken,
  RunError,
  type RunPage,
  readPassToken,
  statusPasses,
} from '@runstop/core'
import type { AlibabaCloudFlowClient } from './alibaba-cloudflow-client.js'
import {
  type AlibabaCloudFlowHandle,
  type AlibabaCloudFlowScope,
  PROVIDER,
} from './alibaba-cloudflow-handle.js'
import { STATUS_TABLE, snapshotOf } from './map-alibaba-cloudflow-status.js'

/** `Limit` of ListExecutions: at most 99 per page. The adapter asks for 99 unless told fewer. */
export const MAX_PAGE_SIZE = 99

const refuse = (
  code: 'UNKNOWN' | 'VALIDATION' | 'NOT_SUPPORTED',
  message: string,
  scope: AlibabaCloudFlowScope,
) => new RunError({ code, message, provider: PROVIDER, operation: 'list', handle: scope })
const asObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/**
 * One ListExecutions request. The service filters by one `Status` at a time: a listing makes one
 * pass per CloudFlow state asked for (`statusPasses`), and the page token carries the pass. When no
 * state can match, nothing is sent.
 */
export async function listExecutions(
  client: AlibabaCloudFlowClient,
  scope: AlibabaCloudFlowScope,
  ctx: ListContext,
) {
  const passes = statusPasses(STATUS_TABLE, ctx.statuses)
  if (passes.length === 0) return undefined
  const at = readPassToken(ctx.pageToken, passes.length)
  if (at === undefined)
    throw refuse('VALIDATION', 'The page token was not made by this adapter for this listing.', scope)
  if (typeof client.listExecutions !== 'function')
    throw refuse(
      'NOT_SUPPORTED',
      'The CloudFlow client given to this adapter has no listExecutions method.',
      scope,
    )
  const Status = passes[at.pass]
  return client.listExecutions({
    FlowName: scope.flowName,
    Limit: Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE),
    ...(Status === undefined ? {} : { Status }),
    ...(at.next === undefined ? {} : { NextToken: at.next }),
  })
}

/** The page of one ListExecutions answer (the body, or `{ body }` from callApi): a pure function. */
export function pageOf(
  scope: AlibabaCloudFlowScope,
  reply: unknown,
  ctx: ListContext,
): RunPage<AlibabaCloudFlowHandle> {
  const passes = statusPasses(STATUS_TABLE, ctx.statuses).length
  if (passes === 0) return { runs: [] }
  const outer = asObject(reply)
  const body = outer !== undefined && 'body' in outer ? asObject(outer.body) : outer
  const list = body?.Executions ?? []
  if (body === undefined || !Array.isArray(list))
    throw refuse(
      'UNKNOWN',
      'Alibaba CloudFlow ListExecutions answered something that is not an execution list.',
      scope,
    )
  const runs = list.map((item) => {
    const execution = asObject(item)
    const executionName = text(execution?.Name)
    if (execution === undefined || executionName === undefined)
      throw refuse('UNKNOWN', 'Alibaba CloudFlow ListExecutions answered an execution without a Name.', scope)
    const flowName = text(execution.FlowName) ?? scope.flowName
    const region = scope.region === undefined ? {} : { region: scope.region }
    return snapshotOf({ provider: PROVIDER, flowName, executionName, ...region }, execution, body.RequestId)
  })
  const at = readPassToken(ctx.pageToken, passes) ?? { pass: 0 }
  const nextPageToken = nextPassToken(at, passes, text(body.NextToken))
  return { runs, ...(nextPageToken === undefined ? {} : { nextPageToken }) }
}
