import {
  type Attributes,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import { type CallEvent, formatHandle, type RunHandle, type RunHooks } from '@runstop/core'
import { ATTR, INSTRUMENT, NAME } from './attributes.js'
import { outcomeOf } from './outcome.js'

/** The instrumentation scope name of every tracer and meter this package creates. */
export const INSTRUMENTATION_NAME = '@runstop/opentelemetry'

/** Bucket boundaries of `runstop.call.duration`, in seconds. */
export const DURATION_BUCKETS_S: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 300, 600,
]

/** Where `createOpenTelemetryHooks` sends spans and metrics. */
export interface OpenTelemetryHooksOptions {
  /** Where spans go. Default: the global tracer provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider
  /** Where metrics go. Default: the global meter provider (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider
}

/** The string form of a handle, or nothing when it cannot be formatted (an invalid handle as given). */
function handleText(handle: RunHandle): string | undefined {
  try {
    return formatHandle(handle)
  } catch {
    return undefined
  }
}

function callAttributes(event: CallEvent): Attributes {
  const text = handleText(event.handle)
  return {
    [ATTR.provider]: event.provider,
    [ATTR.operation]: event.operation,
    [ATTR.method]: event.method,
    ...(text === undefined ? {} : { [ATTR.handle]: text }),
  }
}

/**
 * Runstop hooks that turn every public call into OpenTelemetry spans and metrics, on
 * `@opentelemetry/api` only (bring your own SDK and exporters):
 *
 * - one span per call, named `runstop.<method>` (`runstop.stop`, `runstop.get`,
 *   `runstop.waitForTerminal`), kind `INTERNAL`, child of the context active when the call began,
 *   with attributes `runstop.provider`, `runstop.operation`, `runstop.method`, `runstop.handle`
 *   (the canonical handle string), `runstop.outcome`, `runstop.attempts`, and on failure
 *   `error.type` (the RunError code) with status `ERROR`;
 * - an event `runstop.attempt` per request and `runstop.retry` per retry (`error.type`,
 *   `runstop.retry.delay_ms`);
 * - a counter `runstop.calls` and a histogram `runstop.call.duration` (seconds) by provider,
 *   operation, outcome and `error.type`, and a counter `runstop.retries`.
 *
 * Pass the result as `hooks` to `createRunController`. Nothing here throws into runstop.
 *
 * @example
 * const runs = createRunController({ adapters, hooks: createOpenTelemetryHooks({ tracerProvider, meterProvider }) })
 */
export function createOpenTelemetryHooks(options: OpenTelemetryHooksOptions = {}): RunHooks {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME)
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME)
  const calls = meter.createCounter(INSTRUMENT.calls, {
    description: 'runstop public calls (stop, get, waitForTerminal), by outcome',
    unit: '{call}',
  })
  const retries = meter.createCounter(INSTRUMENT.retries, {
    description: 'runstop retries, by the error retried',
    unit: '{retry}',
  })
  const duration = meter.createHistogram(INSTRUMENT.duration, {
    description: 'Duration of runstop public calls, retries and waits included',
    unit: 's',
    // Seconds: the SDK's default buckets are sized for milliseconds. Waits can take minutes.
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] },
  })
  /** Open spans by callId; each is removed when its call ends. */
  const spans = new Map<string, Span>()

  return {
    onCallStart(event) {
      const span = tracer.startSpan(`runstop.${event.method}`, {
        kind: SpanKind.INTERNAL,
        attributes: callAttributes(event),
      })
      spans.set(event.callId, span)
    },
    onAttempt(event) {
      spans.get(event.callId)?.addEvent(NAME.attempt, {
        [ATTR.attempt]: event.attempt,
        [ATTR.operation]: event.operation,
      })
    },
    onRetry(event) {
      spans.get(event.callId)?.addEvent(NAME.retry, {
        [ATTR.attempt]: event.attempt,
        [ATTR.operation]: event.operation,
        [ATTR.errorType]: event.error.code,
        [ATTR.delayMs]: event.delayMs,
        ...(event.error.providerCode === undefined ? {} : { [ATTR.providerCode]: event.error.providerCode }),
      })
      retries.add(1, {
        [ATTR.provider]: event.provider,
        [ATTR.operation]: event.operation,
        [ATTR.errorType]: event.error.code,
      })
    },
    onCallEnd(event) {
      const outcome = outcomeOf(event)
      const errorType = event.ok ? undefined : event.error?.code
      // A call whose start was not seen (hooks attached mid-call) still gets its span.
      const span =
        spans.get(event.callId) ??
        tracer.startSpan(`runstop.${event.method}`, {
          kind: SpanKind.INTERNAL,
          attributes: callAttributes(event),
          startTime: Date.now() - event.durationMs,
        })
      spans.delete(event.callId)
      const text = handleText(event.handle)
      span.setAttributes({
        ...(text === undefined ? {} : { [ATTR.handle]: text }),
        [ATTR.outcome]: outcome,
        [ATTR.attempts]: event.attempts,
        ...(event.ok && event.value !== undefined ? { [ATTR.status]: event.value.status } : {}),
        ...(errorType === undefined ? {} : { [ATTR.errorType]: errorType }),
        ...(event.error?.providerCode === undefined ? {} : { [ATTR.providerCode]: event.error.providerCode }),
      })
      if (!event.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error?.message ?? '' })
      span.end()
      const attributes: Attributes = {
        [ATTR.provider]: event.provider,
        [ATTR.operation]: event.operation,
        [ATTR.method]: event.method,
        [ATTR.outcome]: outcome,
        ...(errorType === undefined ? {} : { [ATTR.errorType]: errorType }),
      }
      calls.add(1, attributes)
      duration.record(event.durationMs / 1000, attributes)
    },
  }
}
