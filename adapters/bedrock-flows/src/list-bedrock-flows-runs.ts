import {
  type ListContext,
  parseTimestamp,
  RunError,
  type RunPage,
  type RunSnapshot,
  splitSdkOutput,
} from '@runstop/core'
import { errAsync, okAsync, ResultAsync } from 'neverthrow'
import type { BedrockFlowsAdapterSettings, ClientSource } from './bedrock-flows-client.js'
import { type BedrockFlowsHandle, PROVIDER } from './bedrock-flows-handle.js'
import type { BedrockFlowsScope } from './bedrock-flows-scope.js'
import { mapError } from './map-bedrock-flows-error.js'
import { mapStatus } from './map-bedrock-flows-status.js'

/** `maxResults` of ListFlowExecutions: 1–1000 (a page holds at most 10 summaries anyway). */
export const MAX_PAGE_SIZE = 1000

/** `…:flow/<flow>/alias/<alias>/execution/<execution>` of a flow execution ARN. */
const EXECUTION_ARN = /:flow\/([0-9a-zA-Z]{10})\/alias\/([0-9a-zA-Z]+)\/execution\/([a-zA-Z0-9-]{1,36})$/

type Loose = Record<string, unknown>
const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined

function malformed(scope: BedrockFlowsScope, what: string, requestId?: string): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `Bedrock flows ListFlowExecutions answered ${what}.`,
    provider: PROVIDER,
    operation: 'list',
    handle: scope,
    ...(requestId === undefined ? {} : { requestId }),
  })
}

/**
 * One page from a ListFlowExecutions answer (exported for table tests). Each summary's handle
 * comes from its `executionArn` (flow, alias and execution ids); the scope's `region`, if any, is
 * kept on the handle so its stop goes where the listing went.
 */
export function pageFromOutput(
  scope: BedrockFlowsScope,
  output: unknown,
): { ok: true; page: RunPage<BedrockFlowsHandle> } | { ok: false; error: RunError } {
  const { body, requestId } = splitSdkOutput(output)
  const list = body.flowExecutionSummaries ?? []
  if (!Array.isArray(list))
    return { ok: false, error: malformed(scope, 'flowExecutionSummaries that is not a list', requestId) }
  const runs: RunSnapshot<BedrockFlowsHandle>[] = []
  for (const item of list) {
    const summary = asObject(item)
    const ids = typeof summary?.executionArn === 'string' ? EXECUTION_ARN.exec(summary.executionArn) : null
    if (summary === undefined || ids === null)
      return { ok: false, error: malformed(scope, 'a summary without a flow execution ARN', requestId) }
    const providerStatus = typeof summary.status === 'string' ? summary.status : ''
    const startedAt = parseTimestamp(summary.createdAt)
    const endedAt = parseTimestamp(summary.endedAt)
    runs.push({
      handle: {
        provider: PROVIDER,
        flowIdentifier: ids[1] as string,
        flowAliasIdentifier: ids[2] as string,
        executionIdentifier: ids[3] as string,
        ...(scope.region === undefined ? {} : { region: scope.region }),
      },
      status: mapStatus(providerStatus),
      providerStatus,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined ? {} : { endedAt }),
      ...(requestId === undefined ? {} : { requestId }),
      raw: summary,
    })
  }
  const next = typeof body.nextToken === 'string' && body.nextToken !== '' ? body.nextToken : undefined
  return { ok: true, page: { runs, ...(next === undefined ? {} : { nextPageToken: next }) } }
}

/**
 * `doList` of the Bedrock flows adapter: one `ListFlowExecutionsCommand`. The service has no
 * status filter: the controller filters each page.
 */
export function listBedrockFlowsRuns(
  source: ClientSource,
  settings: BedrockFlowsAdapterSettings,
  secrets: readonly string[],
  scope: BedrockFlowsScope,
  ctx: ListContext,
): ResultAsync<RunPage<BedrockFlowsHandle>, RunError> {
  const maxResults = Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE)
  return ResultAsync.fromPromise(
    Promise.resolve().then(async () => {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('The call was aborted.')
      const sdk = await source.sdk()
      const client = await source.client(scope.region ?? settings.region)
      return client.send(
        new sdk.ListFlowExecutionsCommand({
          flowIdentifier: scope.flowIdentifier,
          ...(scope.flowAliasIdentifier === undefined
            ? {}
            : { flowAliasIdentifier: scope.flowAliasIdentifier }),
          maxResults,
          ...(ctx.pageToken === undefined ? {} : { nextToken: ctx.pageToken }),
        }),
        { abortSignal: ctx.signal },
      )
    }),
    (error) => mapError(error, { operation: 'list', handle: scope, secrets, signal: ctx.signal }),
  ).andThen((output) => {
    const page = pageFromOutput(scope, output)
    return page.ok ? okAsync(page.page) : errAsync(page.error)
  })
}
