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
import { ARN_MAX_LENGTH, EXECUTION_ARN, executionArn, invalidExecutionArn, stateMachineArn } from './arns.js'
import { errorResponse, faultResponse, JSON_CONTENT_TYPE } from './errors.js'
import {
  ACTIVE,
  epochSeconds,
  executionSummary,
  invalid,
  json,
  PROVIDER,
  stateMachines,
  TERMINAL,
} from './executions.js'
import { listExecutions } from './list-executions.js'

/** `X-Amz-Target: AWSStepFunctions.<Operation>` (the model's `targetPrefix`). */
export const TARGET_PREFIX = 'AWSStepFunctions.'
/** SigV4 signing name (the model's `endpointPrefix`). */
export const SIGNING_SERVICE = 'states'

const OPERATIONS = {
  StopExecution: 'stop',
  DescribeExecution: 'get',
  ListExecutions: 'list',
  RedriveExecution: undefined,
} as const
type Operation = keyof typeof OPERATIONS

/** `SensitiveError` max 256, `SensitiveCause` max 32,768 (service model). */
const ERROR_MAX = 256
const CAUSE_MAX = 32_768

const SCOPE_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//
let sequence = 0

function parseBody(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8').trim()
  if (text === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

const operationOf = (request: EmulatorRequest) => {
  const target = request.headers['x-amz-target']
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target
}
const isOperation = (name: string | undefined): name is Operation =>
  name !== undefined && Object.hasOwn(OPERATIONS, name)

function describeExecution(run: StoredRun, ctx: ProviderContext): EmulatorResponse {
  const body: Record<string, unknown> = {
    ...executionSummary(run),
    input: '{}',
    inputDetails: { included: true },
  }
  if (run.status === 'SUCCEEDED') Object.assign(body, { output: '{}', outputDetails: { included: true } })
  if (TERMINAL.has(run.status) && run.status !== 'SUCCEEDED') {
    if (run.error !== undefined) body.error = run.error
    if (run.cause !== undefined) body.cause = run.cause
  }
  body.redriveStatus =
    TERMINAL.has(run.status) && run.status !== 'SUCCEEDED' ? 'REDRIVABLE' : 'NOT_REDRIVABLE'
  return json(ctx, body)
}

/**
 * Stops an execution. The reply carries only `stopDate`. A running (or pending-redrive) execution
 * becomes ABORTED `stopDelayMs` later (DescribeExecution is eventually consistent: it may still
 * say RUNNING right after); a finished one is left as it is and the stop still answers success,
 * as the service does, so only a DescribeExecution tells the two apart.
 */
function stopExecution(
  run: StoredRun,
  params: Record<string, unknown>,
  ctx: ProviderContext,
): EmulatorResponse {
  const now = ctx.now()
  if (ACTIVE.has(run.status) && run.transition?.to !== 'ABORTED') {
    if (typeof params.error === 'string') run.error = params.error
    else delete run.error
    if (typeof params.cause === 'string') run.cause = params.cause
    else delete run.cause
    if (ctx.stopDelayMs <= 0) {
      run.status = 'ABORTED'
      run.endedAt = now
      run.transition = undefined
    } else run.transition = { to: 'ABORTED', at: now + ctx.stopDelayMs }
  }
  return json(ctx, { stopDate: epochSeconds(now) })
}

/** RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution runs again under the same ARN. */
function redriveExecution(run: StoredRun, ctx: ProviderContext): EmulatorResponse {
  if (!TERMINAL.has(run.status) || run.status === 'SUCCEEDED')
    return errorResponse(
      'ExecutionNotRedrivable',
      ctx,
      `Execution '${run.extra.executionArn}' cannot be redriven: its status is ${run.status}.`,
    )
  const now = ctx.now()
  run.extra.redriveCount = Number(run.extra.redriveCount ?? 0) + 1
  run.extra.redriveDate = now
  run.endedAt = undefined
  delete run.error
  delete run.cause
  if (ctx.stopDelayMs <= 0) run.status = 'RUNNING'
  else {
    run.status = 'PENDING_REDRIVE'
    run.transition = { to: 'RUNNING', at: now + ctx.stopDelayMs }
  }
  return json(ctx, { redriveDate: epochSeconds(now) })
}

/** The executionArn / error / cause members checked as the service does, or its error. */
function checkExecutionInput(
  params: Record<string, unknown>,
  ctx: ProviderContext,
): EmulatorResponse | undefined {
  const arn = params.executionArn
  if (typeof arn !== 'string') return invalid(ctx, 'executionArn', 'Member must not be null')
  if (arn.length < 1 || arn.length > ARN_MAX_LENGTH)
    return invalid(ctx, 'executionArn', `Member must have length less than or equal to ${ARN_MAX_LENGTH}`)
  const problem = invalidExecutionArn(arn)
  if (problem !== undefined) return errorResponse('InvalidArn', ctx, problem)
  if (params.error !== undefined && (typeof params.error !== 'string' || params.error.length > ERROR_MAX))
    return invalid(ctx, 'error', `Member must have length less than or equal to ${ERROR_MAX}`)
  if (params.cause !== undefined && (typeof params.cause !== 'string' || params.cause.length > CAUSE_MAX))
    return invalid(ctx, 'cause', `Member must have length less than or equal to ${CAUSE_MAX}`)
  return undefined
}

async function serve(request: EmulatorRequest, ctx: ProviderContext): Promise<EmulatorResponse> {
  if (request.method !== 'POST' || request.path !== '/')
    return errorResponse(
      'UnknownOperationException',
      ctx,
      `${request.method} ${request.path} is not an operation.`,
    )
  const auth = await verifySigV4(request, {
    service: SIGNING_SERVICE,
    accessKeyId: ctx.credentials.aws.accessKeyId,
    secretAccessKey: ctx.credentials.aws.secretAccessKey,
  })
  if (!auth.ok) return errorResponse(auth.code, ctx, auth.message)
  const operation = operationOf(request)
  if (!isOperation(operation))
    return errorResponse(
      'UnknownOperationException',
      ctx,
      `Unknown operation: ${operation ?? '(no X-Amz-Target)'}`,
    )
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  const params = contentType === JSON_CONTENT_TYPE ? parseBody(request.body) : undefined
  if (params === undefined)
    return errorResponse('SerializationException', ctx, 'The request body is not an awsJson1_0 JSON object.')
  if (operation === 'ListExecutions') return listExecutions(params, auth.region, ctx)
  const problem = checkExecutionInput(params, ctx)
  if (problem) return problem
  const arn = params.executionArn as string
  const run = ctx.store.get(PROVIDER, arn)
  // An execution lives in its ARN's region: a request signed for another region cannot see it.
  if (!run || run.region !== auth.region)
    return errorResponse('ExecutionDoesNotExist', ctx, `Execution Does Not Exist: '${arn}'`)
  if (operation === 'StopExecution') return stopExecution(run, params, ctx)
  if (operation === 'RedriveExecution') return redriveExecution(run, ctx)
  return describeExecution(run, ctx)
}

function identify(request: EmulatorRequest): RequestIdentity {
  const operation = operationOf(request) ?? 'unknown'
  const region = SCOPE_REGION.exec(request.headers.authorization ?? '')?.[1]
  const kind = isOperation(operation) ? OPERATIONS[operation] : undefined
  return {
    operation,
    ...(kind ? { kind } : {}),
    ...(region ? { region } : {}),
    params: parseBody(request.body) ?? {},
  }
}

/**
 * Creates an execution (and its state machine, on first use). `ids`: `stateMachineName`,
 * `accountId`, `executionName`, `type` (`STANDARD` or `EXPRESS`), `finishAfterMs` (a running
 * execution then SUCCEEDS on its own after that long). A FAILED one gets `error`/`cause`.
 */
function createRun(options: CreateRunOptions, ctx: ProviderContext): RunHandle {
  const ids = options.ids ?? {}
  const region = options.region ?? 'us-east-1'
  const type = ids.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD'
  const machineArn = stateMachineArn(
    region,
    ids.accountId ?? '123456789012',
    ids.stateMachineName ?? 'order-pipeline',
  )
  const machines = stateMachines(ctx.store)
  if (!machines.has(machineArn)) machines.set(machineArn, { arn: machineArn, type, region })
  const arn = executionArn(machineArn, machines.get(machineArn)?.type ?? type, ids.executionName ?? undefined)
  const status = (options.status ?? 'RUNNING').toUpperCase()
  const now = ctx.now()
  const finishAfterMs = Number(ids.finishAfterMs)
  const run: StoredRun = {
    provider: PROVIDER,
    key: arn,
    region,
    status,
    createdAt: now,
    startedAt: now,
    ...(TERMINAL.has(status) ? { endedAt: now } : {}),
    ...(status === 'RUNNING' && finishAfterMs > 0
      ? { transition: { to: 'SUCCEEDED', at: now + finishAfterMs } }
      : {}),
    ...(status === 'FAILED'
      ? { error: 'States.TaskFailed', cause: options.errorMessage ?? 'Task ChargeCard failed: card declined' }
      : {}),
    extra: {
      executionArn: arn,
      stateMachineArn: machineArn,
      name: EXECUTION_ARN.exec(arn)?.[5]?.split(':')[0] ?? arn,
      seq: ++sequence,
      redriveCount: status === 'PENDING_REDRIVE' ? 1 : 0,
      ...(status === 'PENDING_REDRIVE' ? { redriveDate: now } : {}),
    },
  }
  ctx.store.put(run)
  return { provider: PROVIDER, executionArn: arn }
}

/** AWS Step Functions over awsJson1_0 with SigV4 (signing name `states`). */
export const stepFunctionsModule: ProviderModule = {
  provider: PROVIDER,
  throttlingCode: 'ThrottlingException',
  internalErrorCode: 'InternalFailure',
  identify,
  serve,
  errorResponse: faultResponse,
  createRun,
}
