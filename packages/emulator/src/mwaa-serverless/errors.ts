import type { EmulatorResponse, ProviderContext, RequestIdentity } from '../types.js'

/**
 * The smithy namespace of the service's own errors (`protocolSettings.defaultNamespace` of the
 * official client, `com.amazonaws.mwaaserverless`). Errors raised by the AWS front end before the
 * service sees the request (authentication, unknown operation) carry the Coral namespace instead.
 */
export const SERVICE_NAMESPACE = 'com.amazonaws.mwaaserverless'
export const CORAL_NAMESPACE = 'com.amazon.coral.service'

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0'

interface ErrorSpec {
  readonly status: number
  readonly namespace: string
  readonly message: string
}

/**
 * Every error the emulator answers, with its HTTP status. The service's own errors use the
 * statuses of the StopWorkflowRun API reference (seed 001): every client fault is 400 and every
 * server fault 500, even where the smithy model's `httpError` trait says otherwise (403, 404, 429,
 * 504): the API reference documents what the awsJson1_0 endpoint answers. ConflictException and
 * ServiceQuotaExceededException are not in the seed's list for these operations; they follow the
 * same rule (client fault, 400).
 */
const ERRORS: Readonly<Record<string, ErrorSpec>> = {
  AccessDeniedException: {
    status: 400,
    namespace: SERVICE_NAMESPACE,
    message: 'You do not have sufficient permission to perform this action.',
  },
  InternalServerException: {
    status: 500,
    namespace: SERVICE_NAMESPACE,
    message: 'An unexpected server-side error occurred during request processing.',
  },
  OperationTimeoutException: {
    status: 500,
    namespace: SERVICE_NAMESPACE,
    message: 'The operation timed out.',
  },
  ResourceNotFoundException: {
    status: 400,
    namespace: SERVICE_NAMESPACE,
    message: 'The specified resource was not found.',
  },
  ThrottlingException: { status: 400, namespace: SERVICE_NAMESPACE, message: 'Rate exceeded' },
  ValidationException: {
    status: 400,
    namespace: SERVICE_NAMESPACE,
    message: 'The specified request parameters are invalid.',
  },
  ConflictException: {
    status: 400,
    namespace: SERVICE_NAMESPACE,
    message: 'The resource is in a state that prevents the requested operation.',
  },
  ServiceQuotaExceededException: {
    status: 400,
    namespace: SERVICE_NAMESPACE,
    message: 'The request exceeds the service quota.',
  },
  // AWS front-end (Coral) errors, common to every awsJson service.
  UnrecognizedClientException: {
    status: 400,
    namespace: CORAL_NAMESPACE,
    message: 'The security token included in the request is invalid.',
  },
  InvalidSignatureException: {
    status: 400,
    namespace: CORAL_NAMESPACE,
    message: 'The request signature we calculated does not match the signature you provided.',
  },
  IncompleteSignatureException: {
    status: 400,
    namespace: CORAL_NAMESPACE,
    message: 'The request signature does not conform to AWS standards.',
  },
  MissingAuthenticationTokenException: {
    status: 403,
    namespace: CORAL_NAMESPACE,
    message: 'Missing Authentication Token',
  },
  ExpiredTokenException: {
    status: 400,
    namespace: CORAL_NAMESPACE,
    message: 'The security token included in the request is expired',
  },
  InvalidClientTokenId: {
    status: 403,
    namespace: CORAL_NAMESPACE,
    message: 'The security token included in the request is invalid.',
  },
  UnknownOperationException: { status: 400, namespace: CORAL_NAMESPACE, message: 'Unknown operation' },
  SerializationException: {
    status: 400,
    namespace: CORAL_NAMESPACE,
    message: 'Start of structure or map found where not expected.',
  },
  ServiceUnavailableException: {
    status: 503,
    namespace: CORAL_NAMESPACE,
    message: 'Service is temporarily unavailable.',
  },
}

/** The error codes the emulator knows (any other code is still answered, as a 400 client fault). */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(ERRORS)

export interface ValidationField {
  readonly Name: string
  readonly Message: string
}

/** Modelled members an error may carry. Undefined members are left out of the body. */
export interface ErrorMembers {
  readonly Message?: string
  readonly RetryAfterSeconds?: number
  readonly ResourceId?: string
  readonly ResourceType?: string
  readonly QuotaCode?: string
  readonly ServiceCode?: string
  readonly Reason?: 'cannotParse' | 'fieldValidationFailed' | 'other' | 'unknownOperation'
  readonly FieldList?: readonly ValidationField[]
}

/**
 * An awsJson1_0 error: `{"__type": "<namespace>#<Name>", "Message": ...}` with the
 * `x-amzn-errortype` header in Coral's `<Name>:<url>` form and an `x-amzn-requestid` header.
 * RetryAfterSeconds is sent in the body and as a `Retry-After` header.
 */
export function errorResponse(
  code: string,
  ctx: ProviderContext,
  members: ErrorMembers = {},
): EmulatorResponse {
  const spec = ERRORS[code] ?? { status: 400, namespace: SERVICE_NAMESPACE, message: code }
  const body: Record<string, unknown> = { __type: `${spec.namespace}#${code}` }
  for (const [key, value] of Object.entries({ Message: spec.message, ...members }))
    if (value !== undefined) body[key] = value
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    'x-amzn-requestid': ctx.requestId(),
    'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/${spec.namespace}/`,
  }
  if (members.RetryAfterSeconds !== undefined) headers['retry-after'] = String(members.RetryAfterSeconds)
  return { status: spec.status, headers, body: JSON.stringify(body), errorCode: code }
}

/**
 * The documented error for a code, for fault injection: the modelled members each error carries
 * are filled in (ThrottlingException's QuotaCode/ServiceCode/RetryAfterSeconds, ResourceNotFound's
 * ResourceId/ResourceType, ...). Proxy pages (a three-digit code, `html`, `empty`) are answered by
 * the emulator itself for every provider (`fault-responses.ts`).
 */
export function faultResponse(
  code: string,
  ctx: ProviderContext,
  options: { retryAfterSeconds?: number; identity?: RequestIdentity },
): EmulatorResponse {
  const runId = typeof options.identity?.params.RunId === 'string' ? options.identity.params.RunId : undefined
  switch (code) {
    case 'ThrottlingException':
      return errorResponse(code, ctx, {
        QuotaCode: 'L-MWAASLS-API-RATE',
        ServiceCode: 'airflow-serverless',
        RetryAfterSeconds: options.retryAfterSeconds,
      })
    case 'InternalServerException':
      return errorResponse(code, ctx, { RetryAfterSeconds: options.retryAfterSeconds })
    case 'ResourceNotFoundException':
    case 'ConflictException':
      return errorResponse(code, ctx, { ResourceId: runId, ResourceType: 'WorkflowRun' })
    case 'ServiceQuotaExceededException':
      return errorResponse(code, ctx, {
        ResourceId: runId,
        ResourceType: 'WorkflowRun',
        QuotaCode: 'L-MWAASLS-RUNS',
        ServiceCode: 'airflow-serverless',
      })
    case 'ValidationException':
      return errorResponse(code, ctx, { Reason: 'other' })
    default:
      return errorResponse(code, ctx)
  }
}
