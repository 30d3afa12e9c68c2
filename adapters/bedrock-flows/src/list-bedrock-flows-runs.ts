import type { ListFlowExecutionsCommandInput } from '@aws-sdk/client-bedrock-agent-runtime'
import { type ListContext, listPage, type RunError, type RunPage } from '@runstop/core'
import type { Result } from 'neverthrow'
import { type BedrockFlowsHandle, FIELDS, PROVIDER } from './bedrock-flows-handle.js'
import type { BedrockFlowsScope } from './bedrock-flows-scope.js'
import { mapStatus } from './map-bedrock-flows-status.js'

/** `maxResults` of ListFlowExecutions: 1–1000 (a page holds at most 10 summaries anyway). */
export const MAX_PAGE_SIZE = 1000

/** The ListFlowExecutions input of a page (the service has no status filter: the controller filters). */
export const listInput = (scope: BedrockFlowsScope, ctx: ListContext): ListFlowExecutionsCommandInput => ({
  flowIdentifier: scope.flowIdentifier,
  ...(scope.flowAliasIdentifier === undefined ? {} : { flowAliasIdentifier: scope.flowAliasIdentifier }),
  maxResults: Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE),
  ...(ctx.pageToken === undefined ? {} : { nextToken: ctx.pageToken }),
})

/**
 * The page of a ListFlowExecutions answer (a pure function). Each summary's handle comes from its
 * `executionArn` (flow, alias and execution ids); the scope's `region`, if any, is kept on the
 * handle so its stop goes where the listing went. A summary without one is `UNKNOWN`.
 */
export const pageOf = (
  scope: BedrockFlowsScope,
  output: unknown,
): Result<RunPage<BedrockFlowsHandle>, RunError> =>
  listPage<BedrockFlowsHandle>(output, {
    provider: PROVIDER,
    what: 'Bedrock flows ListFlowExecutions',
    scope,
    items: 'flowExecutionSummaries',
    run: (item) => {
      const arn = FIELDS.executionIdentifier.arn.exec(String(item.executionArn))?.groups
      if (arn === undefined) return undefined
      const { flowIdentifier, flowAliasIdentifier, executionIdentifier } = arn as Record<
        'flowIdentifier' | 'flowAliasIdentifier' | 'executionIdentifier',
        string
      >
      const region = scope.region === undefined ? {} : { region: scope.region }
      return {
        handle: { provider: PROVIDER, flowIdentifier, flowAliasIdentifier, executionIdentifier, ...region },
        status: mapStatus(item.status),
        providerStatus: item.status,
        startedAt: item.createdAt,
        endedAt: item.endedAt,
        raw: item,
      }
    },
  })
