import {
  ALIBABA_CLOCK_HINT as CLOCK_HINT,
  GATEWAY_ERROR_CODES,
  readAlibabaError,
  ALIBABA_SECRET_HINT as SECRET_HINT,
} from '@runstop/alibaba-openapi'
import {
  type ErrorCodeRule,
  errorCodeRules,
  mapServiceError,
  type RunError,
  type ServiceErrorContext,
} from '@runstop/core'
import { PROVIDER } from './alibaba-cloudflow-handle.js'

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

// The API gateway's codes (any Alibaba RPC API may answer them) first: CloudFlow's own win.
const rules = errorCodeRules(GATEWAY_ERROR_CODES, SEED_ERROR_CODES)

/** What `mapError` knows about the failed call besides the error (`httpStatus`: as the transport saw it). */
export type MapErrorContext = Pick<ServiceErrorContext, 'operation' | 'handle' | 'secrets' | 'signal'> & {
  readonly httpStatus?: number
}

const ACTIONS = { stop: 'StopExecution', get: 'DescribeExecution', list: 'ListExecutions' } as const

/**
 * Maps whatever an Alibaba SDK call rejected with to a RunError (`mapServiceError` over
 * `readAlibabaError`, which reads both SDKs' errors): by the provider's code first (seed 003's
 * table, then the API gateway's), then by HTTP status; a body the SDK could not read and an
 * exhausted credential chain are told apart. The SDK's message is never copied (pop-core's
 * carries the signed URL) but for an unknown error's text before any URL.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  const { executionName, flowName } = context.handle ?? ({} as Record<string, undefined>)
  const target = executionName ? ` for execution '${executionName}' of flow '${flowName}'` : ''
  const what = `Alibaba CloudFlow ${ACTIONS[context.operation]}${target || (flowName ? ` for flow '${flowName}'` : '')}`
  const fields = readAlibabaError(error, context.httpStatus)
  return mapServiceError(error, fields, { ...context, provider: PROVIDER, what, rules })
}
