import { randomUUID } from 'node:crypto'
import type { RunHandle } from '@runstop/core'
import { verifySigV4 } from '../aws-sigv4-verify.js'
import type {
  CreateRunOptions,
  EmulatorRequest,
  EmulatorResponse,
  ProviderContext,
  ProviderModule,
  RequestIdentity,
  StoredRun,
} from '../types.js'
import { errorResponse, faultResponse, JSON_CONTENT_TYPE } from './errors.js'
import { randomAlphanumeric, regionOfArn, validateRunRequest, workflowArn } from './identifiers.js'
import { isoTimestamp, listWorkflowRuns } from './list-workflow-runs.js'

/** `X-Amz-Target: AmazonMWAAServerless.<Operation>` (the service's smithy `serviceTarget`). */
export const TARGET_PREFIX = 'AmazonMWAAServerless.'
/** SigV4 signing name. */
export const SIGNING_SERVICE = 'airflow-serverless'

const PROVIDER = 'mwaa-serverless'
const OPERATIONS = { StopWorkflowRun: 'stop', GetWorkflowRun: 'get', ListWorkflowRuns: 'list' } as const
type Operation = keyof typeof OPERATIONS

const ACTIVE = new Set(['STARTING', 'QUEUED', 'RUNNING'])
const TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'])

const SCOPE_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//

function parseBody(body: Buffer): { ok: true; value: Record<string, unknown> } | { ok: false } {
  // awsJson allows an empty body for an operation with no input; ours have required members.
  const text = body.toString('utf8').trim()
  if (text === '') return { ok: true, value: {} }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> }
  } catch {
    // fall through
  }
  return { ok: false }
}

function operationOf(request: EmulatorRequest): string | undefined {
  const target = request.headers['x-amz-target']
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target
}

function isOperation(name: string | undefined): name is Operation {
  return name !== undefined && Object.hasOwn(OPERATIONS, name)
}

const runKey = (arn: string, runId: string) => `${arn}|${runId}`

function json(ctx: ProviderContext, body: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': ctx.requestId() },
    body: JSON.stringify(body),
  }
}

function runDetail(run: StoredRun) {
  const {
    workflowArn: arn,
    runId,
    workflowVersion,
    runType,
    taskInstances,
  } = run.extra as {
    workflowArn: string
    runId: string
    workflowVersion: string
    runType: string
    taskInstances: string[]
  }
  const modifiedAt = Math.max(
    run.createdAt,
    run.startedAt ?? 0,
    run.endedAt ?? 0,
    Number(run.extra.modifiedAt ?? 0),
  )
  const detail: Record<string, unknown> = {
    WorkflowArn: arn,
    WorkflowVersion: workflowVersion,
    RunId: runId,
    RunType: runType,
    CreatedAt: isoTimestamp(run.createdAt),
    ModifiedAt: isoTimestamp(modifiedAt),
    TaskInstances: taskInstances,
    RunState: run.status,
  }
  if (run.startedAt !== undefined) detail.StartedOn = isoTimestamp(run.startedAt)
  if (run.endedAt !== undefined && TERMINAL.has(run.status)) {
    detail.CompletedOn = isoTimestamp(run.endedAt)
    detail.Duration = Math.round((run.endedAt - (run.startedAt ?? run.createdAt)) / 1000)
  }
  if (run.errorMessage !== undefined) detail.ErrorMessage = run.errorMessage
  return detail
}

function notFound(ctx: ProviderContext, params: { WorkflowArn: string; RunId: string }): EmulatorResponse {
  const workflowKnown = ctx.store.all(PROVIDER).some((run) => run.extra.workflowArn === params.WorkflowArn)
  return workflowKnown
    ? errorResponse('ResourceNotFoundException', ctx, {
        Message: `Workflow run ${params.RunId} was not found.`,
        ResourceId: params.RunId,
        ResourceType: 'WorkflowRun',
      })
    : errorResponse('ResourceNotFoundException', ctx, {
        Message: `Workflow ${params.WorkflowArn} was not found.`,
        ResourceId: params.WorkflowArn,
        ResourceType: 'Workflow',
      })
}

function stopWorkflowRun(run: StoredRun, ctx: ProviderContext): EmulatorResponse {
  const { workflowArn: arn, runId, workflowVersion } = run.extra as Record<string, string>
  if (ACTIVE.has(run.status)) {
    const now = ctx.now()
    run.extra.modifiedAt = now
    if (ctx.stopDelayMs <= 0) {
      run.status = 'STOPPED'
      run.endedAt = now
    } else {
      run.status = 'STOPPING'
      run.transition = { to: 'STOPPED', at: now + ctx.stopDelayMs }
    }
  } else if (run.status !== 'STOPPING') {
    // A finished run: the documented client error of StopWorkflowRun for a request the service
    // cannot carry out (see NOTES.md), so a caller confirms with GetWorkflowRun.
    return errorResponse('ValidationException', ctx, {
      Message: `Workflow run ${runId} is in state ${run.status} and cannot be stopped.`,
      Reason: 'other',
    })
  }
  // A second stop of a STOPPING run answers the current state, like the first one did.
  return json(ctx, { WorkflowArn: arn, WorkflowVersion: workflowVersion, RunId: runId, Status: run.status })
}

function getWorkflowRun(run: StoredRun, ctx: ProviderContext): EmulatorResponse {
  const detail = runDetail(run)
  return json(ctx, {
    WorkflowArn: detail.WorkflowArn,
    WorkflowVersion: detail.WorkflowVersion,
    RunId: detail.RunId,
    RunType: detail.RunType,
    OverrideParameters: run.extra.overrideParameters ?? {},
    RunDetail: detail,
  })
}

async function serve(request: EmulatorRequest, ctx: ProviderContext): Promise<EmulatorResponse> {
  if (request.method !== 'POST' || request.path !== '/')
    return errorResponse('UnknownOperationException', ctx, {
      Message: `${request.method} ${request.path} is not an operation of this service.`,
    })
  const auth = await verifySigV4(request, {
    service: SIGNING_SERVICE,
    accessKeyId: ctx.credentials.aws.accessKeyId,
    secretAccessKey: ctx.credentials.aws.secretAccessKey,
  })
  if (!auth.ok) return errorResponse(auth.code, ctx, { Message: auth.message })

  const operation = operationOf(request)
  if (!isOperation(operation))
    return errorResponse('UnknownOperationException', ctx, {
      Message: `Unknown operation: ${request.headers['x-amz-target'] ?? '(no X-Amz-Target header)'}`,
    })
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (contentType !== JSON_CONTENT_TYPE)
    return errorResponse('ValidationException', ctx, {
      Message: `Content-Type must be ${JSON_CONTENT_TYPE}.`,
      Reason: 'cannotParse',
    })
  const body = parseBody(request.body)
  if (!body.ok)
    return errorResponse('ValidationException', ctx, {
      Message: 'The request body is not a JSON object.',
      Reason: 'cannotParse',
    })
  if (operation === 'ListWorkflowRuns') return listWorkflowRuns(body.value, auth.region, ctx)
  const fields = validateRunRequest(body.value)
  if (fields.length > 0)
    return errorResponse('ValidationException', ctx, {
      Message: `${fields.length} validation error(s) detected: ${fields.map((f) => f.Message).join(' ')}`,
      Reason: 'fieldValidationFailed',
      FieldList: fields,
    })
  const params = body.value as { WorkflowArn: string; RunId: string }
  // A run lives in its ARN's region; a request signed for another region cannot see it.
  if (regionOfArn(params.WorkflowArn) !== auth.region) return notFound(ctx, params)
  const run = ctx.store.get(PROVIDER, runKey(params.WorkflowArn, params.RunId))
  if (!run || run.region !== auth.region) return notFound(ctx, params)
  return operation === 'StopWorkflowRun' ? stopWorkflowRun(run, ctx) : getWorkflowRun(run, ctx)
}

function identify(request: EmulatorRequest): RequestIdentity {
  const operation = operationOf(request) ?? 'unknown'
  const region = SCOPE_REGION.exec(request.headers.authorization ?? '')?.[1]
  const body = parseBody(request.body)
  return {
    operation,
    ...(isOperation(operation) ? { kind: OPERATIONS[operation] } : {}),
    ...(region ? { region } : {}),
    params: body.ok ? body.value : {},
  }
}

function createRun(options: CreateRunOptions, ctx: ProviderContext): RunHandle {
  const ids = options.ids ?? {}
  const givenArn = ids.workflowArn
  const region = (givenArn && regionOfArn(givenArn)) || options.region || 'us-east-1'
  const arn =
    givenArn ?? workflowArn(region, ids.accountId ?? '123456789012', ids.workflowName ?? 'etl-pipeline')
  const runId = ids.runId ?? randomAlphanumeric(20)
  const status = options.status ?? 'RUNNING'
  const now = ctx.now()
  const upper = status.toUpperCase()
  const startedAt = upper === 'STARTING' || upper === 'QUEUED' ? undefined : now
  const run: StoredRun = {
    provider: PROVIDER,
    key: runKey(arn, runId),
    region,
    status,
    createdAt: now,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(TERMINAL.has(upper) ? { endedAt: now } : {}),
    ...(options.errorMessage !== undefined
      ? { errorMessage: options.errorMessage }
      : upper === 'FAILED'
        ? { errorMessage: 'Task extract failed: exit code 1' }
        : {}),
    extra: {
      workflowArn: arn,
      runId,
      workflowVersion: ids.workflowVersion ?? randomUUID().replaceAll('-', '').slice(0, 12),
      runType: 'ON_DEMAND',
      overrideParameters: {},
      taskInstances: [`ti-${randomAlphanumeric(12)}`, `ti-${randomAlphanumeric(12)}`],
    },
  }
  ctx.store.put(run)
  return { provider: PROVIDER, workflowArn: arn, runId }
}

/** Amazon MWAA Serverless over awsJson1_0 with SigV4 (see NOTES.md). */
export const mwaaServerlessModule: ProviderModule = {
  provider: PROVIDER,
  throttlingCode: 'ThrottlingException',
  internalErrorCode: 'InternalServerException',
  identify,
  serve,
  errorResponse: faultResponse,
  createRun,
}
