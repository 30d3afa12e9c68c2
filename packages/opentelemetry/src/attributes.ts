/** Attribute and instrument names, in one place so spans, metrics and the README agree. */
export const ATTR = {
  /** The provider name. */
  provider: 'runstop.provider',
  /** The provider operation (`stop`, `get`, `list`). */
  operation: 'runstop.operation',
  /** The public controller method. */
  method: 'runstop.method',
  /** The run handle, as a `runstop:` URI. */
  handle: 'runstop.handle',
  /** The stop outcome, or `error`. */
  outcome: 'runstop.outcome',
  /** The run status a call ended with. */
  status: 'runstop.status',
  /** Requests sent during the call. */
  attempts: 'runstop.attempts',
  /** The attempt number, 1 for the first. */
  attempt: 'runstop.attempt',
  /** The delay before a retry, in milliseconds. */
  delayMs: 'runstop.retry.delay_ms',
  /** The provider's own error code. */
  providerCode: 'runstop.provider_code',
  /** The `RunError` code of a failed call (OpenTelemetry `error.type`). */
  errorType: 'error.type',
} as const

/** Metric instrument names. */
export const INSTRUMENT = {
  /** Counter: public calls, by provider, operation, outcome and `error.type`. */
  calls: 'runstop.calls',
  /** Counter: retries, by provider, operation and the retried error's `error.type`. */
  retries: 'runstop.retries',
  /** Histogram, seconds: duration of public calls, retries and waits included. */
  duration: 'runstop.call.duration',
} as const

/** Span and event names. */
export const NAME = {
  /** The span event of an attempt. */
  attempt: 'runstop.attempt',
  /** The span event of a retry. */
  retry: 'runstop.retry',
} as const
