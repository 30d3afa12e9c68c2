import {
  awsSetupProblem,
  RunError,
  type RunErrorCode,
  type RunHandle,
  type RunOperation,
  runErrorCodeForHttpStatus,
  transportErrorCode,
} from '@runstop/core'
import { PROVIDER } from './mwaa-serverless-handle.js'

/**
 * Error names to codes, by name first (DESIGN.md; seeds 000/001 for the service's own errors, the
 * AWS front end's common errors for authentication and unknown operations).
 */
export const MWAA_SERVERLESS_ERROR_CODES: Readonly<Record<string, RunErrorCode>> = {
  ValidationException: 'VALIDATION',
  ResourceNotFoundException: 'NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  ThrottlingException: 'THROTTLED',
  ConflictException: 'CONFLICT',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  OperationTimeoutException: 'TIMEOUT',
  InternalServerException: 'UNAVAILABLE',
  UnknownOperationException: 'NOT_SUPPORTED',
  UnrecognizedClientException: 'UNAUTHENTICATED',
  InvalidSignatureException: 'UNAUTHENTICATED',
  ExpiredTokenException: 'UNAUTHENTICATED',
  IncompleteSignatureException: 'UNAUTHENTICATED',
  MissingAuthenticationToken: 'UNAUTHENTICATED',
  MissingAuthenticationTokenException: 'UNAUTHENTICATED',
  InvalidClientTokenId: 'UNAUTHENTICATED',
}

const CODE_BY_LOWER_NAME = new Map(
  Object.entries(MWAA_SERVERLESS_ERROR_CODES).map(([name, code]) => [name.toLowerCase(), code] as const),
)

/** Modelled error members kept on `details`. */
const DETAIL_FIELDS = [
  'FieldList',
  'Reason',
  'ResourceId',
  'ResourceType',
  'QuotaCode',
  'ServiceCode',
] as const

/** Names that say "no error type was sent" (the SDK's default, or a bare HTTP status). */
const PLACEHOLDER_NAMES = new Set(['unknownerror', 'unknown', 'error', ''])

const OPERATION_NAMES: Record<RunOperation, string> = {
  stop: 'StopWorkflowRun',
  get: 'GetWorkflowRun',
  list: 'ListWorkflowRuns',
}

/**
 * The bare error name of an awsJson error type: `com.amazonaws.mwaaserverless#ThrottlingException`
 * and `ThrottlingException:http://internal.amazon.com/coral/...` both give `ThrottlingException`.
 */
export function errorTypeName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined
  let name = raw.trim()
  const colon = name.indexOf(':')
  if (colon !== -1) name = name.slice(0, colon)
  const hash = name.lastIndexOf('#')
  if (hash !== -1) name = name.slice(hash + 1)
  name = name.trim()
  return name === '' ? undefined : name
}

export interface MapErrorContext {
  readonly operation: RunOperation
  readonly handle?: RunHandle
  /** Configured secret values, scrubbed from the message. */
  readonly secrets?: readonly (string | undefined)[]
  /** The call's signal: an error after it fired is `ABORTED`. */
  readonly signal?: AbortSignal
}

type Loose = Record<string, unknown>

const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null ? (value as Loose) : undefined

function header(headers: unknown, name: string): string | undefined {
  const record = asObject(headers)
  if (!record) return undefined
  for (const [key, value] of Object.entries(record))
    if (key.toLowerCase() === name && (typeof value === 'string' || typeof value === 'number'))
      return String(value)
  return undefined
}

function seconds(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

/**
 * Turns anything the client threw into a RunError: the official client's ServiceException
 * (`name`, `$fault`, `$metadata`, modelled members) and this package's own client's errors (the
 * same shape), HTTP-only failures (no error type: by status), transport failures (NETWORK,
 * ABORTED) and anything else (UNKNOWN). Never uses `instanceof` on SDK classes.
 */
export function mapError(error: unknown, context: MapErrorContext): RunError {
  const { operation, handle, secrets, signal } = context
  const base = {
    provider: PROVIDER,
    operation,
    ...(handle === undefined ? {} : { handle }),
    ...(secrets === undefined ? {} : { secrets }),
  }
  const what = `MWAA Serverless ${OPERATION_NAMES[operation]}`
  if (RunError.is(error)) return error
  const e = asObject(error) ?? {}
  const metadata = asObject(e.$metadata)
  const response = asObject(e.$response)
  const httpStatus =
    typeof metadata?.httpStatusCode === 'number'
      ? metadata.httpStatusCode
      : typeof response?.statusCode === 'number'
        ? response.statusCode
        : undefined
  const serviceLike = metadata !== undefined || typeof e.$fault === 'string' || httpStatus !== undefined

  if (signal?.aborted)
    return new RunError({ ...base, code: 'ABORTED', message: `${what} was aborted.`, cause: error })

  const rawName = errorTypeName(e.name) ?? errorTypeName(e.code) ?? errorTypeName(e.__type)
  const knownCode = rawName === undefined ? undefined : CODE_BY_LOWER_NAME.get(rawName.toLowerCase())

  if (!serviceLike && knownCode === undefined) {
    // No credentials: the caller's setup, found before any request; say what to set.
    const setup = awsSetupProblem(error)
    if (setup !== undefined)
      return new RunError({
        ...base,
        code: setup.code,
        message: `${what} was not sent: ${setup.message}`,
        cause: error,
      })
    const transport = transportErrorCode(error)
    const message = typeof e.message === 'string' ? e.message : String(error)
    if (transport === 'ABORTED')
      return new RunError({ ...base, code: 'ABORTED', message: `${what} was aborted.`, cause: error })
    if (transport === 'NETWORK')
      return new RunError({ ...base, code: 'NETWORK', message: `${what} failed: ${message}`, cause: error })
    return new RunError({ ...base, code: 'UNKNOWN', message: `${what} failed: ${message}`, cause: error })
  }

  // A provider code is a real error name, not a placeholder or a bare status like "503".
  const providerCode =
    rawName !== undefined && !PLACEHOLDER_NAMES.has(rawName.toLowerCase()) && !/^\d+$/.test(rawName)
      ? rawName
      : undefined
  const code = knownCode ?? runErrorCodeForHttpStatus(httpStatus)
  const requestId =
    (typeof metadata?.requestId === 'string' ? metadata.requestId : undefined) ??
    header(response?.headers, 'x-amzn-requestid')
  const retryAfterSeconds = seconds(e.RetryAfterSeconds) ?? seconds(header(response?.headers, 'retry-after'))
  const details: Loose = {}
  for (const field of DETAIL_FIELDS)
    if (e[field] !== undefined && e[field] !== null) details[field] = e[field]
  const providerMessage =
    typeof e.Message === 'string' ? e.Message : typeof e.message === 'string' ? e.message : undefined
  const label = providerCode ?? (httpStatus === undefined ? 'error' : `HTTP ${httpStatus}`)
  return new RunError({
    ...base,
    code,
    message: `${what} failed: ${label}${providerMessage ? `: ${providerMessage}` : ''}`,
    ...(providerCode === undefined ? {} : { providerCode }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
    ...(Object.keys(details).length === 0 ? {} : { details }),
    cause: error,
  })
}
