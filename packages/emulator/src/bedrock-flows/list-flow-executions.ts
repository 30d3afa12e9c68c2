import { pageOf } from '../list-pages.js'
import type { EmulatorRequest, EmulatorResponse, ProviderContext, StoredRun } from '../types.js'
import { bedrockError } from './errors.js'
import { executionArn, parseLabels } from './protocol.js'

const PROVIDER = 'bedrock-flows'

/**
 * `ListFlowExecutions`: `GET /flows/{flowIdentifier}/executions?flowAliasIdentifier=&maxResults=&nextToken=`
 * (SDK schema `ListFlowExecutions$`). `maxResults` is 1–1000 (service model), but
 * `FlowExecutionSummaries` holds at most 10 members, so a page never has more than 10.
 */
export const LIST_MAX_RESULTS = { min: 1, max: 1000 } as const
/** The model's limit on `FlowExecutionSummaries`: the most summaries one page holds. */
export const SUMMARIES_PER_PAGE = 10
/** `NextToken`: 1–2048 characters, `^\S*$`. */
const NEXT_TOKEN = /^\S{1,2048}$/

const ROUTE = /^\/flows\/([^/]+)\/executions$/

/** The raw flow label when the request is a ListFlowExecutions, else undefined. */
export function matchListRoute(method: string, path: string): string | undefined {
  if (method !== 'GET') return undefined
  return ROUTE.exec(path)?.[1]
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

function summary(run: StoredRun): Record<string, unknown> {
  const extra = run.extra as {
    flowIdentifier: string
    flowAliasIdentifier: string
    executionIdentifier: string
    flowVersion: string
  }
  return {
    executionArn: executionArn(
      run.region,
      extra.flowIdentifier,
      extra.flowAliasIdentifier,
      extra.executionIdentifier,
    ),
    flowAliasIdentifier: extra.flowAliasIdentifier,
    flowIdentifier: extra.flowIdentifier,
    flowVersion: extra.flowVersion,
    status: run.status,
    createdAt: new Date(run.createdAt).toISOString(),
    ...(run.endedAt === undefined ? {} : { endedAt: new Date(run.endedAt).toISOString() }),
  }
}

/**
 * The executions of a flow (of one alias when `flowAliasIdentifier` is given), newest first. No
 * status filter exists. A flow, or an alias of it, that the emulator has no execution of is
 * `ResourceNotFoundException` (404).
 */
export function listFlowExecutions(
  request: EmulatorRequest,
  rawFlow: string,
  region: string,
  ctx: ProviderContext,
): EmulatorResponse {
  const query = request.query
  const aliasGiven = query.get('flowAliasIdentifier') ?? undefined
  const labels = parseLabels({
    flowIdentifier: decode(rawFlow),
    flowAliasIdentifier: aliasGiven ?? 'TSTALIASID',
    executionIdentifier: 'list',
  })
  if (!labels.ok) return bedrockError('ValidationException', ctx, { message: labels.message })
  const maxText = query.get('maxResults')
  let maxResults: number = LIST_MAX_RESULTS.max
  if (maxText !== null) {
    const parsed = Number(maxText)
    if (!/^\d+$/.test(maxText) || parsed < LIST_MAX_RESULTS.min || parsed > LIST_MAX_RESULTS.max)
      return bedrockError('ValidationException', ctx, {
        message: `1 validation error detected: Value '${maxText.slice(0, 20)}' at 'maxResults' failed to satisfy constraint: Member must have value between ${LIST_MAX_RESULTS.min} and ${LIST_MAX_RESULTS.max}`,
      })
    maxResults = parsed
  }
  const token = query.get('nextToken') ?? undefined
  if (token !== undefined && !NEXT_TOKEN.test(token))
    return bedrockError('ValidationException', ctx, {
      message: `1 validation error detected: Value at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\S*$`,
    })
  const flowId = labels.flow.id
  const aliasId = aliasGiven === undefined ? undefined : labels.alias.id
  const foreign = [labels.flow.region, aliasGiven === undefined ? undefined : labels.alias.region].some(
    (r) => r !== undefined && r !== region,
  )
  const ofFlow = foreign
    ? []
    : ctx.store.all(PROVIDER).filter((run) => run.region === region && run.extra.flowIdentifier === flowId)
  const selected =
    aliasId === undefined ? ofFlow : ofFlow.filter((run) => run.extra.flowAliasIdentifier === aliasId)
  if (selected.length === 0)
    return bedrockError('ResourceNotFoundException', ctx, {
      message:
        aliasId === undefined || ofFlow.length === 0
          ? `Flow ${flowId} was not found.`
          : `Flow alias ${aliasId} was not found for flow ${flowId}.`,
    })
  const page = pageOf(
    selected,
    JSON.stringify([region, flowId, aliasId ?? null]),
    Math.min(maxResults, SUMMARIES_PER_PAGE),
    token,
  )
  if (!page.ok)
    return bedrockError('ValidationException', ctx, { message: 'The provided nextToken is not valid.' })
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId() },
    body: JSON.stringify({
      flowExecutionSummaries: page.runs.map(summary),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    }),
  }
}
