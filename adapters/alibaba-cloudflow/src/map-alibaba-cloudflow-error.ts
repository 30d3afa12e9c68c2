import {
  type ErrorCodeRule,
  errorCodeRules,
  mapServiceError,
  type RunError,
  type ServiceErrorContext,
} from '@runstop/core'
import { PROVIDER } from './alibaba-cloudflow-handle.js'

const KEY_VARIABLES = 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'
const SECRET_HINT = 'Check the AccessKey secret (and the STS token, if any).'
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
  SignatureNotMatch: { httpStatus: 403, code: 'UNAUTHENTICATED', hint: SECRET_HINT },
  ExecutionNotExists: { httpStatus: 404, code: 'NOT_FOUND' },
  FlowNotExists: { httpStatus: 404, code: 'NOT_FOUND' },
  ConcurrentUpdateError: { httpStatus: 409, code: 'CONFLICT', retryable: true },
  UnsupportedMediaType: { httpStatus: 415, code: 'NOT_SUPPORTED' },
  ResourceThrottled: { httpStatus: 429, code: 'THROTTLED' },
  InternalServerError: { httpStatus: 500, code: 'UNAVAILABLE' },
}

/**
 * Codes of Alibaba Cloud's shared API gateway (POP) that any RPC API can answer before the request
 * reaches CloudFlow (not in seed 003). A family stands for its dotted codes (`Throttling.User`).
 */
export const GATEWAY_ERROR_CODES: Readonly<Record<string, ErrorCodeRule>> = {
  InvalidAccessKeyId: { code: 'UNAUTHENTICATED' },
  SignatureDoesNotMatch: { code: 'UNAUTHENTICATED', hint: SECRET_HINT },
  IncompleteSignature: { code: 'UNAUTHENTICATED' },
  SignatureNonceUsed: { code: 'UNAUTHENTICATED' },
  'InvalidTimeStamp.Expired': { code: 'UNAUTHENTICATED', hint: CLOCK_HINT },
  InvalidSecurityToken: { code: 'UNAUTHENTICATED' },
  InvalidCredentials: { code: 'UNAUTHENTICATED', hint: `Pass credentials, or set ${KEY_VARIABLES}.` },
  Forbidden: { code: 'ACCESS_DENIED' },
  Throttling: { code: 'THROTTLED' },
  ServiceUnavailable: { code: 'UNAVAILABLE' },
  InternalError: { code: 'UNAVAILABLE' },
  'InvalidAction.NotFound': { code: 'NOT_SUPPORTED' },
  InvalidVersion: { code: 'NOT_SUPPORTED' },
  MissingParameter: { code: 'VALIDATION' },
}

const rules = errorCodeRules(GATEWAY_ERROR_CODES, SEED_ERROR_CODES)

/** What `mapError` knows about the failed call besides the error (`httpStatus`: as the transport saw it). */
export type MapErrorContext = Pick<ServiceErrorContext, 'operation' | 'handle' | 'secrets' | 'signal'> & {
  readonly httpStatus?: number
}

const ACTIONS = { stop: 'StopExecution', get: 'DescribeExecution', list: 'ListExecutions' } as const
const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
const str = (value: unknown) =>
  typeof value === 'string' && !['', 'undefined', 'null'].includes(value) ? value : undefined
const validStatus = (candidate: unknown) => {
  const n = Number(candidate)
  return ['number', 'string'].includes(typeof candidate) && Number.isInteger(n) && n >= 100 && n <= 599
    ? n
    : undefined
}

/**
 * Maps whatever an Alibaba SDK call rejected with to a RunError (`mapServiceError`): by the
 * provider's code first (seed 003's table, then the API gateway's), then by HTTP status. Reads
 * `data.Code` / `data.RequestId` (both SDKs) and the status where each SDK keeps it (`statusCode`,
 * pop-core's `entry.response`, else `httpStatus` as the transport saw it); tells a body the SDK
 * could not read (`SyntaxError`, tea's "not a object") and an exhausted credential chain apart.
 * Never uses `instanceof` on SDK classes, nor copies the SDK's message (pop-core's carries the
 * signed URL) but for an unknown error's text before any URL.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  const e = record(error) ?? {}
  const data = record(e.data)
  // openapi-client's ResponseError (and its data), pop-core's `entry.response`, other shapes.
  const statuses = [e.statusCode, data?.statusCode, record(record(e.entry)?.response)?.statusCode, e.status]
  const ownStatus = [...statuses, record(e.response)?.statusCode].map(validStatus).find(Boolean)
  // An error's own `code` is the provider's when it is not a Node.js code (ECONNRESET, ERR_…).
  const ownCode = /^(?:E[A-Z0-9]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/.test(String(e.code))
    ? undefined
    : e.code
  const details = {
    hostId: str(data?.HostId),
    recommend: str(data?.Recommend),
    description: str(e.description),
    accessDeniedDetail: record(e.accessDeniedDetail) ?? str(e.accessDeniedDetail),
  }
  const { executionName, flowName } = context.handle ?? ({} as Record<string, undefined>)
  const target = executionName ? ` for execution '${executionName}' of flow '${flowName}'` : ''
  const what = `Alibaba CloudFlow ${ACTIONS[context.operation]}${target || (flowName ? ` for flow '${flowName}'` : '')}`
  const message = typeof e.message === 'string' ? e.message : ''
  // The chain failed before the request: a status seen then is its own lookup (the RAM-role endpoint).
  const noCredentials = ownStatus === undefined && /credential/i.test(message)
  const fields = {
    providerCode: str(data?.Code) ?? str(data?.code) ?? str(ownCode),
    httpStatus: ownStatus ?? validStatus(context.httpStatus),
    requestId: str(data?.RequestId) ?? str(data?.requestId),
    providerMessage: str(data?.Message) ?? str(data?.message),
    details: Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
    unreadableBody: e.name === 'SyntaxError' || /^The value is not a object/.test(message),
    setup: noCredentials
      ? {
          code: 'UNAUTHENTICATED' as const,
          message: `no usable Alibaba Cloud credentials. Pass credentials, or set ${KEY_VARIABLES} (or a profile or RAM role for the default chain).`,
        }
      : undefined,
  }
  return mapServiceError(error, fields, { ...context, provider: PROVIDER, what, rules })
}
