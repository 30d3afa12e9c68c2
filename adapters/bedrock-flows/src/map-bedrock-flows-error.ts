import {
  awsSetupProblem,
  RunError,
  type RunErrorCode,
  type RunHandle,
  type RunOperation,
  runErrorCodeForHttpStatus,
  transportErrorCode,
} from '@runstop/core'
import { PROVIDER } from './bedrock-flows-handle.js'

/**
 * Bedrock Agent Runtime error names to RunError codes: every exception StopFlowExecution documents
 * (ResourceNotFound, Conflict, Validation, InternalServer, DependencyFailed, BadGateway,
 * Throttling, AccessDenied), ServiceQuotaExceeded from the service model, and the errors of the
 * AWS front door for credentials and signatures.
 */
export const BEDROCK_FLOWS_ERROR_TABLE: Readonly<Record<string, RunErrorCode>> = {
  ValidationException: 'VALIDATION',
  ResourceNotFoundException: 'NOT_FOUND',
  ConflictException: 'CONFLICT',
  AccessDeniedException: 'ACCESS_DENIED',
  ThrottlingException: 'THROTTLED',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  InternalServerException: 'UNAVAILABLE',
  BadGatewayException: 'UNAVAILABLE',
  DependencyFailedException: 'DEPENDENCY_FAILED',
  UnrecognizedClientException: 'UNAUTHENTICATED',
  InvalidSignatureException: 'UNAUTHENTICATED',
  ExpiredTokenException: 'UNAUTHENTICATED',
  IncompleteSignatureException: 'UNAUTHENTICATED',
  MissingAuthenticationTokenException: 'UNAUTHENTICATED',
  InvalidClientTokenId: 'UNAUTHENTICATED',
}

const OPERATION_NAMES: Readonly<Record<RunOperation, string>> = {
  stop: 'StopFlowExecution',
  get: 'GetFlowExecution',
  list: 'ListFlowExecutions',
}

export interface MapErrorContext {
  readonly operation: RunOperation
  readonly handle?: RunHandle
  /** Configured secret values (secret key, session token) to keep out of every message. */
  readonly secrets?: readonly (string | undefined)[]
  /** The call's signal: once it has fired, any failure is `ABORTED`. */
  readonly signal?: AbortSignal
}

/** The parts of an AWS SDK v3 service error we read. Never checked with `instanceof`. */
interface SdkErrorLike {
  readonly name?: unknown
  readonly message?: unknown
  readonly $fault?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly requestId?: unknown }
  readonly $response?: { readonly headers?: Readonly<Record<string, unknown>> }
  readonly resourceName?: unknown
  readonly reason?: unknown
}

function asRecord(value: unknown): SdkErrorLike {
  return typeof value === 'object' && value !== null ? (value as SdkErrorLike) : {}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms. The model has no retry field; the header is optional. */
function retryAfterMs(headers: Readonly<Record<string, unknown>> | undefined): number | undefined {
  if (headers === undefined) return undefined
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'retry-after')
  const raw = name === undefined ? undefined : text(headers[name])
  if (raw === undefined) return undefined
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw) * 1000
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

/**
 * Turns whatever a Bedrock call failed with into a RunError: by the SDK error's `name` first, then
 * by `$metadata.httpStatusCode` (424 is DEPENDENCY_FAILED, the rest per runstop's table), then
 * transport failures (`NETWORK`, `ABORTED`); anything else is `UNKNOWN`. Keeps the error name as
 * `providerCode`, the HTTP status, `$metadata.requestId`, a `Retry-After` delay, `$fault`,
 * `resourceName` and `reason` in `details`, and the original error as `cause`.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  if (RunError.is(error)) return error
  const secrets = context.secrets ?? []
  const e = asRecord(error)
  const name = text(e.name)
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined
  const requestId = text(e.$metadata?.requestId)
  const rawMessage = text(e.message) ?? (typeof error === 'string' ? error : undefined)
  const operationName = OPERATION_NAMES[context.operation]
  // No credentials or no region: the caller's setup, found before any request; say what to set.
  const setup = context.signal?.aborted ? undefined : awsSetupProblem(error)
  if (setup !== undefined)
    return new RunError({
      code: setup.code,
      message: `Bedrock flows ${operationName} was not sent: ${setup.message}`,
      provider: PROVIDER,
      operation: context.operation,
      ...(context.handle === undefined ? {} : { handle: context.handle }),
      cause: error,
      secrets,
    })

  let code: RunErrorCode
  let providerCode: string | undefined
  if (context.signal?.aborted) code = 'ABORTED'
  else if (name !== undefined && Object.hasOwn(BEDROCK_FLOWS_ERROR_TABLE, name)) {
    code = BEDROCK_FLOWS_ERROR_TABLE[name] as RunErrorCode
    providerCode = name
  } else if (status !== undefined && status >= 300) {
    code = status === 424 ? 'DEPENDENCY_FAILED' : runErrorCodeForHttpStatus(status)
    // A decoded service error (it has `$fault`) names the provider's code; 'Unknown' is the SDK's
    // placeholder for a response without one, and a SyntaxError is a body that was not JSON.
    if (text(e.$fault) && name !== undefined && name !== 'Unknown') providerCode = name
  } else code = transportErrorCode(error) ?? 'UNKNOWN'

  const details: Record<string, unknown> = {}
  if (text(e.$fault)) details.fault = e.$fault
  if (text(e.resourceName)) details.resourceName = e.resourceName
  if (text(e.reason)) details.reason = e.reason

  const what =
    code === 'ABORTED'
      ? 'was aborted'
      : code === 'NETWORK'
        ? 'could not reach the service'
        : `failed${providerCode ? ` with ${providerCode}` : ''}${status === undefined ? '' : ` (HTTP ${status})`}`
  const message = `Bedrock flows ${operationName} ${what}${rawMessage ? `: ${rawMessage.split('\n')[0]}` : '.'}`

  const wait = retryAfterMs(e.$response?.headers)
  return new RunError({
    code,
    message,
    provider: PROVIDER,
    operation: context.operation,
    ...(context.handle === undefined ? {} : { handle: context.handle }),
    ...(providerCode === undefined ? {} : { providerCode }),
    ...(status === undefined ? {} : { httpStatus: status }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    ...(Object.keys(details).length === 0 ? {} : { details }),
    // RunError keeps a redacted copy of the cause (core's one redaction), scrubbed of `secrets` too.
    cause: error,
    secrets,
  })
}
