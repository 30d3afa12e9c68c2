import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type AlibabaCloudFlowClient, createAlibabaCloudFlowAdapter } from './index.js'

const require = createRequire(import.meta.url)
/** `@alicloud/fnf-2019-03-15` 1.2.0: a pop-core RPCClient (v1 HMAC-SHA1 signing), untyped. */
const FnFClient = require('@alicloud/fnf-2019-03-15') as new (config: {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}) => AlibabaCloudFlowClient

const PROVIDER = 'alibaba-cloudflow'
let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 100 })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  emulator.clearFaults()
})

const TRANSPORTS = [
  {
    name: 'the built-in client',
    adapter: () =>
      createAlibabaCloudFlowAdapter({
        endpoint: emulator.endpoints.alibabaCloudFlow,
        credentials: emulator.credentials.alibaba,
      }),
  },
  {
    name: 'a @alicloud/fnf-2019-03-15 client',
    adapter: () =>
      createAlibabaCloudFlowAdapter({
        client: new FnFClient({
          endpoint: emulator.endpoints.alibabaCloudFlow,
          ...emulator.credentials.alibaba,
        }),
      }),
  },
] as const

const signal = () => new AbortController().signal
const run = (status?: string): RunHandle =>
  emulator.createRun(PROVIDER, status === undefined ? {} : { status })

/** What the emulator answered while `work` ran: `Operation:status`. */
async function answersDuring<T>(work: () => PromiseLike<T>): Promise<{ value: T; answers: string[] }> {
  const before = emulator.requests.length
  const value = await work()
  return { value, answers: emulator.requests.slice(before).map((r) => `${r.operation}:${r.status}`) }
}

/** The gateway pages of issue 10: HTML 502/503, an empty 500, a cut-off 500 from the service. */
const PAGES = [
  ['an HTML 502 page', { code: 'html', httpStatus: 502 }, 502],
  ['an HTML 503 page', { code: '503' }, 503],
  ['an empty 500', { code: 'empty' }, 500],
] as const

describe.each(TRANSPORTS)('malformed answers with $name', (transport) => {
  const runs = () =>
    createRunController({
      adapters: [transport.adapter()],
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    })

  it.each(PAGES)(
    '%s on a stop or a get is a retryable UNAVAILABLE with its HTTP status',
    async (_name, fault, status) => {
      const adapter = transport.adapter()
      const handle = adapter.validate(run())._unsafeUnwrap()
      for (const operation of ['get', 'stop'] as const) {
        emulator.injectFault({ provider: PROVIDER, operation, ...fault })
        const result =
          operation === 'get'
            ? await adapter.doGet(handle, { signal: signal() })
            : await adapter.doStop(handle, { signal: signal() })
        expect(result._unsafeUnwrapErr()).toMatchObject({
          code: 'UNAVAILABLE',
          retryable: true,
          httpStatus: status,
          operation,
        })
      }
    },
  )

  it('a cut-off 500 error body is a retryable UNAVAILABLE with its HTTP status', async () => {
    const adapter = transport.adapter()
    const handle = adapter.validate(run())._unsafeUnwrap()
    const body = '{"RequestId":"A1B2","Code":"InternalSe'
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'body', httpStatus: 500, body })
    const error = (await adapter.doGet(handle, { signal: signal() }))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, httpStatus: 500 })
  })

  it('through the controller, a stop behind a gateway page is retried and succeeds', async () => {
    const handle = run()
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'html', httpStatus: 502 })
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'empty', httpStatus: 500 })
    const { value, answers } = await answersDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'stop_requested' })
    expect(answers).toEqual(['StopExecution:502', 'StopExecution:500', 'StopExecution:200'])
  })

  it('ExecutionAlreadyCompleted whose confirming DescribeExecution meets a gateway page is retried, not CONFLICT', async () => {
    const handle = run('Succeeded')
    const adapter = transport.adapter()
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'html', httpStatus: 503 })
    const error = (
      await adapter.doStop(adapter.validate(handle)._unsafeUnwrap(), { signal: signal() })
    )._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      httpStatus: 503,
      operation: 'stop',
      details: { confirming: 'ExecutionAlreadyCompleted' },
    })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'empty' })
    const { value, answers } = await answersDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(answers).toEqual([
      'StopExecution:400',
      'DescribeExecution:500',
      'StopExecution:400',
      'DescribeExecution:200',
    ])
  })

  it('a cut-off ExecutionAlreadyCompleted is still confirmed with one DescribeExecution', async () => {
    const handle = run('Failed')
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'truncate' })
    const { value, answers } = await answersDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'failed' })
    expect(answers).toEqual(['StopExecution:400', 'DescribeExecution:200'])
  })

  it('a cut-off stop error for a finished run is confirmed by one get; a cut-off confirming get retries the stop', async () => {
    const handle = run('Succeeded')
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'truncate' })
    const first = await answersDuring(() => runs().stop(handle))
    expect(first.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(first.answers).toEqual(['StopExecution:400', 'DescribeExecution:200'])

    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'truncate' })
    const second = await answersDuring(() => runs().stop(handle))
    expect(second.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(second.answers).toEqual([
      'StopExecution:400',
      'DescribeExecution:200',
      'StopExecution:400',
      'DescribeExecution:200',
    ])
  })

  it.each([
    ['an unknown status', '{"RequestId":"R-1","Status":"Paused"}'],
    ['an empty 200', ''],
    ['a JSON array', '[1,2]'],
    ['a cut-off body', '{"RequestId":"R-1","Sta'],
  ])(
    'an accepted stop answering %s is confirmed by one DescribeExecution, never an invented status',
    async (_name, body) => {
      const handle = run()
      emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body })
      const { value, answers } = await answersDuring(() => runs().stop(handle, { reason: 'incident' }))
      const result = value._unsafeUnwrap()
      // The stop was served; the execution reads Running (stopping) or, after the delay, Stopped.
      expect(['stop_requested/stopping/Running', 'stopped/stopped/Stopped']).toContain(
        `${result.outcome}/${result.status}/${result.providerStatus}`,
      )
      expect(result.reasonRecorded).toBe(true)
      expect(answers).toEqual(['StopExecution:200', 'DescribeExecution:200'])
    },
  )

  it('an accepted stop whose reply and confirming read are both unreadable is status unknown, with the provider string', async () => {
    const handle = run()
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body: '{"Status":"Paused"}' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'body', body: '{"Status":"Frozen"}' })
    const { value, answers } = await answersDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: 'Frozen',
    })
    expect(answers).toEqual(['StopExecution:200', 'DescribeExecution:200'])

    const again = run()
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body: '{"Status":"Paused"}' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'html', httpStatus: 502 })
    const settled = await answersDuring(() => runs().stop(again))
    expect(settled.value._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: 'Paused',
    })
    // One confirming read, no second stop: the provider did accept the first.
    expect(settled.answers).toEqual(['StopExecution:200', 'DescribeExecution:502'])
  })
})

describe('slow answers', () => {
  it('an answer taking 4 s within a 20 s deadline succeeds with one request (built-in client)', {
    timeout: 30_000,
  }, async () => {
    const runs = createRunController({ adapters: [TRANSPORTS[0].adapter()] })
    const handle = run()
    emulator.setFaults({ provider: PROVIDER, operationLatencyMs: { stop: 4_000 } })
    const { value, answers } = await answersDuring(() => runs.stop(handle, { timeoutMs: 20_000 }))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'stop_requested' })
    expect(answers).toEqual(['StopExecution:200'])
  })

  it('an abort destroys the request it abandons, releasing its socket at once', async () => {
    let closed = false
    const server = http.createServer((req) => {
      req.resume()
      req.socket.once('close', () => {
        closed = true
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const adapter = createAlibabaCloudFlowAdapter({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: emulator.credentials.alibaba,
      })
      const handle = adapter.validate(run())._unsafeUnwrap()
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 50)
      const error = (await adapter.doGet(handle, { signal: controller.signal }))._unsafeUnwrapErr()
      expect(error.code).toBe('ABORTED')
      for (let i = 0; i < 40 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(closed).toBe(true)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
