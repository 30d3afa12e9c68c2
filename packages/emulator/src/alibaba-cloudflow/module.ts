import { randomUUID } from 'node:crypto'
import type { RunHandle } from '@runstop/core'
import type {
  CreateRunOptions,
  EmulatorRequest,
  EmulatorResponse,
  ProviderContext,
  ProviderModule,
  RequestIdentity,
  StoredRun,
} from '../types.js'
import { verifyAcs3, verifyV1 } from './auth.js'
import { ERROR_TABLE, fnfError, MAX_PAYLOAD_BYTES } from './errors.js'
import { listExecutions } from './list-executions.js'
import {
  ACTIVE_STATES,
  canonicalState,
  describeExecution,
  executionKey,
  PROVIDER,
  stopExecution,
} from './operations.js'
import { API_VERSION, parseRpcRequest } from './protocol.js'

/** The two operations runstop uses, and their normalized kinds. */
const OPERATIONS = { StopExecution: 'stop', DescribeExecution: 'get', ListExecutions: 'list' } as const
type Operation = keyof typeof OPERATIONS

function isOperation(action: string | undefined): action is Operation {
  return action !== undefined && Object.hasOwn(OPERATIONS, action)
}

/** The region stored runs get when none is given. */
export const DEFAULT_REGION = 'cn-hangzhou'

function identify(request: EmulatorRequest): RequestIdentity {
  const parsed = parseRpcRequest(request)
  const params: Record<string, unknown> = {}
  for (const name of ['FlowName', 'ExecutionName', 'Cause', 'Error', 'Status', 'Limit', 'NextToken']) {
    const value = parsed.params[name]
    if (value !== undefined) params[name] = value
  }
  return {
    operation: parsed.action ?? 'unknown',
    ...(isOperation(parsed.action) ? { kind: OPERATIONS[parsed.action] } : {}),
    ...(parsed.region ? { region: parsed.region } : {}),
    params,
  }
}

function serve(request: EmulatorRequest, ctx: ProviderContext): EmulatorResponse {
  const parsed = parseRpcRequest(request)
  const region = parsed.region
  if (request.body.length > MAX_PAYLOAD_BYTES)
    return fnfError('EntityTooLarge', ctx, { args: [MAX_PAYLOAD_BYTES], region })
  if (parsed.unsupportedMediaType !== undefined)
    return fnfError('UnsupportedMediaType', ctx, {
      region,
      detail: `Got '${parsed.unsupportedMediaType}'; RPC requests take a form or JSON body.`,
    })
  if (parsed.malformedBody !== undefined)
    return fnfError('InvalidArgument', ctx, { region, detail: parsed.malformedBody })

  const expected = ctx.credentials.alibaba
  const now = ctx.now()
  const auth =
    parsed.style === 'acs3'
      ? verifyAcs3(request, parsed, expected, now)
      : parsed.style === 'v1'
        ? verifyV1(request, parsed, expected, now)
        : request.headers['x-acs-date'] !== undefined
          ? ({ ok: false, code: 'MissingRequiredHeader', args: ['Authorization'] } as const)
          : ({ ok: false, code: 'MissingRequiredParams', args: ['AccessKeyId'] } as const)
  if (!auth.ok)
    return fnfError(auth.code, ctx, {
      region,
      ...(auth.args ? { args: auth.args } : {}),
      ...(auth.detail ? { detail: auth.detail } : {}),
    })

  if (parsed.version === undefined)
    return parsed.style === 'acs3'
      ? fnfError('MissingRequiredHeader', ctx, { args: ['x-acs-version'], region })
      : fnfError('MissingRequiredParams', ctx, { args: ['Version'], region })
  if (parsed.version !== API_VERSION)
    return fnfError('APIVersionNotSupported', ctx, { args: [parsed.version], region })
  if (parsed.action === undefined)
    return parsed.style === 'acs3'
      ? fnfError('MissingRequiredHeader', ctx, { args: ['x-acs-action'], region })
      : fnfError('MissingRequiredParams', ctx, { args: ['Action'], region })
  if (!isOperation(parsed.action))
    return fnfError('ActionNotSupported', ctx, { args: [parsed.action], region })

  const input = { params: parsed.params, region }
  if (parsed.action === 'ListExecutions') return listExecutions(input, ctx)
  return parsed.action === 'StopExecution' ? stopExecution(input, ctx) : describeExecution(input, ctx)
}

function errorResponse(
  code: string,
  ctx: ProviderContext,
  options: { retryAfterSeconds?: number; identity?: RequestIdentity },
): EmulatorResponse {
  const identity = options.identity
  const params = (identity?.params ?? {}) as Record<string, string | undefined>
  const flowName = params.FlowName ?? 'flow'
  const executionName = params.ExecutionName ?? 'execution'
  const now = new Date(ctx.now()).toISOString()
  const args: Record<string, readonly (string | number)[]> = {
    ActionNotSupported: [identity?.operation ?? 'unknown'],
    APIVersionNotSupported: ['1970-01-01'],
    EntityTooLarge: [MAX_PAYLOAD_BYTES],
    ExecutionAlreadyCompleted: [executionName, flowName],
    MissingRequiredHeader: ['x-acs-date'],
    MissingRequiredParams: ['FlowName'],
    InvalidAccessKeyID: ['-'],
    RequestTimeTooSkewed: [now, now],
    ExecutionNotExists: [executionName, flowName],
    FlowNotExists: [flowName],
  }
  return fnfError(code, ctx, {
    args: args[code] ?? [],
    ...(identity?.region ? { region: identity.region } : {}),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
  })
}

function createRun(options: CreateRunOptions, ctx: ProviderContext): RunHandle {
  const suffix = randomUUID()
  const flowName = options.ids?.flowName ?? `runstop-flow-${suffix.slice(0, 8)}`
  const executionName = options.ids?.executionName ?? `exec-${suffix}`
  const region = options.region ?? DEFAULT_REGION
  const status = canonicalState(options.status ?? 'Running')
  const now = ctx.now()
  const run: StoredRun = {
    provider: PROVIDER,
    key: executionKey(flowName, executionName),
    region,
    status,
    createdAt: now,
    startedAt: now,
    ...(ACTIVE_STATES.has(status) ? {} : { endedAt: now }),
    ...(options.errorMessage === undefined ? {} : { errorMessage: options.errorMessage }),
    extra: { flowName, executionName, input: '{"key":"value"}' },
  }
  ctx.store.put(run)
  return { provider: PROVIDER, flowName, executionName, region }
}

/**
 * Alibaba Cloud CloudFlow (FnF 2019-03-15) RPC: `StopExecution` and `DescribeExecution` with
 * ACS3-HMAC-SHA256 and v1 HMAC-SHA1 signatures, answering the API reference's error codes.
 */
export const alibabaCloudFlowModule: ProviderModule = {
  provider: PROVIDER,
  throttlingCode: 'ResourceThrottled',
  internalErrorCode: 'InternalServerError',
  identify,
  serve: (request, ctx) => {
    try {
      return serve(request, ctx)
    } catch {
      return fnfError('InternalServerError', ctx)
    }
  },
  errorResponse,
  createRun,
}

/** Every error code the module answers, with its HTTP status (the seed's table). */
export const ALIBABA_CLOUDFLOW_ERRORS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(ERROR_TABLE).map(([code, entry]) => [code, entry.status]),
)
