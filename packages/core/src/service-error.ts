import type { SetupProblem } from './aws-setup-error.js'
import { runErrorCodeForHttpStatus } from './http-status-code.js'
import { RunError, type RunErrorCode, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { transportErrorCode } from './transport-error.js'

/** How one provider error code maps. */
export interface ErrorCodeRule {
  /** The RunError code. */
  readonly code: RunErrorCode
  /** Overrides the code's default retryability. */
  readonly retryable?: boolean
  /** Appended to the message: what to check. */
  readonly hint?: string
}

/**
 * A case-insensitive lookup over a provider's error tables (a later table wins). A code no table
 * names falls back to its family, the part before the first dot: `Throttling.User` → `Throttling`.
 */
export function errorCodeRules(
  ...tables: readonly Readonly<Record<string, ErrorCodeRule>>[]
): (providerCode: string) => ErrorCodeRule | undefined {
  const rules = new Map(
    tables.flatMap((table) =>
      Object.entries(table).map(([code, rule]) => [code.toLowerCase(), rule] as const),
    ),
  )
  return (providerCode) => {
    const key = providerCode.toLowerCase()
    return rules.get(key) ?? rules.get(key.split('.')[0] ?? key)
  }
}

/** What an adapter read out of a failed call, from wherever its SDK keeps it. */
export interface ServiceErrorFields {
  /** The provider's error code (`Code`, `__type`…). */
  readonly providerCode?: string | undefined
  /** The HTTP status of the answer, from the error or as the transport saw it. */
  readonly httpStatus?: number | undefined
  /** The provider's request id. */
  readonly requestId?: string | undefined
  /** The provider's own message (never the SDK's, which may carry a signed URL). */
  readonly providerMessage?: string | undefined
  /** Extra provider fields worth keeping (`details`). */
  readonly details?: Readonly<Record<string, unknown>> | undefined
  /** The SDK could not read the answer's body (HTML, empty, cut off, not an object). */
  readonly unreadableBody?: boolean | undefined
  /** The caller's setup failed before any request (no credentials found, say). */
  readonly setup?: SetupProblem | undefined
}

/** What `mapServiceError` needs to know about the failed call. */
export interface ServiceErrorContext {
  /** The runstop provider name. */
  readonly provider: string
  /** What the message calls the call, e.g. `Alibaba CloudFlow StopExecution for execution 'e'`. */
  readonly what: string
  /** The operation that failed. */
  readonly operation: RunOperation
  /** The run (or scope) the call was about. */
  readonly handle?: RunHandle | undefined
  /** Configured secret values to keep out of the message, `toJSON()` and the kept cause. */
  readonly secrets?: readonly (string | undefined)[] | undefined
  /** The call's signal: once it has fired, any failure is `ABORTED`. */
  readonly signal?: AbortSignal | undefined
  /** The provider's error table (see {@link errorCodeRules}). */
  readonly rules: (providerCode: string) => ErrorCodeRule | undefined
}

/** An SDK message's first line, cut before any URL (a signed request URL must not be copied). */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  const url = line.search(/https?:\/\//)
  return (url === -1 ? line : line.slice(0, url)).trim().slice(0, 300)
}

/**
 * Turns what a provider call failed with into a RunError, given the fields the adapter read out of
 * it, never with `instanceof`: `ABORTED` once the signal fired; a RunError kept (gaining the
 * operation and handle); then the provider's code through `rules` (an unknown code by HTTP status);
 * transport failures (`NETWORK`); an unreadable body (`UNAVAILABLE` for a 5xx or an unknown status,
 * else by status); a setup problem; the HTTP status; else `UNKNOWN`. The message names the call,
 * the code and the provider's message, the status and request id; the original error is kept as
 * `cause`, and configured secrets are scrubbed from all of it.
 */
export function mapServiceError(
  error: unknown,
  fields: ServiceErrorFields,
  context: ServiceErrorContext,
): RunError {
  const { what, handle } = context
  const base = {
    provider: context.provider,
    operation: context.operation,
    ...(handle === undefined ? {} : { handle }),
    ...(context.secrets === undefined ? {} : { secrets: context.secrets }),
    cause: error,
  }
  if (context.signal?.aborted)
    return new RunError({ ...base, code: 'ABORTED', message: `${what} was aborted.` })
  if (RunError.is(error))
    return error.with({
      operation: error.operation ?? context.operation,
      ...(error.handle === undefined && handle !== undefined ? { handle } : {}),
    })
  const { providerCode, httpStatus, requestId, providerMessage, details } = fields
  const extra = {
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(details === undefined || Object.keys(details).length === 0 ? {} : { details }),
  }
  const said = [
    httpStatus === undefined ? '' : `HTTP ${httpStatus}`,
    requestId ? `request id ${requestId}` : '',
  ]
  const tail = said.some(Boolean) ? ` (${said.filter(Boolean).join(', ')})` : ''
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const transport = transportErrorCode(error, context.signal)
  if (providerCode !== undefined && transport === undefined) {
    const rule = context.rules(providerCode)
    return new RunError({
      ...base,
      ...extra,
      code: rule?.code ?? runErrorCodeForHttpStatus(httpStatus),
      providerCode,
      ...(rule?.retryable === undefined ? {} : { retryable: rule.retryable }),
      message: `${what} failed: ${providerCode}${providerMessage ? `: ${providerMessage}` : ''}${tail}.${rule?.hint ? ` ${rule.hint}` : ''}`,
    })
  }
  const name = typeof e.name === 'string' ? e.name : typeof error
  if (transport !== undefined)
    return new RunError({
      ...base,
      code: transport,
      message: `${what} did not get an answer: ${typeof e.code === 'string' ? e.code : name}.`,
    })
  if (fields.unreadableBody) {
    const code =
      httpStatus === undefined || httpStatus >= 500 ? 'UNAVAILABLE' : runErrorCodeForHttpStatus(httpStatus)
    return new RunError({
      ...base,
      ...extra,
      code,
      message: `${what} answered${httpStatus === undefined ? '' : ` HTTP ${httpStatus}`} with a body that is not a JSON object (an HTML or empty page from a proxy, or a cut-off answer).`,
    })
  }
  if (fields.setup !== undefined)
    return new RunError({ ...base, code: fields.setup.code, message: `${what}: ${fields.setup.message}` })
  if (httpStatus !== undefined)
    return new RunError({
      ...base,
      ...extra,
      code: runErrorCodeForHttpStatus(httpStatus),
      message: `${what} failed with HTTP ${httpStatus}${requestId ? ` (request id ${requestId})` : ''}.`,
    })
  const message = typeof e.message === 'string' && e.message !== '' ? `: ${firstLine(e.message)}` : ''
  return new RunError({ ...base, code: 'UNKNOWN', message: `${what} failed: ${name}${message}.` })
}
