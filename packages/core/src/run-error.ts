import { redact, redactCause, redactData } from './redact.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'

/** What went wrong, provider-independent. Branch on this, never on a subclass. */
export type RunErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'ACCESS_DENIED'
  | 'THROTTLED'
  | 'CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'DEPENDENCY_FAILED'
  | 'NOT_SUPPORTED'
  | 'ABORTED'
  | 'UNKNOWN'

/** Every `RunErrorCode`, in a stable order (for exhaustive tables and CLI help). */
export const RUN_ERROR_CODES: readonly RunErrorCode[] = [
  'VALIDATION',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'ACCESS_DENIED',
  'THROTTLED',
  'CONFLICT',
  'QUOTA_EXCEEDED',
  'TIMEOUT',
  'UNAVAILABLE',
  'NETWORK',
  'DEPENDENCY_FAILED',
  'NOT_SUPPORTED',
  'ABORTED',
  'UNKNOWN',
]

/** The operation a controller call performs against the provider (`list`: one page of `listRuns`). */
export type RunOperation = 'stop' | 'get' | 'list'

/** Codes that are worth another attempt unless the provider says otherwise. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<RunErrorCode> = new Set([
  'THROTTLED',
  'TIMEOUT',
  'UNAVAILABLE',
  'NETWORK',
])

/** True for the codes that are retryable unless an adapter says otherwise. */
export function isRetryableByDefault(code: RunErrorCode): boolean {
  return RETRYABLE_BY_DEFAULT.has(code)
}

/** What `new RunError(…)` takes; only `code`, `message` and `provider` are required. */
export interface RunErrorOptions {
  /** What went wrong, provider-independent. */
  code: RunErrorCode
  /** A sentence for people; redacted before it is stored. */
  message: string
  /** The provider name of the adapter that failed (or `runstop` for the controller's own errors). */
  provider: string
  /** The provider operation that failed, when one was attempted. */
  operation?: RunOperation
  /** Defaults by code: THROTTLED, TIMEOUT, UNAVAILABLE and NETWORK are retryable. */
  retryable?: boolean
  /** How long the provider asked to wait before retrying (a `Retry-After` header), in milliseconds. */
  retryAfterMs?: number
  /** The HTTP status of the provider's answer, when there was one. */
  httpStatus?: number
  /** The provider's own error name or code, e.g. `ThrottlingException`, `ExecutionNotExists`. */
  providerCode?: string
  /** The provider's request id, for its support. */
  requestId?: string
  /** The run the error is about. */
  handle?: RunHandle
  /**
   * Provider-specific fields worth keeping (FieldList, QuotaCode, ...). Kept as a redacted plain
   * copy (see `redactData`): a BigInt becomes a string, a cycle `[Circular]`, secrets `[REDACTED]`.
   */
  details?: Readonly<Record<string, unknown>>
  /** The last thing seen of the run (a wait that timed out carries the run's last snapshot). */
  lastSnapshot?: RunSnapshot
  /**
   * The original error, kept for debugging as a redacted copy (`redactCause`): its name, message,
   * stack and plain fields, never the raw response, request, headers or sockets. Only its name and
   * message reach `toJSON()`.
   */
  cause?: unknown
  /** Secret values to scrub from the message, details and cause (an adapter's configured secret, for example). */
  secrets?: readonly (string | undefined)[]
}

const MARKER = Symbol.for('runstop.RunError')

/** The plain-data form of a RunError, as `toJSON()` returns it. */
export interface RunErrorJSON {
  /** Always `RunError`. */
  name: 'RunError'
  /** See `RunError.code`. */
  code: RunErrorCode
  /** See `RunError.message` (redacted). */
  message: string
  /** See `RunError.provider`. */
  provider: string
  /** See `RunError.operation`. */
  operation?: RunOperation
  /** See `RunError.retryable`. */
  retryable: boolean
  /** See `RunError.retryAfterMs`. */
  retryAfterMs?: number
  /** See `RunError.httpStatus`. */
  httpStatus?: number
  /** See `RunError.providerCode`. */
  providerCode?: string
  /** See `RunError.requestId`. */
  requestId?: string
  /** See `RunError.handle` (credential-like fields redacted). */
  handle?: RunHandle
  /** See `RunError.details` (a redacted plain copy). */
  details?: Readonly<Record<string, unknown>>
  /** The status of `RunError.lastSnapshot`, without its raw provider answer. */
  lastSnapshot?: {
    /** The run's normalised status when last seen. */
    status: RunSnapshot['status']
    /** The provider's own status word when last seen. */
    providerStatus: string
  }
  /** The name and redacted message of the original error. */
  cause?: {
    /** The original error's name. */
    name: string
    /** The original error's redacted message. */
    message: string
  }
}

/**
 * The one error type of runstop. Recognise it with `RunError.is(x)`, which works across
 * duplicated installs (a `Symbol.for` marker, not `instanceof`).
 */
export class RunError extends Error {
  /** Always `RunError` (recognise instances with `RunError.is`). */
  override readonly name = 'RunError'
  /** What went wrong, provider-independent: branch on this. */
  readonly code: RunErrorCode
  /** The provider name of the adapter that failed (`runstop` for the controller's own errors). */
  readonly provider: string
  /** The provider operation that failed (`stop`, `get` or `list`), when one was attempted. */
  readonly operation?: RunOperation
  /** Whether another attempt may succeed; the controller has already retried when this is true. */
  readonly retryable: boolean
  /** How long the provider asked to wait before retrying, in milliseconds. */
  readonly retryAfterMs?: number
  /** The HTTP status of the provider's answer, when there was one. */
  readonly httpStatus?: number
  /** The provider's own error name or code, e.g. `ThrottlingException`, `ExecutionNotExists`. */
  readonly providerCode?: string
  /** The provider's request id, for its support. */
  readonly requestId?: string
  /** The run the error is about (the canonical handle when it was validated). */
  readonly handle?: RunHandle
  /** Provider-specific fields worth keeping, as a redacted plain copy; `details.sent` says whether an aborted or timed-out request had been sent. */
  readonly details?: Readonly<Record<string, unknown>>
  /** The run as last seen (a wait that timed out carries it). */
  readonly lastSnapshot?: RunSnapshot
  /** The original error as a redacted copy: name, message, stack and plain fields, never the raw response, request or headers. */
  declare readonly cause?: unknown
  // Redacted once, at construction, while the configured secrets are at hand (they are not kept).
  #causeJSON?: { name: string; message: string }
  #handleJSON?: RunHandle

  constructor(options: RunErrorOptions) {
    super(redact(options.message, options.secrets))
    this.code = options.code
    this.provider = options.provider
    this.retryable = options.retryable ?? isRetryableByDefault(options.code)
    // Optional fields are only set when present so that equality checks and JSON stay tidy.
    if (options.operation !== undefined) this.operation = options.operation
    if (options.retryAfterMs !== undefined && Number.isFinite(options.retryAfterMs))
      this.retryAfterMs = Math.max(0, options.retryAfterMs)
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus
    if (options.providerCode !== undefined) this.providerCode = options.providerCode
    if (options.requestId !== undefined) this.requestId = options.requestId
    if (options.handle !== undefined) {
      this.handle = options.handle
      this.#handleJSON = stringFields(options.handle)
    }
    if (options.details !== undefined) this.details = safeDetails(options.details, options.secrets)
    if (options.lastSnapshot !== undefined) this.lastSnapshot = options.lastSnapshot
    if (options.cause !== undefined) {
      // The one redaction of `cause`: what util.inspect, a logger or a debugger can reach is the copy.
      const cause = redactCause(options.cause, options.secrets)
      Object.defineProperty(this, 'cause', { value: cause, enumerable: false })
      this.#causeJSON = describeCause(cause)
    }
    Object.defineProperty(this, MARKER, { value: true, enumerable: false })
  }

  /** True for any runstop RunError, including one from another installed copy of this package. */
  static is(value: unknown): value is RunError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true
  }

  /** A copy with some fields replaced (the cause is kept unless replaced). */
  with(changes: Partial<Omit<RunErrorOptions, 'secrets'>>): RunError {
    const copy = new RunError({
      code: this.code,
      message: this.message,
      provider: this.provider,
      operation: this.operation,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      httpStatus: this.httpStatus,
      providerCode: this.providerCode,
      requestId: this.requestId,
      handle: this.handle,
      details: this.details,
      lastSnapshot: this.lastSnapshot,
      cause: this.cause,
      ...changes,
    })
    return copy
  }

  /**
   * Plain data for logs and APIs. Never carries the cause object, credentials or signatures, and
   * never throws (whatever the details, handle or snapshot held).
   */
  toJSON(): RunErrorJSON {
    const json: RunErrorJSON = {
      name: 'RunError',
      code: this.code,
      message: this.message,
      provider: this.provider,
      retryable: this.retryable,
    }
    if (this.operation !== undefined) json.operation = this.operation
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs
    if (this.httpStatus !== undefined) json.httpStatus = this.httpStatus
    if (this.providerCode !== undefined) json.providerCode = this.providerCode
    if (this.requestId !== undefined) json.requestId = this.requestId
    if (this.#handleJSON !== undefined) json.handle = this.#handleJSON
    if (this.details !== undefined) json.details = this.details
    const last = this.lastSnapshot === undefined ? undefined : snapshotSummary(this.lastSnapshot)
    if (last !== undefined) json.lastSnapshot = last
    if (this.#causeJSON !== undefined) json.cause = this.#causeJSON
    return json
  }
}

/** The string fields of a handle (whatever it is), for `toJSON()`. */
function stringFields(handle: unknown): RunHandle | undefined {
  try {
    if (typeof handle !== 'object' || handle === null) return undefined
    const out: Record<string, string> = {}
    for (const key of Object.keys(handle)) {
      const value: unknown = (handle as Record<string, unknown>)[key]
      if (typeof value === 'string')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
    }
    return out as RunHandle
  } catch {
    return undefined
  }
}

function snapshotSummary(
  snapshot: RunSnapshot,
): { status: RunSnapshot['status']; providerStatus: string } | undefined {
  try {
    const { status, providerStatus } = snapshot
    return {
      status,
      providerStatus: typeof providerStatus === 'string' ? providerStatus : String(providerStatus),
    }
  } catch {
    return undefined
  }
}

/** Name and message of an already redacted cause, for `toJSON()`. */
function describeCause(cause: unknown): { name: string; message: string } {
  if (cause instanceof Error) return { name: cause.name, message: cause.message }
  let text: string
  try {
    text = typeof cause === 'object' && cause !== null ? JSON.stringify(cause) : String(cause)
  } catch {
    text = Object.prototype.toString.call(cause)
  }
  return { name: typeof cause, message: text }
}

/** Details as a frozen, redacted plain copy (JSON-safe: no BigInt, no cycles, no getters). */
function safeDetails(
  details: Readonly<Record<string, unknown>>,
  secrets?: readonly (string | undefined)[],
): Readonly<Record<string, unknown>> {
  const copy = redactData(details, secrets)
  const plain = typeof copy === 'object' && copy !== null && !Array.isArray(copy) ? copy : {}
  return Object.freeze(plain as Record<string, unknown>)
}
