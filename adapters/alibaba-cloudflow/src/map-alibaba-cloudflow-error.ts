import {
  type ErrorCodeRule,
  errorCodeRules,
  mapServiceError,
  type RunError,
  type RunHandle,
  type RunOperation,
} from '@runstop/core'
import { PROVIDER } from './alibaba-cloudflow-handle.js'

const CLOCK_HINT =
  'Check the machine clock: Alibaba Cloud rejects requests whose timestamp is more than 15 minutes off its own.'

/**
 * Every error code of seed 003 (FnF 2019-03-15 StopExecution), as DESIGN.md maps them.
 * `ExecutionAlreadyCompleted` is CONFLICT here; the adapter turns it into `already_terminal`
 * after one DescribeExecution.
 */
export const SEED_ERROR_CODES: Readonly<Record<string, ErrorCodeRule & { readonly httpStatus: number }>> = {
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
export const GATEWAY_ERROR_CODES: Readonly<Record<string, ErrorCodeRule>> = {
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

const rules = errorCodeRules([GATEWAY_ERROR_CODES, SEED_ERROR_CODES], {
  throttling: { code: 'THROTTLED' },
  forbidden: { code: 'ACCESS_DENIED' },
  invalidaccesskeyid: { code: 'UNAUTHENTICATED' },
  invalidsecuritytoken: { code: 'UNAUTHENTICATED' },
})

/** What `mapError` knows about the failed call besides the error. */
export interface MapErrorContext {
  /** The operation that failed. */
  readonly operation: RunOperation
  /** The run (or scope) the call was about. */
  readonly handle?: RunHandle
  /** Configured secret values to keep out of the message. */
  readonly secrets?: readonly (string | undefined)[]
  /** The call's signal: an error after it fired is `ABORTED`. */
  readonly signal?: AbortSignal
  /** The HTTP status the transport saw: the SDKs drop it when the body is not JSON. */
  readonly httpStatus?: number
}

const ACTIONS = { stop: 'StopExecution', get: 'DescribeExecution', list: 'ListExecutions' } as const

type Loose = Record<string, unknown> | undefined
const record = (value: unknown): Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined
const str = (value: unknown) =>
  typeof value === 'string' && !['', 'undefined', 'null'].includes(value) ? value : undefined
function validStatus(candidate: unknown): number | undefined {
  const n = typeof candidate === 'string' ? Number(candidate) : candidate
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined
}

/**
 * Maps whatever an Alibaba SDK call rejected with to a RunError (`mapServiceError`): by the
 * provider's code first (seed 003's table, then the API gateway's codes and families), then by HTTP
 * status. Reads `data.Code` / `data.RequestId` (both SDKs) and the status where each SDK keeps it
 * (`statusCode`, pop-core's `entry.response`, else `httpStatus` the transport saw); a body the SDK
 * could not read (`SyntaxError`, tea's "not a object") and an exhausted credential chain are told
 * apart. Never uses `instanceof` on SDK classes, nor copies the SDK's message (pop-core's carries
 * the signed URL) but for an unknown error's text before any URL.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  const e = record(error) ?? {}
  const data = record(e.data)
  // openapi-client's ResponseError (and its data), pop-core's `entry.response`, other shapes.
  const statuses = [
    e.statusCode,
    data?.statusCode,
    record(record(e.entry)?.response)?.statusCode,
    e.status,
    record(e.response)?.statusCode,
  ]
  const ownStatus = statuses.map(validStatus).find((status) => status !== undefined)
  // An error's own `code` is the provider's when it is not a Node.js code (ECONNRESET, ERR_…).
  const ownCode = str(e.code)?.match(/^(?:E[A-Z0-9]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/)
    ? undefined
    : e.code
  const details = Object.entries({
    hostId: str(data?.HostId),
    recommend: str(data?.Recommend),
    description: str(e.description),
    accessDeniedDetail: record(e.accessDeniedDetail) ?? str(e.accessDeniedDetail),
  }).filter(([, value]) => value !== undefined)
  const target = context.handle?.executionName
    ? ` for execution '${context.handle.executionName}' of flow '${context.handle.flowName}'`
    : context.handle?.flowName
      ? ` for flow '${context.handle.flowName}'`
      : ''
  const what = `Alibaba CloudFlow ${ACTIONS[context.operation]}${target}`
  const message = typeof e.message === 'string' ? e.message : ''
  return mapServiceError(
    error,
    {
      providerCode: str(data?.Code) ?? str(data?.code) ?? str(ownCode),
      httpStatus: ownStatus ?? validStatus(context.httpStatus),
      requestId: str(data?.RequestId) ?? str(data?.requestId),
      providerMessage: str(data?.Message) ?? str(data?.message),
      details: Object.fromEntries(details),
      unreadableBody: e.name === 'SyntaxError' || /^The value is not a object/.test(message),
      // The chain failed before the request: a status seen then is its own lookup (the RAM-role endpoint).
      setup:
        ownStatus === undefined && /unable to get credentials|credential/i.test(message)
          ? {
              code: 'UNAUTHENTICATED',
              message:
                'no usable Alibaba Cloud credentials. Pass credentials, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (or a profile or RAM role for the default chain).',
            }
          : undefined,
    },
    { ...context, provider: PROVIDER, what, rules },
  )
}
