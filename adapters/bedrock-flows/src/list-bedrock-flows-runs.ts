import type { ListFlowExecutionsCommandInput } from '@aws-sdk/client-bedrock-agent-runtime'
import type { ListContext } from '@runstop/core'
import { type BedrockFlowsHandle, FIELDS, PROVIDER } from './bedrock-flows-handle.js'
import type { BedrockFlowsScope } from './bedrock-flows-scope.js'

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
 * The handle a ListFlowExecutions summary names, from its `executionArn` (flow, alias and
 * execution ids); the scope's `region`, if any, is kept on the handle so its stop goes where the
 * listing went. `undefined` for a summary without one.
 */
export function handleOfSummary(
  item: Readonly<Record<string, unknown>>,
  scope: BedrockFlowsScope,
): BedrockFlowsHandle | undefined {
  const arn = FIELDS.executionIdentifier.arn.exec(String(item.executionArn))?.groups
  if (arn === undefined) return undefined
  const { flowIdentifier, flowAliasIdentifier, executionIdentifier } = arn as Record<
    'flowIdentifier' | 'flowAliasIdentifier' | 'executionIdentifier',
    string
  >
  const region = scope.region === undefined ? {} : { region: scope.region }
  return { provider: PROVIDER, flowIdentifier, flowAliasIdentifier, executionIdentifier, ...region }
}
