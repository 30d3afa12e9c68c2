import { SpanStatusCode } from '@opentelemetry/api'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, formatHandle, type RunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOpenTelemetryHooks, DURATION_BUCKETS_S } from './create-open-telemetry-hooks.js'

// The hooks against the emulator, through the real SDK clients, recorded by the OpenTelemetry
// SDK's in-memory exporters.

let emulator: Emulator
let spans: InMemorySpanExporter
let tracerProvider: BasicTracerProvider
let metricExporter: InMemoryMetricExporter
let reader: PeriodicExportingMetricReader
let meterProvider: MeterProvider
let runs: RunController

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => {
  emulator.clearFaults()
  spans = new InMemorySpanExporter()
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] })
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 })
  meterProvider = new MeterProvider({ readers: [reader] })
  runs = createRunController({
    adapters: [
      createMwaaServerlessAdapter({
        endpoint: emulator.endpoints.mwaaServerless,
        credentials: emulator.credentials.aws,
      }),
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
      }),
    ],
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    hooks: createOpenTelemetryHooks({ tracerProvider, meterProvider }),
  })
})
afterEach(async () => {
  await tracerProvider.shutdown()
  await meterProvider.shutdown()
})

function only(name: string): ReadableSpan {
  const found = spans.getFinishedSpans().filter((span) => span.name === name)
  expect(found).toHaveLength(1)
  return found[0] as ReadableSpan
}

interface Point {
  readonly attributes: Record<string, unknown>
  readonly value: unknown
}

/** Every data point of the named instrument, collected now. */
async function points(name: string): Promise<Point[]> {
  await reader.forceFlush()
  const all =
    metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.flatMap((scope) => scope.metrics) ?? []
  return all
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as unknown as Point[])
}

describe('createOpenTelemetryHooks', () => {
  it('a stop retried after a throttle: one span with an event per attempt and per retry', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'ThrottlingException',
      count: 1,
    })
    const result = await runs.stop(handle)
    expect(result.isOk()).toBe(true)

    const span = only('runstop.stop')
    expect(span.attributes).toMatchObject({
      'runstop.provider': 'mwaa-serverless',
      'runstop.operation': 'stop',
      'runstop.method': 'stop',
      'runstop.handle': formatHandle(handle),
      'runstop.outcome': result._unsafeUnwrap().outcome,
      'runstop.attempts': 2,
    })
    expect(span.attributes['error.type']).toBeUndefined()
    expect(span.status.code).toBe(SpanStatusCode.UNSET)
    expect(span.events.map((event) => event.name)).toEqual([
      'runstop.attempt',
      'runstop.retry',
      'runstop.attempt',
    ])
    const retry = span.events[1]
    expect(retry?.attributes).toMatchObject({
      'runstop.attempt': 1,
      'error.type': 'THROTTLED',
      'runstop.provider_code': 'ThrottlingException',
    })
    expect(typeof retry?.attributes?.['runstop.retry.delay_ms']).toBe('number')

    const retries = await points('runstop.retries')
    expect(retries).toEqual([
      expect.objectContaining({
        attributes: {
          'runstop.provider': 'mwaa-serverless',
          'runstop.operation': 'stop',
          'error.type': 'THROTTLED',
        },
        value: 1,
      }),
    ])
  })

  it('a failed get: span status ERROR with error.type, counted by code, with a duration', async () => {
    const handle: RunHandle = {
      provider: 'bedrock-flows',
      flowIdentifier: 'FLOW123456',
      flowAliasIdentifier: 'ALIAS12345',
      executionIdentifier: 'does-not-exist',
    }
    const result = await runs.get(handle)
    expect(result._unsafeUnwrapErr().code).toBe('NOT_FOUND')

    const span = only('runstop.get')
    expect(span.attributes).toMatchObject({
      'runstop.provider': 'bedrock-flows',
      'runstop.operation': 'get',
      'runstop.outcome': 'error',
      'error.type': 'NOT_FOUND',
      'runstop.provider_code': 'ResourceNotFoundException',
      'runstop.attempts': 1,
    })
    expect(span.status.code).toBe(SpanStatusCode.ERROR)
    expect(span.status.message).toContain('ResourceNotFoundException')

    const calls = await points('runstop.calls')
    expect(calls).toEqual([
      expect.objectContaining({
        attributes: {
          'runstop.provider': 'bedrock-flows',
          'runstop.operation': 'get',
          'runstop.method': 'get',
          'runstop.outcome': 'error',
          'error.type': 'NOT_FOUND',
        },
        value: 1,
      }),
    ])
    const durations = await points('runstop.call.duration')
    expect(durations).toHaveLength(1)
    expect(durations[0]?.value).toMatchObject({ count: 1, buckets: { boundaries: [...DURATION_BUCKETS_S] } })
  })

  it('the canonical handle string: a Bedrock execution ARN is reported as bare ids and region', async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const arn = `arn:aws:bedrock:eu-west-1:123456789012:flow/${started.flowIdentifier}/alias/${started.flowAliasIdentifier}/execution/${started.executionIdentifier}`
    expect((await runs.get({ provider: 'bedrock-flows', executionIdentifier: arn })).isOk()).toBe(true)
    expect(only('runstop.get').attributes['runstop.handle']).toBe(formatHandle(started))
  })

  it('calls are counted by outcome; waitForTerminal is one span whatever the polls', async () => {
    const a = emulator.createRun('mwaa-serverless')
    const b = emulator.createRun('mwaa-serverless', { status: 'SUCCESS' })
    await runs.stop(a)
    await runs.stop(b)
    const waited = await runs.waitForTerminal(a, { pollIntervalMs: 5, maxPollIntervalMs: 20 })
    expect(waited._unsafeUnwrap().status).toBe('stopped')

    const wait = only('runstop.waitForTerminal')
    expect(wait.attributes).toMatchObject({
      'runstop.operation': 'get',
      'runstop.outcome': 'ok',
      'runstop.status': 'stopped',
    })
    expect(wait.events.filter((event) => event.name === 'runstop.attempt').length).toBe(
      wait.attributes['runstop.attempts'],
    )
    const stops = spans.getFinishedSpans().filter((span) => span.name === 'runstop.stop')
    expect(stops.map((span) => span.attributes['runstop.outcome']).sort()).toEqual([
      'already_terminal',
      'stop_requested',
    ])

    const counted = (await points('runstop.calls')).map((p) => [
      p.attributes['runstop.method'],
      p.attributes['runstop.outcome'],
      p.value,
    ])
    expect(counted).toEqual(
      expect.arrayContaining([
        ['stop', 'stop_requested', 1],
        ['stop', 'already_terminal', 1],
        ['waitForTerminal', 'ok', 1],
      ]),
    )
  })

  it('spans of one call are children of the span active when the call began', async () => {
    const { context, trace } = await import('@opentelemetry/api')
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks')
    const manager = new AsyncLocalStorageContextManager().enable()
    context.setGlobalContextManager(manager)
    try {
      const parent = tracerProvider.getTracer('test').startSpan('parent')
      const handle = emulator.createRun('mwaa-serverless')
      await context.with(trace.setSpan(context.active(), parent), () => runs.get(handle))
      parent.end()
      const child = only('runstop.get')
      expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId)
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId)
    } finally {
      context.disable()
    }
  })
})
