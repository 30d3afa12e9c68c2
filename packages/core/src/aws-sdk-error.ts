import { awsSetupProblem } from './aws-setup-error.js'
import type { RunError, RunErrorCode, RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { errorCodeRules, mapServiceError } from './service-error.js'

/**
 * The errors of the AWS front door, common to every AWS service: credentials and signatures
 * (`UNAUTHENTICATED`), unknown operations (`NOT_SUPPORTED`). Spread it into a service's table.
 */
export const AWS_COMMON_ERRORS: Readonly<Record<string, RunErrorCode>> = {
  UnrecognizedClientException: 'UNAUTHENTICATED',
  InvalidSignatureException: 'UNAUTHENTICATED',
  ExpiredTokenException: 'UNAUTHENTICATED',
  IncompleteSignatureException: 'UNAUTHENTICATED',
  MissingAuthenticationToken: 'UNAUTHENTICATED',
  MissingAuthenticationTokenException: 'UNAUTHENTICATED',
  InvalidClientTokenId: 'UNAUTHENTICATED',
  AccessDeniedException: 'ACCESS_DENIED',
  ThrottlingException: 'THROTTLED',
  UnknownOperationException: 'NOT_SUPPORTED',
  InternalServerException: 'UNAVAILABLE',
  ServiceUnavailableException: 'UNAVAILABLE',
}

/** What `mapAwsSdkError` needs to know about the failed call. */
export interface AwsSdkErrorContext {
  /** The runstop provider name, e.g. `step-functions`. */
  readonly provider: string
  /** What the message calls the call, e.g. `Step Functions StopExecution`. */
  readonly what: string
  /** The operation that failed. */
  readonly operation: RunOperation
  /** Error names to codes, matched case-insensitively after `namespace#` and `:suffix` are stripped. */
  readonly table: Readonly<Record<string, RunErrorCode>>
  /** The run the call was about, when it was about one (not a list). */
  readonly handle?: RunHandle
  /** Configured secret values to keep out of the message, `toJSON()` and the kept cause. */
  readonly secrets?: readonly (string | undefined)[]
  /** The call's signal: once it has fired, any failure is `ABORTED`. */
  readonly signal?: AbortSignal
  /**
   * Modelled members of the service's errors to keep in `details` as they are (`FieldList`,
   * `QuotaCode`, …), beside `fault` and any `resourceName` / `reason`.
   */
  readonly detailFields?: readonly string[]
}

type Loose = Record<string, unknown>
const asObject = (value: unknown): Loose =>
  typeof value === 'object' && value !== null ? (value as Loose) : {}
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined

/** `com.amazonaws.states#ThrottlingException` or `ThrottlingException:http://…` → `ThrottlingException`. */
function bareName(raw: unknown): string | undefined {
  const value = text(raw)
  if (value === undefined) return undefined
  const name = value.split(':')[0] ?? ''
  return text(name.slice(name.lastIndexOf('#') + 1).trim())
}

function header(headers: unknown, name: string): string | undefined {
  for (const [key, value] of Object.entries(asObject(headers)))
    if (key.toLowerCase() === name && (typeof value === 'string' || typeof value === 'number'))
      return String(value)
  return undefined
}

/** `RetryAfterSeconds` in the body, else a `Retry-After` header (delta-seconds or an HTTP date), in ms. */
function retryAfterMs(e: Loose): number | undefined {
  const raw = e.RetryAfterSeconds ?? header(asObject(e.$response).headers, 'retry-after')
  const seconds = typeof raw === 'number' ? raw : text(raw) !== undefined ? Number(raw) : Number.NaN
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

/** Throttling by any other name (`TooManyRequestsException`, `RequestLimitExceeded`, …). */
const THROTTLE_NAME = /throttl|toomanyrequests|requestlimitexceeded|ratelimitexceeded|slowdown/i

/** Fields of an AWS service error kept in `details` when they are non-empty strings. */
const DETAIL_FIELDS = ['resourceName', 'reason'] as const

/**
 * Names that say "no error type was sent": the SDK's placeholders, a bare status, or a JavaScript
 * error the SDK threw reading a body that was not what the service sends (HTML, cut-off JSON).
 */
const PLACEHOLDER = /^(unknown|unknownerror|error|\d+|syntaxerror|typeerror|rangeerror)$/i

/**
 * Turns what an AWS SDK v3 call (or a client shaped like one) failed with into a RunError: reads
 * the SDK's fields, never with `instanceof` (the error's name, or `code` / `__type`, as the
 * provider code; `$metadata` / `$response` for the HTTP status and request id; `$retryable`'s
 * throttling mark or a throttling name; a `RetryAfterSeconds` or `Retry-After` delay; `$fault`,
 * `resourceName`, `reason` and `detailFields` as `details`; an incomplete setup found before any
 * request, `awsSetupProblem`) and hands them to the one provider-neutral mapping,
 * `mapServiceError`, with `context.table`. So a throttle the table does not name is never taken
 * for the HTTP 400 it came with, and HTTP 424 with an unknown name is `DEPENDENCY_FAILED`.
 */
export function mapAwsSdkError(error: unknown, context: AwsSdkErrorContext): RunError {
  const e = asObject(error)
  const metadata = asObject(e.$metadata)
  const response = asObject(e.$response)
  const status = [metadata.httpStatusCode, response.statusCode].find((n) => typeof n === 'number')
  const rawName = bareName(e.name) ?? bareName(e.code) ?? bareName(e.__type)
  const named = rawName !== undefined && !PLACEHOLDER.test(rawName) ? rawName : undefined
  const rules = errorCodeRules(context.table)
  // A name is the provider's code when the service answered, or when the table knows it.
  const serviceError = status !== undefined || text(e.$fault) !== undefined
  const providerCode = named !== undefined && (serviceError || rules(named) !== undefined) ? named : undefined
  const details: Record<string, unknown> = text(e.$fault) === undefined ? {} : { fault: e.$fault }
  for (const field of DETAIL_FIELDS) if (text(e[field]) !== undefined) details[field] = e[field]
  for (const field of context.detailFields ?? []) if (e[field] != null) details[field] = e[field]
  const fields = {
    providerCode,
    httpStatus: status as number | undefined,
    requestId: text(metadata.requestId) ?? header(response.headers, 'x-amzn-requestid'),
    providerMessage: text(e.message) ?? text(e.Message) ?? (typeof error === 'string' ? error : undefined),
    details,
    retryAfterMs: retryAfterMs(e),
    throttled: asObject(e.$retryable).throttling === true || THROTTLE_NAME.test(named ?? ''),
    setup: awsSetupProblem(error),
  }
  return mapServiceError(error, fields, { ...context, rules })
}

/** The context a provider's `mapError` takes: the failed call's operation, handle, secrets, signal. */
export type AwsErrorMapContext = Omit<AwsSdkErrorContext, 'provider' | 'what' | 'table'>

/** What `awsErrorMapper` builds a provider's `mapError` from. */
export interface AwsErrorMapperOptions {
  /** The runstop provider name, e.g. `step-functions`. */
  readonly provider: string
  /** The service as messages name it, e.g. `Step Functions`. */
  readonly service: string
  /** Each operation's API name, e.g. `{ stop: 'StopExecution', get: 'DescribeExecution', list: 'ListExecutions' }`. */
  readonly operations: Readonly<Record<RunOperation, string>>
  /** Error names to codes (spread `AWS_COMMON_ERRORS` into it). */
  readonly table: Readonly<Record<string, RunErrorCode>>
  /** Modelled error members kept in `details` (see `AwsSdkErrorContext.detailFields`). */
  readonly detailFields?: readonly string[]
}

/**
 * A provider's `mapError`: `mapAwsSdkError` with the provider's table, each message naming the
 * call as `<service> <Operation>` (e.g. `Step Functions StopExecution failed with …`).
 */
export function awsErrorMapper(
  options: AwsErrorMapperOptions,
): (error: unknown, context: AwsErrorMapContext) => RunError {
  const { provider, service, operations, table, detailFields } = options
  return (error, context) =>
    mapAwsSdkError(error, {
      ...context,
      provider,
      table,
      ...(detailFields === undefined ? {} : { detailFields }),
      what: `${service} ${operations[context.operation]}`,
    })
}
