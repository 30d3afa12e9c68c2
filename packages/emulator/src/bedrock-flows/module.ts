import { randomBytes, randomUUID } from 'node:crypto'
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
import { bedrockError } from './errors.js'
import { listFlowExecutions, matchListRoute } from './list-flow-executions.js'
import {
  credentialScopeRegion,
  executionArn,
  matchRoute,
  parseLabels,
  runKey,
  SIGNING_SERVICE,
} from './protocol.js'

const PROVIDER = 'bedrock-flows'
const DEFAULT_REGION = 'us-east-1'
/** "Flow executions time out after 24 hours" (GetFlowExecution's `status` documentation). */
export const FLOW_EXECUTION_TIMEOUT_MS = 24 * 60 * 60 * 1000
const TERMINAL = new Set(['succeeded', 'failed', 'timedout', 'aborted'])

const isTerminalStatus = (status: string) => TERMINAL.has(status.toLowerCase())

/** Flow and alias ids are 10 characters of `[0-9A-Z]`, as the console shows them. */
function flowStyleId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')
}

interface FlowRun extends StoredRun {
  readonly extra: {
    flowIdentifier: string
    flowAliasIdentifier: string
    executionIdentifier: string
    flowVersion: string
  }
}

function json(status: number, body: unknown, ctx: ProviderContext): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId() },
    body: JSON.stringify(body),
  }
}

function arnOf(run: FlowRun): string {
  const { flowIdentifier, flowAliasIdentifier, executionIdentifier } = run.extra
  return executionArn(run.region, flowIdentifier, flowAliasIdentifier, executionIdentifier)
}

/** `errors[]` of GetFlowExecution: a timeout names `ExecutionTimedOut` (the only FlowExecutionErrorType). */
function errorsOf(run: FlowRun): Record<string, string>[] | undefined {
  const status = run.status.toLowerCase()
  if (status === 'timedout')
    return [
      {
        error: 'ExecutionTimedOut',
        message: run.errorMessage ?? 'The flow execution exceeded the maximum duration of 24 hours.',
      },
    ]
  if (status === 'failed')
    return [{ nodeName: 'FlowOutputNode', message: run.errorMessage ?? 'The flow execution failed.' }]
  return undefined
}

function describe(run: FlowRun): Record<string, unknown> {
  const body: Record<string, unknown> = {
    executionArn: arnOf(run),
    status: run.status,
    startedAt: new Date(run.startedAt ?? run.createdAt).toISOString(),
    flowAliasIdentifier: run.extra.flowAliasIdentifier,
    flowIdentifier: run.extra.flowIdentifier,
    flowVersion: run.extra.flowVersion,
  }
  if (run.endedAt !== undefined) body.endedAt = new Date(run.endedAt).toISOString()
  const errors = errorsOf(run)
  if (errors) body.errors = errors
  return body
}

function identify(request: EmulatorRequest): RequestIdentity | undefined {
  const route = matchRoute(request.method, request.path)
  const region = credentialScopeRegion(request.headers.authorization)
  const listFlow = matchListRoute(request.method, request.path)
  if (listFlow !== undefined)
    return {
      operation: 'ListFlowExecutions',
      kind: 'list',
      ...(region ? { region } : {}),
      params: { flowIdentifier: listFlow, ...Object.fromEntries(request.query) },
    }
  if (!route) return undefined
  return {
    operation: route.operation,
    kind: route.operation === 'StopFlowExecution' ? 'stop' : 'get',
    ...(region ? { region } : {}),
    params: { ...route.labels },
  }
}

async function serve(request: EmulatorRequest, ctx: ProviderContext): Promise<EmulatorResponse> {
  const auth = await verifySigV4(request, {
    service: SIGNING_SERVICE,
    accessKeyId: ctx.credentials.aws.accessKeyId,
    secretAccessKey: ctx.credentials.aws.secretAccessKey,
  })
  if (!auth.ok) return bedrockError(auth.code, ctx, { message: auth.message })
  const listFlow = matchListRoute(request.method, request.path)
  if (listFlow !== undefined) return listFlowExecutions(request, listFlow, auth.region, ctx)
  const route = matchRoute(request.method, request.path)
  if (!route) return bedrockError('UnknownOperationException', ctx)
  const labels = parseLabels(route.labels)
  if (!labels.ok) return bedrockError('ValidationException', ctx, { message: labels.message })

  const region = auth.region
  const foreign = [labels.flow, labels.alias, labels.execution].some((l) => l.region && l.region !== region)
  const key = runKey(region, labels.flow.id, labels.alias.id, labels.execution.id)
  const run = foreign ? undefined : (ctx.store.get(PROVIDER, key) as FlowRun | undefined)
  if (!run)
    return bedrockError('ResourceNotFoundException', ctx, {
      message: `Flow execution ${labels.execution.id} was not found for flow ${labels.flow.id} and alias ${labels.alias.id}.`,
    })

  if (route.operation === 'GetFlowExecution') return json(200, describe(run), ctx)

  // StopFlowExecution: Bedrock has no stopping state; a running execution is Aborted at once.
  if (isTerminalStatus(run.status))
    return bedrockError('ConflictException', ctx, {
      message: `The flow execution ${arnOf(run)} has already finished with status ${run.status} and can't be stopped.`,
    })
  run.status = 'Aborted'
  run.endedAt = ctx.now()
  run.transition = undefined
  return json(200, { executionArn: arnOf(run), status: run.status }, ctx)
}

function createRun(options: CreateRunOptions, ctx: ProviderContext): RunHandle {
  const region = options.region ?? DEFAULT_REGION
  const flowIdentifier = options.ids?.flowIdentifier ?? flowStyleId()
  const flowAliasIdentifier = options.ids?.flowAliasIdentifier ?? flowStyleId()
  const executionIdentifier = options.ids?.executionIdentifier ?? randomUUID()
  const status = options.status ?? 'Running'
  const now = ctx.now()
  const terminal = isTerminalStatus(status)
  const startedAt = terminal ? now - 60_000 : now
  const run: FlowRun = {
    provider: PROVIDER,
    key: runKey(region, flowIdentifier, flowAliasIdentifier, executionIdentifier),
    region,
    status,
    createdAt: startedAt,
    startedAt,
    ...(terminal
      ? { endedAt: now }
      : { transition: { to: 'TimedOut', at: startedAt + FLOW_EXECUTION_TIMEOUT_MS } }),
    ...(options.errorMessage !== undefined ? { errorMessage: options.errorMessage } : {}),
    extra: {
      flowIdentifier,
      flowAliasIdentifier,
      executionIdentifier,
      flowVersion: options.ids?.flowVersion ?? '1',
    },
  }
  ctx.store.put(run)
  return { provider: PROVIDER, flowIdentifier, flowAliasIdentifier, executionIdentifier, region }
}

/** Amazon Bedrock flows (Agent Runtime, restJson1 over HTTP/1.1 and h2c, SigV4 `bedrock`). */
export const bedrockFlowsModule: ProviderModule = {
  provider: PROVIDER,
  throttlingCode: 'ThrottlingException',
  internalErrorCode: 'InternalServerException',
  identify,
  serve,
  errorResponse: (code, ctx, options) =>
    bedrockError(
      code,
      ctx,
      options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds },
    ),
  createRun,
}
