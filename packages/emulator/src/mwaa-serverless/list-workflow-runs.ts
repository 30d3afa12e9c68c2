import { pageOf } from '../list-pages.js'
import type { EmulatorResponse, ProviderContext, StoredRun } from '../types.js'
import { errorResponse, JSON_CONTENT_TYPE, type ValidationField } from './errors.js'
import { regionOfArn, WORKFLOW_ARN_PATTERN } from './identifiers.js'

const PROVIDER = 'mwaa-serverless'

/** `ListWorkflowRunsRequest.MaxResults`: range 1–100, default 20 (service model). */
export const LIST_MAX_RESULTS = { min: 1, max: 100, default: 20 } as const
/** `VersionId`: 1–2048 characters, `^.+$`. */
const VERSION_PATTERN = /^.+$/
const VERSION_MAX_LENGTH = 2048

/**
 * A timestamp as the model declares it: `TimestampValue` is `timestampFormat: date-time`, so the
 * service writes ISO 8601 strings, not awsJson1_0's default epoch seconds (Get as well as List).
 */
export const isoTimestamp = (ms: number) => new Date(ms).toISOString()

const TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'])

function validate(params: Record<string, unknown>): ValidationField[] {
  const fields: ValidationField[] = []
  const arn = params.WorkflowArn
  if (arn === undefined || arn === null)
    fields.push({ Name: 'WorkflowArn', Message: 'WorkflowArn is required.' })
  else if (typeof arn !== 'string' || arn.length > 2048 || !WORKFLOW_ARN_PATTERN.test(arn))
    fields.push({
      Name: 'WorkflowArn',
      Message: `WorkflowArn must satisfy the pattern ${WORKFLOW_ARN_PATTERN.source}.`,
    })
  const version = params.WorkflowVersion
  if (
    version !== undefined &&
    version !== null &&
    (typeof version !== 'string' ||
      version.length < 1 ||
      version.length > VERSION_MAX_LENGTH ||
      !VERSION_PATTERN.test(version))
  )
    fields.push({
      Name: 'WorkflowVersion',
      Message: `WorkflowVersion must be 1 to ${VERSION_MAX_LENGTH} characters of ${VERSION_PATTERN.source}.`,
    })
  const max = params.MaxResults
  if (
    max !== undefined &&
    max !== null &&
    !(
      Number.isInteger(max) &&
      (max as number) >= LIST_MAX_RESULTS.min &&
      (max as number) <= LIST_MAX_RESULTS.max
    )
  )
    fields.push({
      Name: 'MaxResults',
      Message: `MaxResults must be between ${LIST_MAX_RESULTS.min} and ${LIST_MAX_RESULTS.max}.`,
    })
  const token = params.NextToken
  if (token !== undefined && token !== null && typeof token !== 'string')
    fields.push({ Name: 'NextToken', Message: 'NextToken must be a string.' })
  return fields
}

function summary(run: StoredRun): Record<string, unknown> {
  const extra = run.extra as { workflowArn: string; runId: string; workflowVersion: string; runType: string }
  const detail: Record<string, unknown> = { Status: run.status, CreatedOn: isoTimestamp(run.createdAt) }
  if (run.startedAt !== undefined) detail.StartedAt = isoTimestamp(run.startedAt)
  if (run.endedAt !== undefined && TERMINAL.has(run.status)) detail.EndedAt = isoTimestamp(run.endedAt)
  return {
    RunId: extra.runId,
    WorkflowArn: extra.workflowArn,
    WorkflowVersion: extra.workflowVersion,
    RunType: extra.runType,
    RunDetailSummary: detail,
  }
}

/**
 * ListWorkflowRuns: the runs of one workflow (and one version, if asked), newest first,
 * `MaxResults` (1–100, default 20) per page, a cursor `NextToken`. The model lists no
 * ResourceNotFoundException for this operation; a workflow the emulator does not know is answered
 * as GetWorkflowRun answers it (ResourceNotFoundException, `ResourceType: 'Workflow'`), the
 * service's usual error for a missing resource.
 */
export function listWorkflowRuns(
  params: Record<string, unknown>,
  region: string,
  ctx: ProviderContext,
): EmulatorResponse {
  const fields = validate(params)
  if (fields.length > 0)
    return errorResponse('ValidationException', ctx, {
      Message: `${fields.length} validation error(s) detected: ${fields.map((f) => f.Message).join(' ')}`,
      Reason: 'fieldValidationFailed',
      FieldList: fields,
    })
  const arn = params.WorkflowArn as string
  const version = typeof params.WorkflowVersion === 'string' ? params.WorkflowVersion : undefined
  const ofWorkflow =
    regionOfArn(arn) === region
      ? ctx.store.all(PROVIDER).filter((run) => run.extra.workflowArn === arn && run.region === region)
      : []
  if (ofWorkflow.length === 0)
    return errorResponse('ResourceNotFoundException', ctx, {
      Message: `Workflow ${arn} was not found.`,
      ResourceId: arn,
      ResourceType: 'Workflow',
    })
  const selected =
    version === undefined ? ofWorkflow : ofWorkflow.filter((run) => run.extra.workflowVersion === version)
  const limit = typeof params.MaxResults === 'number' ? params.MaxResults : LIST_MAX_RESULTS.default
  const token = typeof params.NextToken === 'string' ? params.NextToken : undefined
  const page = pageOf(selected, JSON.stringify([arn, version ?? null]), limit, token)
  if (!page.ok)
    return errorResponse('ValidationException', ctx, {
      Message: 'The pagination token is invalid.',
      Reason: 'fieldValidationFailed',
      FieldList: [{ Name: 'NextToken', Message: 'NextToken is not valid for this request.' }],
    })
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': ctx.requestId() },
    body: JSON.stringify({
      WorkflowRuns: page.runs.map(summary),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    }),
  }
}
