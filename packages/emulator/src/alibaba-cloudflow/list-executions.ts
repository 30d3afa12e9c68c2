import { pageOf } from '../list-pages.js'
import type { EmulatorResponse, ProviderContext } from '../types.js'
import { fnfError, JSON_CONTENT_TYPE, requestIdFor } from './errors.js'
import { EXECUTION_STATES, executionBody, NAME_PATTERN, type OperationInput, PROVIDER } from './operations.js'

/** `Limit`: 1–99 executions per page; 60 when absent (the emulator's choice, as for ListSchedules). */
export const LIST_LIMIT = { min: 1, max: 99, default: 60 } as const

/**
 * ListExecutions: the executions of one flow, newest first, optionally of one `Status` (filtered
 * by the service), `Limit` per page, a cursor `NextToken`. A flow with no execution is
 * `FlowNotExists` (the emulator knows flows only through their executions).
 */
export function listExecutions(input: OperationInput, ctx: ProviderContext): EmulatorResponse {
  const { params, region } = input
  const flowName = params.FlowName
  if (flowName === undefined) return fnfError('MissingRequiredParams', ctx, { args: ['FlowName'], region })
  if (!NAME_PATTERN.test(flowName))
    return fnfError('InvalidArgument', ctx, {
      region,
      detail: `FlowName must be 1 to 128 characters of letters, digits, '_' and '-', starting with a letter or '_'.`,
    })
  let limit: number = LIST_LIMIT.default
  if (params.Limit !== undefined) {
    const n = Number(params.Limit)
    if (!/^\d+$/.test(params.Limit) || n < LIST_LIMIT.min || n > LIST_LIMIT.max)
      return fnfError('InvalidArgument', ctx, {
        region,
        detail: `Limit must be between ${LIST_LIMIT.min} and ${LIST_LIMIT.max} (got '${params.Limit.slice(0, 20)}').`,
      })
    limit = n
  }
  const status = params.Status
  if (status !== undefined && !(EXECUTION_STATES as readonly string[]).includes(status))
    return fnfError('InvalidArgument', ctx, {
      region,
      detail: `Status must be one of ${EXECUTION_STATES.join(', ')}.`,
    })
  const ofFlow = ctx.store
    .all(PROVIDER)
    // As DescribeExecution: flows are found by name (the endpoint's region is not checked).
    .filter((run) => (run.extra as { flowName?: string }).flowName === flowName)
  if (ofFlow.length === 0) return fnfError('FlowNotExists', ctx, { args: [flowName], region })
  const selected = status === undefined ? ofFlow : ofFlow.filter((run) => run.status === status)
  const page = pageOf(selected, JSON.stringify([flowName, status ?? null]), limit, params.NextToken)
  if (!page.ok)
    return fnfError('InvalidArgument', ctx, { region, detail: 'NextToken is not valid for this request.' })
  const requestId = requestIdFor(ctx)
  const executions = page.runs.map((run) => {
    const { RequestId: _ignored, ...execution } = executionBody(run, requestId)
    return execution
  })
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify({
      RequestId: requestId,
      Executions: executions,
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    }),
  }
}
