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
 * A case-insensitive lookup over a provider's error tables (a later table wins), each entry a rule
 * or just a code. A code no table names falls back to its family, the part before the first dot:
 * `Throttling.User` → `Throttling`.
 */
export function errorCodeRules(
  ...tables: readonly Readonly<Record<string, ErrorCodeRule | RunErrorCode>>[]
): (providerCode: string) => ErrorCodeRule | undefined {
  // Built on the first lookup, not here: adapters make their lookup when their module loads, and a
  // process that never sees an error never needs it.
  let rules: Map<string, ErrorCodeRule> | undefined
  const build = () =>
    new Map(
      tables.flatMap((table) =>
        Object.entries(table).map(
          ([code, rule]) => [code.toLowerCase(), typeof rule === 'string' ? { code: rule } : rule] as const,
        ),
      ),
    )
  return (providerCode) => {
    rules ??= build()
    const key = providerCode.toLowerCase()
    return rules.get(key) ?? rules.get(key.split('.')[0] ?? key)
  }
}

/** What an adapter read out of a failed call, from wherever its SDK keeps it. */
export interface ServiceErrorFields {
  /** The provider's error code (`Code`, `__type`, an AWS error's name…). */
  readonly providerCode?: string | undefined
  /** The HTTP status of the answer, from the error or as the transport saw it. */
  readonly httpStatus?: number | undefined
  /** The provider's request id. */
  readonly requestId?: string | undefined
  /** The provider's own message (never an SDK text that may carry a signed URL). */
  readonly providerMessage?: string | undefined
  /** Extra provider fields worth keeping (`details`). */
  readonly details?: Readonly<Record<string, unknown>> | undefined
  /** How long the service asked to wait before another attempt, in ms. */
  readonly retryAfterMs?: number | undefined
  /** The SDK or the error's name says it is a throttle: `THROTTLED` when the table does not name it. */
  readonly throttled?: boolean | undefined
  /** The SDK could not read the answer's body (HTML, empty, cut off, not an object). */
  readonly unreadableBody?: boolean | undefined
  /** The caller's setup failed before any request (no credentials or region found, say). */
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

/**
 * HTTP 424 Failed Dependency: what AWS services answer `DependencyFailedException` with (a node or
 * service the call relied on failed). The generic status table does not know it.
 */
const byStatus = (status: number | undefined): RunErrorCode =>
  status === 424 ? 'DEPENDENCY_FAILED' : runErrorCodeForHttpStatus(status)

/** A message's first line, cut before any URL (a signed request URL must not be copied). */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  const url = line.search(/https?:\/\//)
  return (url === -1 ? line : line.slice(0, url)).trim().slice(0, 300)
}

/**
 * The one mapping of a failed provider call to a RunError, given the fields the adapter read out
 * of its SDK's error (`mapAwsSdkError` reads an AWS SDK's), never with `instanceof`: a RunError is
 * kept (gaining the operation and handle); `ABORTED` once the signal fired; a setup problem (the
 * call was not sent); the provider's code through `rules`, else `THROTTLED` when `throttled`, else
 * by HTTP status (424 is `DEPENDENCY_FAILED`); transport failures (`NETWORK`, `TIMEOUT`); an
 * unreadable body (`UNAVAILABLE` for a 5xx or an unknown status, else by status); the HTTP status;
 * else `UNKNOWN`. Messages have one form, `<what> failed with <code> (HTTP <status>): <provider
 * message>. <hint>` (the request id is `requestId`); the original error is kept as `cause` and configured secrets
 * are scrubbed from all of it (by `RunError`).
 */
export function mapServiceError(
  error: unknown,
  fields: ServiceErrorFields,
  context: ServiceErrorContext,
): RunError {
  const { what, handle } = context
  if (RunError.is(error))
    return error.operation !== undefined && (error.handle !== undefined || handle === undefined)
      ? error
      : error.with({ operation: error.operation ?? context.operation, ...(error.handle ? {} : { handle }) })
  const { providerCode, httpStatus, requestId, details } = fields
  const providerMessage = fields.providerMessage && firstLine(fields.providerMessage)
  const tail = httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`
  const ending = providerMessage ? `: ${providerMessage}` : '.'
  const answer = {
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(details === undefined || Object.keys(details).length === 0 ? {} : { details }),
  }
  const made = (code: RunErrorCode, message: string, extra: object = answer) =>
    new RunError({
      provider: context.provider,
      operation: context.operation,
      ...(handle === undefined ? {} : { handle }),
      ...(context.secrets === undefined ? {} : { secrets: context.secrets }),
      cause: error,
      ...extra,
      code,
      message: `${what} ${message}`,
    })
  if (context.signal?.aborted) return made('ABORTED', `was aborted${tail}${ending}`)
  if (fields.setup !== undefined) return made(fields.setup.code, `was not sent: ${fields.setup.message}`, {})
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const transport = transportErrorCode(error, context.signal)
  const wait = fields.retryAfterMs === undefined ? {} : { retryAfterMs: fields.retryAfterMs }
  if (providerCode !== undefined && transport === undefined) {
    const rule = context.rules(providerCode)
    const hint = rule?.hint ? `${/[.!?]$/.test(ending) ? '' : '.'} ${rule.hint}` : ''
    return made(
      rule?.code ?? (fields.throttled ? 'THROTTLED' : byStatus(httpStatus)),
      `failed with ${providerCode}${tail}${ending}${hint}`,
      {
        ...answer,
        ...wait,
        providerCode,
        ...(rule?.retryable === undefined ? {} : { retryable: rule.retryable }),
      },
    )
  }
  const name = typeof e.name === 'string' ? e.name : typeof error
  if (transport !== undefined)
    return made(transport, `did not get an answer: ${typeof e.code === 'string' ? e.code : name}.`, {})
  if (fields.unreadableBody) {
    const code = httpStatus === undefined || httpStatus >= 500 ? 'UNAVAILABLE' : byStatus(httpStatus)
    const status = httpStatus === undefined ? '' : ` HTTP ${httpStatus}`
    return made(
      code,
      `answered${status} with a body that is not a JSON object (an HTML or empty page from a proxy, or a cut-off answer).`,
    )
  }
  if (fields.throttled) return made('THROTTLED', `failed${tail}${ending}`, { ...answer, ...wait })
  if (httpStatus !== undefined)
    return made(byStatus(httpStatus), `failed${tail}${ending}`, { ...answer, ...wait })
  const own = typeof e.message === 'string' && e.message !== '' ? `: ${firstLine(e.message)}` : ''
  const message = providerMessage || `${name}${own}`
  return made('UNKNOWN', `failed: ${message}${/[.!?]$/.test(message) ? '' : '.'}`)
}
