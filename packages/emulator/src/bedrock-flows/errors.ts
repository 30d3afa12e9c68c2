import type { EmulatorResponse, ProviderContext } from '../types.js'

/**
 * HTTP statuses of the Bedrock Agent Runtime errors, from the service model (`error.httpStatusCode`
 * in botocore, `smithy.api#httpError` in the SDK's schemas). Stop documents ResourceNotFound,
 * Conflict, Validation, InternalServer, DependencyFailed, BadGateway, Throttling and AccessDenied;
 * ServiceQuotaExceeded is in the model (400). The AWS front door adds the authentication errors,
 * all 403, and UnknownOperationException (404) for a path no operation has.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  DependencyFailedException: 424,
  ModelNotReadyException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  ExpiredTokenException: 403,
  InvalidClientTokenId: 403,
  UnknownOperationException: 404,
}

/** Errors raised by the AWS front door rather than the service: their type carries the coral namespace. */
const FRONT_DOOR = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnknownOperationException',
])

const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  ValidationException: 'Input validation failed. Check your request parameters and retry the request.',
  ServiceQuotaExceededException: 'The number of requests exceeds the service quota.',
  AccessDeniedException:
    'The request is denied because of missing access permissions. Check your permissions and retry your request.',
  ResourceNotFoundException: 'The specified resource could not be found.',
  ConflictException: 'There was a conflict performing an operation.',
  DependencyFailedException: 'There was an issue with a dependency.',
  ModelNotReadyException: 'The model specified in the request is not ready to serve inference requests.',
  ThrottlingException: 'The number of requests exceeds the limit. Resubmit your request later.',
  InternalServerException: 'An internal server error occurred. Retry your request.',
  BadGatewayException: 'There was an issue with a dependency due to a server issue.',
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  InvalidSignatureException: 'The request signature we calculated does not match the signature you provided.',
  IncompleteSignatureException: 'The request signature does not conform to AWS standards.',
  MissingAuthenticationTokenException: 'Missing Authentication Token',
  ExpiredTokenException: 'The security token included in the request is expired',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  UnknownOperationException: 'The requested operation is not recognized by the service.',
}

/**
 * A restJson1 error as the service answers it: the type in `x-amzn-errortype`, a JSON body with
 * `message`, the request id in `x-amzn-requestid`. An unknown code is answered with status 400.
 * `retryAfterSeconds` adds a `Retry-After` header (the SDK's retry strategy reads it too).
 */
export function bedrockError(
  code: string,
  ctx: Pick<ProviderContext, 'requestId'>,
  options: { message?: string; retryAfterSeconds?: number } = {},
): EmulatorResponse {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': ctx.requestId(),
    'x-amzn-errortype': FRONT_DOOR.has(code)
      ? `${code}:http://internal.amazon.com/coral/com.amazon.coral.service/`
      : code,
  }
  if (options.retryAfterSeconds !== undefined && Number.isFinite(options.retryAfterSeconds))
    headers['retry-after'] = String(Math.max(0, Math.ceil(options.retryAfterSeconds)))
  const body: Record<string, string> = {
    message: options.message ?? DEFAULT_MESSAGES[code] ?? `${code}.`,
  }
  return { status: ERROR_STATUS[code] ?? 400, headers, body: JSON.stringify(body), errorCode: code }
}
