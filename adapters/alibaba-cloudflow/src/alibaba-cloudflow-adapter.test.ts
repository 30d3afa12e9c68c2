import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import {
  createRunController,
  type RetryEvent,
  type RunController,
  RunError,
  type RunHandle,
  type RunStatus,
} from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type AlibabaCloudFlowAdapterSettings,
  type AlibabaCloudFlowClient,
  createAlibabaCloudFlowAdapter,
  PROVIDER,
} from './index.js'

const require = createRequire(import.meta.url)
/** `@alicloud/fnf-2019-03-15` 1.2.0: a pop-core RPCClient (v1 HMAC-SHA1 signing), untyped. */
const FnFClient = require('@alicloud/fnf-2019-03-15') as new (config: {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}) => AlibabaCloudFlowClient

const STOP_DELAY_MS = 100
let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: STOP_DELAY_MS })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  emulator.clearFaults()
})

interface Keys {
  accessKeyId?: string
  accessKeySecret?: string
}

interface Transport {
  readonly name: string
  adapter(keys?: Keys): ReturnType<typeof createAlibabaCloudFlowAdapter>
}

const TRANSPORTS: readonly Transport[] = [
  {
    name: 'the built-in client (ACS3-HMAC-SHA256)',
    adapter: (keys = {}) =>
      createAlibabaCloudFlowAdapter({
        endpoint: emulator.endpoints.alibabaCloudFlow,
        credentials: { ...emulator.credentials.alibaba, ...keys },
      }),
  },
  {
    name: 'a @alicloud/fnf-2019-03-15 client (pop-core, HMAC-SHA1)',
    adapter: (keys = {}) =>
      createAlibabaCloudFlowAdapter({
        client: new FnFClient({
          endpoint: emulator.endpoints.alibabaCloudFlow,
          ...emulator.credentials.alibaba,
          ...keys,
        }),
      }),
  },
]

function controllerFor(
  adapter: ReturnType<typeof createAlibabaCloudFlowAdapter>,
  retries: RetryEvent[] = [],
): RunController {
  return createRunController({
    adapters: [adapter],
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
    hooks: { onRetry: (event) => retries.push(event) },
  })
}

function run(status?: string): RunHandle {
  return emulator.createRun('alibaba-cloudflow', status === undefined ? {} : { status })
}

function stored(handle: RunHandle) {
  return emulator
    .runs('alibaba-cloudflow')
    .find((r) => r.key === `${handle.flowName}/${handle.executionName}`)
}

/** Operations the emulator received while `work` ran. */
async function requestsDuring<T>(work: () => PromiseLike<T>): Promise<{ value: T; operations: string[] }> {
  const before = emulator.requests.length
  const value = await work()
  return { value, operations: emulator.requests.slice(before).map((r) => `${r.operation}:${r.status}`) }
}

const STATUSES: readonly (readonly [string, RunStatus])[] = [
  ['Starting', 'pending'],
  ['Running', 'running'],
  ['Stopped', 'stopped'],
  ['Succeeded', 'succeeded'],
  ['Failed', 'failed'],
  ['TimedOut', 'timed_out'],
]

describe.each(TRANSPORTS)('end to end through createRunController, with $name', (transport) => {
  const runs = () => controllerFor(transport.adapter())

  it.each(STATUSES)(
    'reads a %s execution as %s, keeping the provider status and times',
    async (status, expected) => {
      const handle = run(status)
      const snapshot = (await runs().get(handle))._unsafeUnwrap()
      expect(snapshot).toMatchObject({ handle, status: expected, providerStatus: status })
      expect(snapshot.startedAt).toBeInstanceOf(Date)
      if (['Starting', 'Running'].includes(status)) expect(snapshot.endedAt).toBeUndefined()
      else expect(snapshot.endedAt).toBeInstanceOf(Date)
      expect(snapshot.requestId).toMatch(/^[0-9A-F-]{36}$/)
      expect(snapshot.raw).toMatchObject({
        Name: handle.executionName,
        FlowName: handle.flowName,
        Status: status,
      })
    },
  )

  it('stops a running execution with a reason and an error code: stop_requested, Cause and Error stored', async () => {
    const handle = run()
    const reason = 'stopped by runstop: 100% done & ok! (ü) +1 ~x'
    const result = (await runs().stop(handle, { reason, errorCode: 'Runstop.Manual' }))._unsafeUnwrap()
    expect(result).toMatchObject({
      handle,
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: 'Running',
      reasonRecorded: true,
    })
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(stored(handle)).toMatchObject({ cause: reason, error: 'Runstop.Manual' })
  })

  it('stops without a reason: reasonRecorded false, nothing stored', async () => {
    const handle = run()
    const result = (await runs().stop(handle))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'stop_requested', reasonRecorded: false })
    expect(stored(handle)?.cause).toBeUndefined()
    expect(stored(handle)?.error).toBeUndefined()
  })

  it('stops a Starting execution: stop_requested', async () => {
    const result = (await runs().stop(run('Starting'), { reason: 'early' }))._unsafeUnwrap()
    expect(result).toMatchObject({
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: 'Starting',
    })
  })

  it.each(STATUSES.filter(([s]) => !['Starting', 'Running'].includes(s)))(
    'a stop of a %s execution is already_terminal (%s), confirmed by one DescribeExecution',
    async (status, expected) => {
      const handle = run(status)
      const { value, operations } = await requestsDuring(() => runs().stop(handle, { reason: 'late' }))
      expect(value._unsafeUnwrap()).toMatchObject({
        outcome: 'already_terminal',
        status: expected,
        providerStatus: status,
        reasonRecorded: false,
      })
      expect(operations).toEqual(['StopExecution:400', 'DescribeExecution:200'])
      expect(stored(handle)?.cause).toBeUndefined()
    },
  )

  it('waits for a stopped execution to reach Stopped (waitForTerminal, and stop with wait)', async () => {
    const runsC = runs()
    const first = run()
    expect((await runsC.stop(first, { reason: 'wait for it' }))._unsafeUnwrap().outcome).toBe(
      'stop_requested',
    )
    const snapshot = (
      await runsC.waitForTerminal(first, { pollIntervalMs: 20, timeoutMs: 5_000 })
    )._unsafeUnwrap()
    expect(snapshot).toMatchObject({ status: 'stopped', providerStatus: 'Stopped' })
    expect(snapshot.endedAt).toBeInstanceOf(Date)

    const second = run()
    const waited = await runsC.stop(second, {
      reason: 'and wait',
      wait: { pollIntervalMs: 20, timeoutMs: 5_000 },
    })
    expect(waited._unsafeUnwrap()).toMatchObject({ status: 'stopped', providerStatus: 'Stopped' })
  })

  it('answers NOT_FOUND (FlowNotExists) for a missing flow, for stop and get', async () => {
    const handle = { provider: PROVIDER, flowName: 'no_such_flow', executionName: 'exec' }
    for (const call of [() => runs().stop(handle, { reason: 'x' }), () => runs().get(handle)]) {
      const error = (await call())._unsafeUnwrapErr()
      expect(error).toMatchObject({
        code: 'NOT_FOUND',
        providerCode: 'FlowNotExists',
        retryable: false,
        httpStatus: 404,
      })
      expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/)
      expect(error.message).toContain('Flow no_such_flow does not exist.')
    }
  })

  it('answers NOT_FOUND (ExecutionNotExists) for a missing execution of a known flow, for stop and get', async () => {
    const known = run()
    const handle = { provider: PROVIDER, flowName: known.flowName, executionName: 'missing_exec' }
    for (const [operation, call] of [
      ['stop', () => runs().stop(handle, { reason: 'x' })],
      ['get', () => runs().get(handle)],
    ] as const) {
      const error = (await call())._unsafeUnwrapErr()
      expect(error).toMatchObject({
        code: 'NOT_FOUND',
        providerCode: 'ExecutionNotExists',
        operation,
        httpStatus: 404,
      })
    }
  })

  it('answers UNAUTHENTICATED (SignatureNotMatch) for a wrong secret, with the secret in no error text', async () => {
    const secret = 'wrong-secret-0123456789-abcdefghij'
    const handle = run()
    const runsC = controllerFor(transport.adapter({ accessKeySecret: secret }))
    for (const result of [await runsC.get(handle), await runsC.stop(handle, { reason: 'x' })]) {
      const error = result._unsafeUnwrapErr()
      expect(RunError.is(error)).toBe(true)
      expect(error).toMatchObject({
        code: 'UNAUTHENTICATED',
        providerCode: 'SignatureNotMatch',
        retryable: false,
      })
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error.toJSON())).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
      // Nor the request signature (pop-core's error message carries the signed URL).
      expect(JSON.stringify(error.toJSON())).not.toMatch(/Signature=[A-Za-z0-9%+/]{10,}/)
    }
    expect(stored(handle)?.transition).toBeUndefined()
  })

  it('answers UNAUTHENTICATED (InvalidAccessKeyID) for an unknown key', async () => {
    const error = (
      await controllerFor(transport.adapter({ accessKeyId: 'LTAI5tUnknown' })).get(run())
    )._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      providerCode: 'InvalidAccessKeyID',
      httpStatus: 403,
    })
  })

  it('retries ResourceThrottled (429) and succeeds', async () => {
    const retries: RetryEvent[] = []
    const handle = run()
    emulator.injectFault({
      provider: 'alibaba-cloudflow',
      operation: 'get',
      code: 'ResourceThrottled',
      count: 2,
    })
    const { value, operations } = await requestsDuring(() =>
      controllerFor(transport.adapter(), retries).get(handle),
    )
    expect(value._unsafeUnwrap().status).toBe('running')
    expect(operations).toEqual(['DescribeExecution:429', 'DescribeExecution:429', 'DescribeExecution:200'])
    expect(retries.map((r) => [r.error.code, r.error.providerCode])).toEqual([
      ['THROTTLED', 'ResourceThrottled'],
      ['THROTTLED', 'ResourceThrottled'],
    ])
  })

  it('retries InternalServerError (500) on a stop', async () => {
    const handle = run()
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'stop', code: 'InternalServerError' })
    const { value, operations } = await requestsDuring(() => runs().stop(handle, { reason: 'retry me' }))
    expect(value._unsafeUnwrap().outcome).toBe('stop_requested')
    expect(operations).toEqual(['StopExecution:500', 'StopExecution:200'])
    expect(stored(handle)?.cause).toBe('retry me')
  })

  it('ConcurrentUpdateError on a stop: one DescribeExecution says Running, so the retryable CONFLICT is retried', async () => {
    const handle = run()
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'stop', code: 'ConcurrentUpdateError' })
    const { value, operations } = await requestsDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap().outcome).toBe('stop_requested')
    expect(operations).toEqual(['StopExecution:409', 'DescribeExecution:200', 'StopExecution:200'])
  })

  it('keeps ExecutionAlreadyCompleted as CONFLICT when DescribeExecution still says Running', async () => {
    const handle = run()
    emulator.injectFault({
      provider: 'alibaba-cloudflow',
      operation: 'stop',
      code: 'ExecutionAlreadyCompleted',
    })
    const error = (await runs().stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'CONFLICT',
      providerCode: 'ExecutionAlreadyCompleted',
      retryable: false,
    })
  })

  it('ExecutionAlreadyCompleted with a throttled confirming read: the stop is retried, not a final CONFLICT', async () => {
    const handle = run()
    emulator.injectFault({
      provider: 'alibaba-cloudflow',
      operation: 'stop',
      code: 'ExecutionAlreadyCompleted',
    })
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'get', code: 'ResourceThrottled' })
    const { value, operations } = await requestsDuring(() => runs().stop(handle, { reason: 'again' }))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'stop_requested', reasonRecorded: true })
    expect(operations).toEqual(['StopExecution:400', 'DescribeExecution:429', 'StopExecution:200'])
  })

  it('reports that throttled confirming read as the stop’s own retryable error (adapter alone)', async () => {
    const adapter = transport.adapter()
    const handle = adapter.validate(run())._unsafeUnwrap()
    emulator.injectFault({
      provider: 'alibaba-cloudflow',
      operation: 'stop',
      code: 'ExecutionAlreadyCompleted',
    })
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'get', code: 'ResourceThrottled' })
    const error = (await adapter.doStop(handle, { signal: new AbortController().signal }))._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'THROTTLED',
      retryable: true,
      operation: 'stop',
      providerCode: 'ResourceThrottled',
      details: { confirming: 'ExecutionAlreadyCompleted' },
    })
    expect(error.message).toContain('while confirming the ExecutionAlreadyCompleted the stop answered')
  })

  it('abandons an in-flight request when the signal fires: ABORTED promptly', async () => {
    const handle = run()
    const latencyMs = 3_000
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs })
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 50)
    const error = (await runs().get(handle, { signal: controller.signal }))._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    // Ended well before the answer came: a bound set by the answer, not by how fast the machine is.
    expect(Date.now() - started).toBeLessThan(latencyMs / 2)
  })

  it('the adapter itself (no controller) abandons its request when the signal fires: ABORTED promptly', async () => {
    const adapter = transport.adapter()
    const handle = adapter.validate(run())._unsafeUnwrap()
    const latencyMs = 3_000
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs })
    for (const call of [
      (signal: AbortSignal) => adapter.doGet(handle, { signal }),
      (signal: AbortSignal) => adapter.doStop(handle, { reason: 'x', signal }),
    ]) {
      const controller = new AbortController()
      const started = Date.now()
      setTimeout(() => controller.abort(), 50)
      const error = (await call(controller.signal))._unsafeUnwrapErr()
      expect(error).toMatchObject({ code: 'ABORTED', provider: PROVIDER })
      expect(Date.now() - started).toBeLessThan(latencyMs / 2)
    }
  })

  it('sends nothing for an already-aborted signal, an invalid handle or an out-of-range reason', async () => {
    const handle = run()
    const { value, operations } = await requestsDuring(async () => [
      await runs().stop(handle, { signal: AbortSignal.abort() }),
      await runs().get({ ...handle, executionName: '9-starts-with-a-digit' }),
      await runs().stop(handle, { reason: 'r'.repeat(4097) }),
      await runs().stop(handle, { errorCode: 'e'.repeat(129) }),
      await runs().stop(handle, { reason: '' }),
    ])
    expect(value.map((r) => r._unsafeUnwrapErr().code)).toEqual([
      'ABORTED',
      'VALIDATION',
      'VALIDATION',
      'VALIDATION',
      'VALIDATION',
    ])
    expect(operations).toEqual([])
    expect(stored(handle)?.transition).toBeUndefined()
  })

  it('accepts a reason of exactly 4096 and an error code of exactly 128 characters', async () => {
    const handle = run()
    const result = await runs().stop(handle, { reason: 'r'.repeat(4096), errorCode: 'e'.repeat(128) })
    expect(result._unsafeUnwrap().reasonRecorded).toBe(true)
    expect(stored(handle)?.cause).toHaveLength(4096)
    expect(stored(handle)?.error).toHaveLength(128)
  })

  it('stopMany reports stopped/requested, already terminal and missing runs, losing none', async () => {
    const handles = [
      run(),
      run('Succeeded'),
      { provider: PROVIDER, flowName: 'gone_flow', executionName: 'x' },
    ]
    const report = await runs().stopMany(handles, { reason: 'batch' })
    expect(report.total).toBe(3)
    expect(report.stopRequested).toHaveLength(1)
    expect(report.alreadyTerminal.map((r) => r.status)).toEqual(['succeeded'])
    expect(report.failed.map((f) => f.error.code)).toEqual(['NOT_FOUND'])
  })
})

describe('the built-in client', () => {
  const endpoint = () => emulator.endpoints.alibabaCloudFlow

  it('declares its capabilities: stop reason and error code recorded, per-handle regions', () => {
    const adapter = createAlibabaCloudFlowAdapter({
      endpoint: endpoint(),
      credentials: emulator.credentials.alibaba,
    })
    expect(adapter).toMatchObject({
      specificationVersion: 'v1',
      provider: 'alibaba-cloudflow',
      capabilities: {
        stopReason: true,
        stopErrorCode: true,
        gracefulStop: false,
        perHandleRegion: true,
        list: true,
        listStatusFilter: true,
      },
    })
  })

  // The built-in client's settings, credentials and endpoints are @runstop/alibaba-openapi's
  // (tested there against the emulator); this checks the adapter hands them over.
  it('hands its settings to the built-in client: a bad endpoint is VALIDATION, nothing sent', async () => {
    const adapter = createAlibabaCloudFlowAdapter({
      endpoint: `${endpoint()}/fnf`,
      credentials: emulator.credentials.alibaba,
    })
    const { value, operations } = await requestsDuring(() => controllerFor(adapter).get(run()))
    expect(value._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      provider: PROVIDER,
      operation: 'get',
    })
    expect(operations).toEqual([])
  })
})

describe('regions: one client per region', () => {
  it('builds a client per region on first use (handle region, else settings.region)', async () => {
    const regions: string[] = []
    const adapter = createAlibabaCloudFlowAdapter({
      region: 'cn-beijing',
      client: (region) => {
        regions.push(region)
        return new FnFClient({
          endpoint: emulator.endpoints.alibabaCloudFlow,
          ...emulator.credentials.alibaba,
        })
      },
    })
    expect(regions).toEqual([])
    const runs = controllerFor(adapter)
    const inShanghai = emulator.createRun('alibaba-cloudflow', { region: 'cn-shanghai' })
    const inHangzhou = emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })
    const { region: _r, ...noRegion } = emulator.createRun('alibaba-cloudflow')
    for (const handle of [inShanghai, inHangzhou, noRegion, inShanghai, noRegion]) {
      expect((await runs.get(handle)).isOk()).toBe(true)
    }
    expect(regions).toEqual(['cn-shanghai', 'cn-hangzhou', 'cn-beijing'])
    expect(adapter.capabilities.perHandleRegion).toBe(true)
  })

  it('with one client object, a handle naming another region is VALIDATION', () => {
    const adapter = createAlibabaCloudFlowAdapter({
      region: 'cn-hangzhou',
      client: new FnFClient({
        endpoint: emulator.endpoints.alibabaCloudFlow,
        ...emulator.credentials.alibaba,
      }),
    })
    expect(adapter.capabilities.perHandleRegion).toBe(false)
    const handle = { provider: PROVIDER, flowName: 'f', executionName: 'e' }
    expect(adapter.validate({ ...handle, region: 'cn-hangzhou' }).isOk()).toBe(true)
    expect(adapter.validate(handle).isOk()).toBe(true)
    const error = adapter.validate({ ...handle, region: 'cn-shanghai' })._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain("'cn-shanghai'")
  })
})

describe('odd answers from the endpoint: typed errors or unknown status, never a crash', () => {
  let server: http.Server
  let answer: { status: number; contentType: string; body: string }
  let url: string

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': answer.contentType })
        res.end(answer.body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const handle = { provider: PROVIDER, flowName: 'flow', executionName: 'exec' }
  const settings = (): AlibabaCloudFlowAdapterSettings => ({
    endpoint: url,
    credentials: { accessKeyId: 'AK', accessKeySecret: 'odd-answers-secret' },
  })
  const adapters = () =>
    [
      ['built-in client', createAlibabaCloudFlowAdapter(settings())],
      [
        'fnf-2019-03-15',
        createAlibabaCloudFlowAdapter({
          client: new FnFClient({ endpoint: url, accessKeyId: 'AK', accessKeySecret: 'odd-answers-secret' }),
        }),
      ],
    ] as const

  it.each([
    ['an HTML 502 page', 502, 'text/html', '<html><body>Bad Gateway</body></html>', 'UNAVAILABLE'],
    ['an empty 500', 500, 'application/json', '', 'UNAVAILABLE'],
    ['a cut-off 503', 503, 'application/json', '{"Code":"Inter', 'UNAVAILABLE'],
    ['a non-JSON 200', 200, 'text/plain', 'OK', 'UNKNOWN'],
    ['an empty 200', 200, 'application/json', '', 'UNKNOWN'],
  ])(
    '%s → a RunError with its HTTP status, on both transports',
    async (_name, status, contentType, body, code) => {
      answer = { status, contentType, body }
      for (const [, adapter] of adapters()) {
        const result = await createRunController({ adapters: [adapter], retry: false }).get(handle)
        const error = result._unsafeUnwrapErr()
        expect(RunError.is(error)).toBe(true)
        expect(error).toMatchObject({ code, httpStatus: status, retryable: code === 'UNAVAILABLE' })
      }
    },
  )

  it('a JSON error body without Code → mapped by HTTP status (both transports)', async () => {
    answer = { status: 503, contentType: 'application/json', body: '{"Message":"busy"}' }
    for (const [, adapter] of adapters()) {
      const error = (
        await createRunController({ adapters: [adapter], retry: false }).get(handle)
      )._unsafeUnwrapErr()
      expect(error).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503, retryable: true })
    }
  })

  it('a JSON array 200 on a get → UNKNOWN with HTTP 200', async () => {
    answer = { status: 200, contentType: 'application/json', body: '[1,2]' }
    for (const [, adapter] of adapters()) {
      const result = await createRunController({ adapters: [adapter], retry: false }).get(handle)
      expect(result._unsafeUnwrapErr()).toMatchObject({ code: 'UNKNOWN', httpStatus: 200 })
    }
  })

  it('an accepted stop with no readable status, confirmed by an equally unreadable get → status unknown', async () => {
    for (const body of ['[1,2]', '{"RequestId":"R-1"}', '']) {
      answer = { status: 200, contentType: 'application/json', body }
      for (const [, adapter] of adapters()) {
        const stop = (
          await createRunController({ adapters: [adapter], retry: false }).stop(handle)
        )._unsafeUnwrap()
        expect(stop).toMatchObject({ outcome: 'stop_requested', status: 'unknown', providerStatus: '' })
      }
    }
  })

  it('a 200 object without Status → status unknown on get', async () => {
    answer = { status: 200, contentType: 'application/json', body: '{"RequestId":"R-1"}' }
    for (const [, adapter] of adapters()) {
      const runs = createRunController({ adapters: [adapter], retry: false })
      const snapshot = (await runs.get(handle))._unsafeUnwrap()
      expect(snapshot).toMatchObject({ status: 'unknown', providerStatus: '', requestId: 'R-1' })
    }
  })

  it('a 200 with an unknown Status and a bad StartedTime → unknown, no startedAt', async () => {
    answer = {
      status: 200,
      contentType: 'application/json',
      body: '{"Status":"Paused","StartedTime":"yesterday","StoppedTime":"2019-01-01T01:01:01.001Z"}',
    }
    const [[, adapter]] = adapters()
    const snapshot = (
      await createRunController({ adapters: [adapter], retry: false }).get(handle)
    )._unsafeUnwrap()
    expect(snapshot).toMatchObject({ status: 'unknown', providerStatus: 'Paused' })
    expect(snapshot.startedAt).toBeUndefined()
    expect(snapshot.endedAt).toBeUndefined()
  })
})
