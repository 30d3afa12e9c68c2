import { redact } from './redact.js'
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

export interface RunErrorOptions {
  code: RunErrorCode
  message: string
  provider: string
  operation?: RunOperation
  /** Defaults by code: THROTTLED, TIMEOUT, UNAVAILABLE and NETWORK are retryable. */
  retryable?: boolean
  retryAfterMs?: number
  httpStatus?: number
  /** The provider's own error name or code, e.g. `ThrottlingException`, `ExecutionNotExists`. */
  providerCode?: string
  requestId?: string
  handle?: RunHandle
  /** Provider-specific fields worth keeping (FieldList, QuotaCode, ...). Plain data only. */
  details?: Readonly<Record<string, unknown>>
  /** The last thing seen of the run (a wait that timed out carries the run's last snapshot). */
  lastSnapshot?: RunSnapshot
  /** The original error, kept for debugging. Never serialised by `toJSON()`. */
  cause?: unknown
  /** Secret values to scrub from the message (an adapter's configured secret, for example). */
  secrets?: readonly (string | undefined)[]
}

const MARKER = Symbol.for('runstop.RunError')

/** The plain-data form of a RunError, as `toJSON()` returns it. */
export interface RunErrorJSON {
  name: 'RunError'
  code: RunErrorCode
  message: string
  provider: string
  operation?: RunOperation
  retryable: boolean
  retryAfterMs?: number
  httpStatus?: number
  providerCode?: string
  requestId?: string
  handle?: RunHandle
  details?: Readonly<Record<string, unknown>>
  lastSnapshot?: { status: RunSnapshot['status']; providerStatus: string }
  cause?: { name: string; message: string }
}

/**
 * The one error type of runstop. Recognise it with `RunError.is(x)`, which works across
 * duplicated installs (a `Symbol.for` marker, not `instanceof`).
 */
export class RunError extends Error {
  override readonly name = 'RunError'
  readonly code: RunErrorCode
  readonly provider: string
  readonly operation?: RunOperation
  readonly retryable: boolean
  readonly retryAfterMs?: number
  readonly httpStatus?: number
  readonly providerCode?: string
  readonly requestId?: string
  readonly handle?: RunHandle
  readonly details?: Readonly<Record<string, unknown>>
  readonly lastSnapshot?: RunSnapshot
  declare readonly cause?: unknown
  // Redacted once, at construction, while the configured secrets are at hand (they are not kept).
  #causeJSON?: { name: string; message: string }
  #detailsJSON?: Record<string, unknown>

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
    if (options.handle !== undefined) this.handle = options.handle
    if (options.details !== undefined) {
      this.details = options.details
      this.#detailsJSON = safeDetails(options.details, options.secrets)
    }
    if (options.lastSnapshot !== undefined) this.lastSnapshot = options.lastSnapshot
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false })
      this.#causeJSON = describeCause(options.cause, options.secrets)
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
    // Keep the redaction made with the original secrets for the parts that did not change.
    if (!('cause' in changes)) copy.#causeJSON = this.#causeJSON
    if (!('details' in changes)) copy.#detailsJSON = this.#detailsJSON
    return copy
  }

  /** Plain data for logs and APIs. Never carries the cause object, credentials or signatures. */
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
    if (this.handle !== undefined) json.handle = this.handle
    if (this.#detailsJSON !== undefined) json.details = this.#detailsJSON
    if (this.lastSnapshot !== undefined)
      json.lastSnapshot = {
        status: this.lastSnapshot.status,
        providerStatus: this.lastSnapshot.providerStatus,
      }
    if (this.#causeJSON !== undefined) json.cause = this.#causeJSON
    return json
  }
}

function describeCause(
  cause: unknown,
  secrets?: readonly (string | undefined)[],
): { name: string; message: string } {
  if (cause instanceof Error) return { name: cause.name, message: redact(cause.message, secrets) }
  let text: string
  try {
    text = String(cause)
  } catch {
    text = Object.prototype.toString.call(cause)
  }
  return { name: typeof cause, message: redact(text, secrets) }
}

function safeDetails(
  details: Readonly<Record<string, unknown>>,
  secrets?: readonly (string | undefined)[],
): Record<string, unknown> {
  // Details are plain data chosen by adapters; round-trip through redaction in case a provider echoed a header.
  let text: string
  try {
    text = redact(JSON.stringify(details) ?? '{}', secrets)
  } catch {
    // Circular or BigInt data: not plain data, so not serialised.
    return {}
  }
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return {}
  }
}
