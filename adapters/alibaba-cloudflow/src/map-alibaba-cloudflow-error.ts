import {
  RunError,
  type RunErrorCode,
  type RunHandle,
  type RunOperation,
  runErrorCodeForHttpStatus,
  transportErrorCode,
} from '@runstop/core'
import { PROVIDER } from './alibaba-cloudflow-handle.js'

interface CodeRule {
  readonly code: RunErrorCode
  /** Overrides the RunError default for the code. */
  readonly retryable?: boolean
  /** Appended to the message. */
  readonly hint?: string
}

const CLOCK_HINT =
  'Check the machine clock: Alibaba Cloud rejects requests whose timestamp is more than 15 minutes off its own.'

/**
 * Every error code of seed 003 (FnF 2019-03-15 StopExecution), as DESIGN.md maps them.
 * `ExecutionAlreadyCompleted` is CONFLICT here; the adapter turns it into `already_terminal`
 * after one DescribeExecution.
 */
export const SEED_ERROR_CODES: Readonly<Record<string, CodeRule & { readonly httpStatus: number }>> = {
  ActionNotSupported: { httpStatus: 400, code: 'NOT_SUPPORTED' },
  APIVersionNotSupported: { httpStatus: 400, code: 'NOT_SUPPORTED' },
  EntityTooLarge: { httpStatus: 400, code: 'VALIDATION' },
  ExecutionAlreadyCompleted: { httpStatus: 400, code: 'CONFLICT', retryable: false },
  InvalidArgument: { httpStatus: 400, code: 'VALIDATION' },
  MissingRequiredHeader: { httpStatus: 400, code: 'VALIDATION' },
  MissingRequiredParams: { httpStatus: 400, code: 'VALIDATION' },
  AccessDenied: { httpStatus: 403, code: 'ACCESS_DENIED' },
  InvalidAccessKeyID: { httpStatus: 403, code: 'UNAUTHENTICATED' },
  RequestTimeTooSkewed: { httpStatus: 403, code: 'UNAUTHENTICATED', hint: CLOCK_HINT },
  SignatureNotMatch: {
    httpStatus: 403,
    code: 'UNAUTHENTICATED',
    hint: 'Check the AccessKey secret (and the STS token, if any).',
  },
  ExecutionNotExists: { httpStatus: 404, code: 'NOT_FOUND' },
  FlowNotExists: { httpStatus: 404, code: 'NOT_FOUND' },
  ConcurrentUpdateError: { httpStatus: 409, code: 'CONFLICT', retryable: true },
  UnsupportedMediaType: { httpStatus: 415, code: 'NOT_SUPPORTED' },
  ResourceThrottled: { httpStatus: 429, code: 'THROTTLED' },
  InternalServerError: { httpStatus: 500, code: 'UNAVAILABLE' },
}

/**
 * Codes of Alibaba Cloud's shared API gateway (POP) that any RPC API can answer before the
 * request reaches CloudFlow. Not in seed 003; kept so real-world failures map sensibly.
 */
export const GATEWAY_ERROR_CODES: Readonly<Record<string, CodeRule>> = {
  'InvalidAccessKeyId.NotFound': { code: 'UNAUTHENTICATED' },
  'InvalidAccessKeyId.Inactive': { code: 'UNAUTHENTICATED' },
  SignatureDoesNotMatch: {
    code: 'UNAUTHENTICATED',
    hint: 'Check the AccessKey secret (and the STS token, if any).',
  },
  IncompleteSignature: { code: 'UNAUTHENTICATED' },
  SignatureNonceUsed: { code: 'UNAUTHENTICATED' },
  'InvalidTimeStamp.Expired': { code: 'UNAUTHENTICATED', hint: CLOCK_HINT },
  'InvalidSecurityToken.Expired': { code: 'UNAUTHENTICATED' },
  'InvalidSecurityToken.Malformed': { code: 'UNAUTHENTICATED' },
  'InvalidSecurityToken.MismatchWithAccessKey': { code: 'UNAUTHENTICATED' },
  InvalidCredentials: {
    code: 'UNAUTHENTICATED',
    hint: 'Pass credentials, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
  },
  'Forbidden.RAM': { code: 'ACCESS_DENIED' },
  Forbidden: { code: 'ACCESS_DENIED' },
  Throttling: { code: 'THROTTLED' },
  'Throttling.User': { code: 'THROTTLED' },
  'Throttling.Api': { code: 'THROTTLED' },
  ServiceUnavailable: { code: 'UNAVAILABLE' },
  InternalError: { code: 'UNAVAILABLE' },
  'InvalidAction.NotFound': { code: 'NOT_SUPPORTED' },
  InvalidVersion: { code: 'NOT_SUPPORTED' },
  MissingParameter: { code: 'VALIDATION' },
}

const RULES = new Map<string, CodeRule>(
  [...Object.entries(GATEWAY_ERROR_CODES), ...Object.entries(SEED_ERROR_CODES)].map(([code, rule]) => [
    code.toLowerCase(),
    rule,
  ]),
)

/** The rule for a provider code: exact (any case), else by the family before the first dot. */
function ruleFor(providerCode: string): CodeRule | undefined {
  const lower = providerCode.toLowerCase()
  const exact = RULES.get(lower)
  if (exact) return exact
  const family = lower.split('.')[0] ?? lower
  if (family === 'throttling') return { code: 'THROTTLED' }
  if (family === 'forbidden') return { code: 'ACCESS_DENIED' }
  if (family === 'invalidaccesskeyid' || family === 'invalidsecuritytoken') return { code: 'UNAUTHENTICATED' }
  return undefined
}

export interface MapErrorContext {
  readonly operation: RunOperation
  readonly handle?: RunHandle
  /** Configured secret values to keep out of the message. */
  readonly secrets?: readonly (string | undefined)[]
  /** The call's signal: an error after it fired is `ABORTED`. */
  readonly signal?: AbortSignal
  /**
   * The HTTP status of the answer as the transport saw it. The SDKs drop it when the body is
   * not JSON (they throw a bare `SyntaxError`), so the adapter watches the request for it.
   */
  readonly httpStatus?: number
}

const ACTIONS: Readonly<Record<RunOperation, string>> = {
  stop: 'StopExecution',
  get: 'DescribeExecution',
  list: 'ListExecutions',
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' && value !== 'null'
    ? value
    : undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function validStatus(candidate: unknown): number | undefined {
  const n = typeof candidate === 'string' ? Number(candidate) : candidate
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined
}

/**
 * An SDK error that says only "the body could not be read": `JSON.parse` failing on an HTML,
 * empty or cut-off page (both SDKs), or tea-util's `assertAsMap` refusing a JSON array or scalar.
 */
function isUnreadableBody(e: Record<string, unknown>): boolean {
  return (
    e.name === 'SyntaxError' ||
    (typeof e.message === 'string' && /^The value is not a object/.test(e.message))
  )
}

function httpStatusOf(
  error: Record<string, unknown>,
  data: Record<string, unknown> | undefined,
): number | undefined {
  const candidates = [
    error.statusCode, // @alicloud/openapi-client ResponseError
    data?.statusCode, // openapi-client copies it into data
    record(record(error.entry)?.response)?.statusCode, // @alicloud/pop-core (fnf-2019-03-15)
    error.status,
    record(error.response)?.statusCode,
  ]
  for (const candidate of candidates) {
    const status = validStatus(candidate)
    if (status !== undefined) return status
  }
  return undefined
}

function describeTarget(handle: RunHandle | undefined): string {
  const flow = handle?.flowName
  const execution = handle?.executionName
  if (typeof flow === 'string' && typeof execution === 'string')
    return ` for execution '${execution}' of flow '${flow}'`
  return typeof flow === 'string' ? ` for flow '${flow}'` : ''
}

/**
 * Maps whatever an Alibaba SDK call rejected with to a RunError: by the provider's error code
 * first (seed 003's table, then the API gateway's common codes), then by HTTP status; transport
 * failures are `NETWORK` (or `ABORTED` once the call's signal fired); a body the SDK could not
 * read (HTML, empty, cut off, not an object) is `UNAVAILABLE` (retryable) for a 5xx or an unknown
 * status, else mapped by its status (`httpStatus` from the context where the SDK dropped it). Never uses `instanceof` on SDK classes. The message is built from the
 * provider's `Code` and `Message`, never from the SDK's own message (pop-core's carries the
 * signed URL), and configured secrets are scrubbed from it.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  const base = {
    provider: PROVIDER,
    operation: context.operation,
    ...(context.handle === undefined ? {} : { handle: context.handle }),
    ...(context.secrets === undefined ? {} : { secrets: context.secrets }),
    cause: error,
  }
  const action = ACTIONS[context.operation]
  const target = describeTarget(context.handle)

  if (context.signal?.aborted)
    return new RunError({
      ...base,
      code: 'ABORTED',
      message: `Alibaba CloudFlow ${action}${target} was aborted.`,
    })
  if (RunError.is(error))
    return error.with({
      operation: error.operation ?? context.operation,
      ...(error.handle === undefined && context.handle !== undefined ? { handle: context.handle } : {}),
    })

  const e = record(error) ?? {}
  const data = record(e.data)
  const providerCode = str(data?.Code) ?? str(data?.code) ?? providerCodeOf(e.code)
  const httpStatus = httpStatusOf(e, data) ?? validStatus(context.httpStatus)
  const requestId = str(data?.RequestId) ?? str(data?.requestId)
  const providerMessage = str(data?.Message) ?? str(data?.message)
  const details: Record<string, unknown> = {}
  for (const [key, value] of [
    ['hostId', str(data?.HostId)],
    ['recommend', str(data?.Recommend)],
    ['description', str(e.description)],
    ['accessDeniedDetail', record(e.accessDeniedDetail) ?? str(e.accessDeniedDetail)],
  ] as const) {
    if (value !== undefined) details[key] = value
  }
  const extra = {
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(Object.keys(details).length === 0 ? {} : { details }),
  }
  const suffix = [
    httpStatus === undefined ? undefined : `HTTP ${httpStatus}`,
    requestId && `request id ${requestId}`,
  ]
    .filter(Boolean)
    .join(', ')
  const tail = suffix ? ` (${suffix})` : ''

  // A transport-level code (ECONNRESET…) is not a provider code.
  const transport = transportErrorCode(error, context.signal)
  const rule = providerCode !== undefined && transport === undefined ? ruleFor(providerCode) : undefined
  if (providerCode !== undefined && transport === undefined) {
    const code = rule?.code ?? runErrorCodeForHttpStatus(httpStatus)
    const hint = rule?.hint ? ` ${rule.hint}` : ''
    return new RunError({
      ...base,
      ...extra,
      code,
      providerCode,
      ...(rule?.retryable === undefined ? {} : { retryable: rule.retryable }),
      message: `Alibaba CloudFlow ${action}${target} failed: ${providerCode}${providerMessage ? `: ${providerMessage}` : ''}${tail}.${hint}`,
    })
  }
  if (transport !== undefined)
    return new RunError({
      ...base,
      code: transport,
      message: `Alibaba CloudFlow ${action}${target} did not get an answer: ${describeTransport(e)}.`,
    })
  if (isUnreadableBody(e)) {
    // A gateway's HTML or empty page, or a cut-off answer: a 5xx (or an unknown status) is the
    // service being unreachable for now, retried; any other status is mapped by the status.
    const code =
      httpStatus === undefined || httpStatus >= 500 ? 'UNAVAILABLE' : runErrorCodeForHttpStatus(httpStatus)
    return new RunError({
      ...base,
      ...extra,
      code,
      message: `Alibaba CloudFlow ${action}${target} answered${httpStatus === undefined ? '' : ` HTTP ${httpStatus}`} with a body that is not a JSON object (an HTML or empty page from a proxy, or a cut-off answer).`,
    })
  }
  // The credential chain failed before the request: a status the call watch saw then is the
  // chain's own lookup (the RAM-role metadata endpoint), not the service's answer.
  if (
    httpStatusOf(e, data) === undefined &&
    typeof e.message === 'string' &&
    /unable to get credentials|credential/i.test(e.message)
  )
    return new RunError({
      ...base,
      code: 'UNAUTHENTICATED',
      message: `Alibaba CloudFlow ${action}${target}: no usable Alibaba Cloud credentials. Pass credentials, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (or a profile or RAM role for the default chain).`,
    })
  if (httpStatus !== undefined)
    return new RunError({
      ...base,
      ...extra,
      code: runErrorCodeForHttpStatus(httpStatus),
      message: `Alibaba CloudFlow ${action}${target} failed with HTTP ${httpStatus}${requestId ? ` (request id ${requestId})` : ''}.`,
    })
  return new RunError({
    ...base,
    code: 'UNKNOWN',
    message: `Alibaba CloudFlow ${action}${target} failed: ${typeof e.name === 'string' ? e.name : typeof error}${typeof e.message === 'string' && e.message !== '' ? `: ${firstLine(e.message)}` : ''}.`,
  })
}

/** An error's own `code` is the provider's when it is not a Node.js code (ECONNRESET, ERR_…, UND_ERR_…). */
function providerCodeOf(code: unknown): string | undefined {
  const text = str(code)
  return text !== undefined && !/^(?:E[A-Z0-9]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/.test(text)
    ? text
    : undefined
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  // SDK messages can carry the signed request URL (pop-core): keep the text before any URL.
  const url = line.search(/https?:\/\//)
  return (url === -1 ? line : line.slice(0, url)).trim().slice(0, 300)
}

function describeTransport(e: Record<string, unknown>): string {
  const code = typeof e.code === 'string' ? e.code : undefined
  const name = typeof e.name === 'string' ? e.name : 'Error'
  return code ?? name
}
