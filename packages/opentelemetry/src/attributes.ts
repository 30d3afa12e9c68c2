/** Attribute and instrument names, in one place so spans, metrics and the README agree. */
export const ATTR = {
  provider: 'runstop.provider',
  operation: 'runstop.operation',
  method: 'runstop.method',
  handle: 'runstop.handle',
  outcome: 'runstop.outcome',
  status: 'runstop.status',
  attempts: 'runstop.attempts',
  attempt: 'runstop.attempt',
  delayMs: 'runstop.retry.delay_ms',
  providerCode: 'runstop.provider_code',
  errorType: 'error.type',
} as const

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
  attempt: 'runstop.attempt',
  retry: 'runstop.retry',
} as const
