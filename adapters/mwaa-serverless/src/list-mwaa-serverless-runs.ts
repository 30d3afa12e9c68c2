import { type ListContext, listPage, type RunError, type RunPage } from '@runstop/core'
import type { Result } from 'neverthrow'
import { mapStatus } from './map-mwaa-serverless-status.js'
import type { ListWorkflowRunsInput } from './mwaa-serverless-client.js'
import { type MwaaServerlessHandle, PROVIDER } from './mwaa-serverless-handle.js'
import type { MwaaServerlessScope } from './mwaa-serverless-scope.js'

/** `MaxResults` of ListWorkflowRuns: 1–100. The adapter asks for 100 unless told fewer. */
export const MAX_PAGE_SIZE = 100

/** One ListWorkflowRuns request: the service has no status filter, so the controller filters. */
export const listInput = (scope: MwaaServerlessScope, ctx: ListContext): ListWorkflowRunsInput => ({
  WorkflowArn: scope.workflowArn,
  ...(scope.workflowVersion === undefined ? {} : { WorkflowVersion: scope.workflowVersion }),
  MaxResults: Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE),
  ...(ctx.pageToken === undefined ? {} : { NextToken: ctx.pageToken }),
})

/** The page of a ListWorkflowRuns answer (`listPage`); a run without a `RunId` makes it unreadable. */
export function pageFromOutput(
  scope: MwaaServerlessScope,
  output: unknown,
): Result<RunPage<MwaaServerlessHandle>, RunError> {
  return listPage<MwaaServerlessHandle>(output, {
    provider: PROVIDER,
    what: 'MWAA Serverless ListWorkflowRuns',
    scope,
    items: 'WorkflowRuns',
    nextToken: 'NextToken',
    run: (item) => {
      const { RunId: runId, WorkflowArn, RunDetailSummary } = item
      if (typeof runId !== 'string' || runId === '') return undefined
      const workflowArn = typeof WorkflowArn === 'string' ? WorkflowArn : scope.workflowArn
      const { Status, StartedAt, EndedAt } = (RunDetailSummary ?? {}) as Record<string, unknown>
      const handle: MwaaServerlessHandle = { provider: PROVIDER, workflowArn, runId }
      return {
        handle,
        status: mapStatus(Status),
        providerStatus: Status,
        startedAt: StartedAt,
        endedAt: EndedAt,
        raw: item,
      }
    },
  })
}
