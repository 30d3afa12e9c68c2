import {
  type ListContext,
  parseTimestamp,
  RunError,
  type RunPage,
  type RunSnapshot,
  splitSdkOutput,
} from '@runstop/core'
import { errAsync, okAsync, ResultAsync } from 'neverthrow'
import { mapError } from './map-mwaa-serverless-error.js'
import { mapStatus } from './map-mwaa-serverless-status.js'
import type {
  ListWorkflowRunsOutput,
  MwaaServerlessClient,
  SecretRegistry,
} from './mwaa-serverless-client.js'
import { type MwaaServerlessHandle, PROVIDER, regionOfWorkflowArn } from './mwaa-serverless-handle.js'
import type { MwaaServerlessScope } from './mwaa-serverless-scope.js'

/** `MaxResults` of ListWorkflowRuns: 1–100. The adapter asks for 100 unless told fewer. */
export const MAX_PAGE_SIZE = 100

type Loose = Record<string, unknown>
const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined

function malformed(scope: MwaaServerlessScope, what: string, requestId?: string): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `MWAA Serverless ListWorkflowRuns answered ${what}.`,
    provider: PROVIDER,
    operation: 'list',
    handle: scope,
    httpStatus: 200,
    ...(requestId === undefined ? {} : { requestId }),
  })
}

/** One page of snapshots from a ListWorkflowRuns answer (exported for table tests). */
export function pageFromOutput(
  scope: MwaaServerlessScope,
  output: ListWorkflowRunsOutput,
): { ok: true; page: RunPage<MwaaServerlessHandle> } | { ok: false; error: RunError } {
  const { body, requestId } = splitSdkOutput(output)
  const list = body.WorkflowRuns ?? []
  if (!Array.isArray(list))
    return { ok: false, error: malformed(scope, 'WorkflowRuns that is not a list', requestId) }
  const runs: RunSnapshot<MwaaServerlessHandle>[] = []
  for (const item of list) {
    const summary = asObject(item)
    const runId = summary?.RunId
    if (summary === undefined || typeof runId !== 'string' || runId === '')
      return { ok: false, error: malformed(scope, 'a run without a RunId', requestId) }
    const workflowArn = typeof summary.WorkflowArn === 'string' ? summary.WorkflowArn : scope.workflowArn
    const detail = asObject(summary.RunDetailSummary) ?? {}
    const providerStatus = typeof detail.Status === 'string' ? detail.Status : ''
    const startedAt = parseTimestamp(detail.StartedAt)
    const endedAt = parseTimestamp(detail.EndedAt)
    runs.push({
      handle: { provider: PROVIDER, workflowArn, runId },
      status: mapStatus(providerStatus),
      providerStatus,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined ? {} : { endedAt }),
      ...(requestId === undefined ? {} : { requestId }),
      raw: summary,
    })
  }
  const next = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined
  return { ok: true, page: { runs, ...(next === undefined ? {} : { nextPageToken: next }) } }
}

/**
 * `doList` of the MWAA Serverless adapter: one ListWorkflowRuns request. The service has no
 * status filter: every run of the page is returned and the controller filters.
 */
export function listMwaaServerlessRuns(
  client: MwaaServerlessClient,
  scope: MwaaServerlessScope,
  ctx: ListContext,
  secrets: SecretRegistry,
): ResultAsync<RunPage<MwaaServerlessHandle>, RunError> {
  if (typeof client.listWorkflowRuns !== 'function')
    return errAsync(
      new RunError({
        code: 'NOT_SUPPORTED',
        message: 'The MWAA Serverless client given to this adapter has no listWorkflowRuns method.',
        provider: PROVIDER,
        operation: 'list',
        handle: scope,
      }),
    )
  const list = client.listWorkflowRuns.bind(client)
  const pageSize = Math.min(Math.max(1, Math.floor(ctx.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE)
  const input = {
    WorkflowArn: scope.workflowArn,
    ...(scope.workflowVersion === undefined ? {} : { WorkflowVersion: scope.workflowVersion }),
    MaxResults: pageSize,
    ...(ctx.pageToken === undefined ? {} : { NextToken: ctx.pageToken }),
  }
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => list(input, { abortSignal: ctx.signal })),
    (error) =>
      mapError(error, { operation: 'list', handle: scope, secrets: secrets.values(), signal: ctx.signal }),
  ).andThen((output) => {
    const page = pageFromOutput(scope, output)
    return page.ok ? okAsync(page.page) : errAsync(page.error)
  })
}

/** The region a scope's requests go to: the workflow ARN's. */
export const regionOfScope = (scope: MwaaServerlessScope): string =>
  regionOfWorkflowArn(scope.workflowArn) ?? 'us-east-1'
