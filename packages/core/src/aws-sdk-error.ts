import { awsSetupProblem } from './aws-setup-error.js'
import { runErrorCodeForHttpStatus } from './http-status-code.js'
import { redact } from './redact.js'
import { RunError, type RunErrorCode, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { transportErrorCode } from './transport-error.js'

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

/** An error whose text carries a configured secret is kept as a scrubbed copy, so no `cause` leaks it. */
function safeCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return error
  const message = redact(error.message, secrets)
  const stack = error.stack === undefined ? undefined : redact(error.stack, secrets)
  if (message === error.message && stack === error.stack) return error
  const copy = new Error(message)
  copy.name = error.name
  copy.stack = stack
  return copy
}

/** Throttling by any other name (`TooManyRequestsException`, `RequestLimitExceeded`, …). */
const THROTTLE_NAME = /throttl|toomanyrequests|requestlimitexceeded|ratelimitexceeded|slowdown/i

/**
 * HTTP 424 Failed Dependency: what AWS services answer `DependencyFailedException` with (a node or
 * service the call relied on failed). The generic status table does not know it.
 */
const FAILED_DEPENDENCY = 424

/** Fields of an AWS service error kept in `details` when they are non-empty strings. */
const DETAIL_FIELDS = ['resourceName', 'reason'] as const

/**
 * Names that say "no error type was sent": the SDK's placeholders, a bare status, or a JavaScript
 * error the SDK threw reading a body that was not what the service sends (HTML, cut-off JSON).
 */
const PLACEHOLDER = /^(unknown|unknownerror|error|\d+|syntaxerror|typeerror|rangeerror)$/i

/**
 * Turns what an AWS SDK v3 call (or a client shaped like one) failed with into a RunError, never
 * with `instanceof`: by the error's name first (`context.table`), then by the SDK's own throttling
 * mark (`$retryable.throttling`) or a throttling name, so a throttle the table does not name is
 * never taken for the HTTP 400 it came with, then by HTTP status, then transport failures
 * (`NETWORK`, `ABORTED`); anything else is `UNKNOWN`. Keeps the name as `providerCode`, the HTTP
 * status, the request id, a retry delay, `$fault` (and a `resourceName` or `reason` the service
 * sent) in `details`, and the original error (scrubbed of secrets) as `cause`. HTTP 424 with an
 * unknown name is `DEPENDENCY_FAILED`. An incomplete setup found before any request (no
 * credentials, no region: `awsSetupProblem`) says the call was not sent and what to set.
 */
export function mapAwsSdkError(error: unknown, context: AwsSdkErrorContext): RunError {
  if (RunError.is(error)) return error
  const secrets = context.secrets ?? []
  const setup = context.signal?.aborted ? undefined : awsSetupProblem(error)
  if (setup !== undefined)
    return new RunError({
      code: setup.code,
      message: `${context.what} was not sent: ${setup.message}`,
      provider: context.provider,
      operation: context.operation,
      ...(context.handle === undefined ? {} : { handle: context.handle }),
      cause: safeCause(error, secrets),
      secrets,
    })
  const e = asObject(error)
  const metadata = asObject(e.$metadata)
  const response = asObject(e.$response)
  const status =
    typeof metadata.httpStatusCode === 'number'
      ? metadata.httpStatusCode
      : typeof response.statusCode === 'number'
        ? response.statusCode
        : undefined
  const rawName = bareName(e.name) ?? bareName(e.code) ?? bareName(e.__type)
  const named = rawName !== undefined && !PLACEHOLDER.test(rawName) ? rawName : undefined
  const lower = named?.toLowerCase()
  const tableCode = Object.entries(context.table).find(([name]) => name.toLowerCase() === lower)?.[1]
  const serviceError = status !== undefined || text(e.$fault) !== undefined

  let code: RunErrorCode
  if (context.signal?.aborted) code = 'ABORTED'
  else if (tableCode !== undefined) code = tableCode
  else if (asObject(e.$retryable).throttling === true || THROTTLE_NAME.test(named ?? '')) code = 'THROTTLED'
  else if (serviceError && status !== undefined && status >= 300)
    code = status === FAILED_DEPENDENCY ? 'DEPENDENCY_FAILED' : runErrorCodeForHttpStatus(status)
  else code = transportErrorCode(error) ?? 'UNKNOWN'
  const providerCode = code !== 'ABORTED' && (tableCode !== undefined || serviceError) ? named : undefined

  const providerMessage =
    text(e.message) ?? text(e.Message) ?? (typeof error === 'string' ? error : undefined)
  const how =
    code === 'ABORTED'
      ? 'was aborted'
      : code === 'NETWORK'
        ? 'could not reach the service'
        : `failed${providerCode ? ` with ${providerCode}` : ''}${status === undefined ? '' : ` (HTTP ${status})`}`
  const requestId = text(metadata.requestId) ?? header(response.headers, 'x-amzn-requestid')
  const wait = code === 'ABORTED' ? undefined : retryAfterMs(e)
  const details: Record<string, unknown> = text(e.$fault) === undefined ? {} : { fault: e.$fault }
  for (const field of DETAIL_FIELDS) if (text(e[field]) !== undefined) details[field] = e[field]
  return new RunError({
    code,
    message: `${context.what} ${how}${providerMessage ? `: ${providerMessage.split('\n')[0]}` : '.'}`,
    provider: context.provider,
    operation: context.operation,
    ...(context.handle === undefined ? {} : { handle: context.handle }),
    ...(providerCode === undefined ? {} : { providerCode }),
    ...(status === undefined ? {} : { httpStatus: status }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    ...(Object.keys(details).length === 0 ? {} : { details }),
    cause: safeCause(error, secrets),
    secrets,
  })
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
}

/**
 * A provider's `mapError`: `mapAwsSdkError` with the provider's table, each message naming the
 * call as `<service> <Operation>` (e.g. `Step Functions StopExecution failed with …`).
 */
export function awsErrorMapper(
  options: AwsErrorMapperOptions,
): (error: unknown, context: AwsErrorMapContext) => RunError {
  const { provider, service, operations, table } = options
  return (error, context) =>
    mapAwsSdkError(error, {
      ...context,
      provider,
      table,
      what: `${service} ${operations[context.operation]}`,
    })
}
