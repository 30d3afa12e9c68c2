import type { EmulatorResponse, ProviderContext } from '../types.js'

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0'

/** The namespace Step Functions writes in `__type` for its own errors. */
const SERVICE_NAMESPACE = 'com.amazonaws.swf.service.v2.model'
/** Errors of the AWS front end (authentication, unknown operation, throttling). */
const CORAL_NAMESPACE = 'com.amazon.coral.service'

const FRONT_END = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'UnknownOperationException',
  'SerializationException',
  'ThrottlingException',
  'ServiceUnavailableException',
])

/**
 * HTTP status by error. Step Functions answers every modelled error (ExecutionDoesNotExist,
 * InvalidArn, ValidationException, the Kms* errors, InvalidToken, StateMachineDoesNotExist,
 * StateMachineTypeNotSupported, ExecutionNotRedrivable) and throttling with HTTP 400, so a client
 * has to read the error's name; only server faults are 5xx.
 */
const STATUS: Readonly<Record<string, number>> = {
  MissingAuthenticationTokenException: 403,
  InternalFailure: 500,
  ServiceUnavailableException: 503,
}

/**
 * An awsJson1_0 error as Step Functions writes it: `{"__type": "<namespace>#<Name>", "message": …}`
 * (the service's members are lower-case), with `x-amzn-errortype` and `x-amzn-requestid` headers.
 */
export function errorResponse(code: string, ctx: ProviderContext, message?: string): EmulatorResponse {
  const namespace = FRONT_END.has(code) ? CORAL_NAMESPACE : SERVICE_NAMESPACE
  const body: Record<string, unknown> = { __type: `${namespace}#${code}` }
  body[namespace === CORAL_NAMESPACE ? 'Message' : 'message'] = message ?? code
  return {
    status: STATUS[code] ?? 400,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-requestid': ctx.requestId(),
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/${namespace}/`,
    },
    body: JSON.stringify(body),
    errorCode: code,
  }
}

/**
 * An injected fault: the named error (ThrottlingException as `Rate exceeded`, with a Retry-After
 * header when asked), or for a three-digit code an HTML page with that status, as a load balancer
 * in front of the service would answer.
 */
export function faultResponse(
  code: string,
  ctx: ProviderContext,
  options: { retryAfterSeconds?: number },
): EmulatorResponse {
  if (/^\d{3}$/.test(code))
    return {
      status: Number(code),
      headers: { 'content-type': 'text/html' },
      body: `<html><body><h1>${code}</h1></body></html>`,
      errorCode: code,
    }
  const response = errorResponse(code, ctx, code === 'ThrottlingException' ? 'Rate exceeded' : undefined)
  if (options.retryAfterSeconds === undefined) return response
  return { ...response, headers: { ...response.headers, 'retry-after': String(options.retryAfterSeconds) } }
}
