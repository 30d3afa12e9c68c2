import { createServer, connect as netConnect, type Server } from 'node:net'
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime'
import { createRunController, type RunController, type RunError, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createBedrockFlowsAdapter } from './bedrock-flows-adapter.js'
import type { BedrockFlowsAdapterSettings } from './bedrock-flows-client.js'

let emulator: Emulator
const userClients: BedrockAgentRuntimeClient[] = []

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  for (const client of userClients) client.destroy()
  await emulator?.close()
})
beforeEach(() => {
  emulator.clearFaults()
})

const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 }

function controller(
  settings: Partial<BedrockFlowsAdapterSettings> = {},
  retry: typeof FAST_RETRY | false = FAST_RETRY,
) {
  return createRunController({
    adapters: [
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
        ...settings,
      }),
    ],
    retry,
  })
}

/** The requests the emulator logged while `body` ran. */
async function logged<T>(body: () => PromiseLike<T>): Promise<{ value: T; requests: Emulator['requests'] }> {
  const before = emulator.requests.length
  const value = await body()
  return { value, requests: emulator.requests.slice(before) }
}

function storedStatus(handle: RunHandle): string | undefined {
  return emulator.runs('bedrock-flows').find((run) => run.key.endsWith(`|${handle.executionIdentifier}`))
    ?.status
}

type Transport = {
  name: string
  httpVersion: '1.1' | '2'
  settings: () => Partial<BedrockFlowsAdapterSettings>
}
const TRANSPORTS: Transport[] = [
  { name: 'the default handler (HTTP/1.1 keep-alive)', httpVersion: '1.1', settings: () => ({}) },
  { name: "httpVersion '2' (one HTTP/2 session)", httpVersion: '2', settings: () => ({ httpVersion: '2' }) },
  {
    name: 'NodeHttpHandler (HTTP/1.1) passed as the requestHandler setting',
    httpVersion: '1.1',
    settings: () => ({ requestHandler: new NodeHttpHandler() }),
  },
]

describe.each(TRANSPORTS)('through createRunController with $name', (transport) => {
  let runs: RunController
  beforeAll(() => {
    runs = controller(transport.settings())
  })

  it.each([
    ['Running', 'running'],
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['TimedOut', 'timed_out'],
    ['Aborted', 'stopped'],
    ['ABORTED', 'stopped'],
    ['Paused', 'unknown'],
  ])('get of a %s execution → %s', async (providerStatus, status) => {
    const handle = emulator.createRun('bedrock-flows', {
      status: providerStatus,
      errorMessage: 'node exploded',
    })
    const { value, requests } = await logged(() => runs.get(handle))
    const snapshot = value._unsafeUnwrap()
    expect(snapshot.status).toBe(status)
    expect(snapshot.providerStatus).toBe(providerStatus)
    expect(snapshot.handle).toEqual(handle)
    expect(snapshot.startedAt).toBeInstanceOf(Date)
    expect(snapshot.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect((snapshot.raw as { executionArn: string }).executionArn).toContain(handle.executionIdentifier)
    expect(snapshot.raw).not.toHaveProperty('$metadata')
    const terminal = ['succeeded', 'failed', 'timed_out', 'stopped'].includes(status)
    expect(snapshot.endedAt instanceof Date).toBe(terminal)
    if (providerStatus === 'Failed') expect(snapshot.errorMessage).toBe('[FlowOutputNode] node exploded')
    else if (providerStatus === 'TimedOut')
      expect(snapshot.errorMessage).toBe('ExecutionTimedOut: node exploded')
    else expect(snapshot.errorMessage).toBeUndefined()
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({
      operation: 'GetFlowExecution',
      httpVersion: transport.httpVersion,
      region: 'us-east-1',
      status: 200,
    })
  })

  it('stop of a running execution → stopped (Aborted at once), one request', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const { value, requests } = await logged(() => runs.stop(handle, { reason: 'not recorded by Bedrock' }))
    const result = value._unsafeUnwrap()
    expect(result).toMatchObject({
      outcome: 'stopped',
      status: 'stopped',
      providerStatus: 'Aborted',
      reasonRecorded: false,
    })
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect((result.raw as { executionArn: string }).executionArn).toContain(handle.executionIdentifier)
    expect(storedStatus(handle)).toBe('Aborted')
    expect(requests.map((r) => [r.operation, r.status, r.httpVersion])).toEqual([
      ['StopFlowExecution', 200, transport.httpVersion],
    ])
  })

  it.each([
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['TimedOut', 'timed_out'],
    ['Aborted', 'stopped'],
  ])(
    'stop of a %s execution → already_terminal (%s), confirmed by one get',
    async (providerStatus, status) => {
      const handle = emulator.createRun('bedrock-flows', { status: providerStatus })
      const { value, requests } = await logged(() => runs.stop(handle))
      expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status, providerStatus })
      expect(requests.map((r) => [r.operation, r.status])).toEqual([
        ['StopFlowExecution', 409],
        ['GetFlowExecution', 200],
      ])
    },
  )

  it('a confirming get that is throttled makes the stop retryable, and the retry confirms', async () => {
    const handle = emulator.createRun('bedrock-flows', { status: 'Succeeded' })
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code: 'ThrottlingException' })
    const once = await logged(() => controller(transport.settings(), false).stop(handle))
    const error = once.value._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'THROTTLED', retryable: true, operation: 'stop' })
    expect(error.details).toMatchObject({ confirming: 'ConflictException' })
    expect(error.message).toMatch(
      /^Bedrock flows GetFlowExecution failed with ThrottlingException .*\(while confirming the ConflictException the stop answered\)\.$/,
    )
    expect(once.requests.map((r) => [r.operation, r.status])).toEqual([
      ['StopFlowExecution', 409],
      ['GetFlowExecution', 429],
    ])

    emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code: 'InternalServerException' })
    const retried = await logged(() => runs.stop(handle))
    expect(retried.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(retried.requests.map((r) => r.status)).toEqual([409, 500, 409, 200])
  })

  it('a second stop of the same execution → already_terminal, stopped', async () => {
    const handle = emulator.createRun('bedrock-flows')
    expect((await runs.stop(handle))._unsafeUnwrap().outcome).toBe('stopped')
    const again = (await runs.stop(handle))._unsafeUnwrap()
    expect(again).toMatchObject({ outcome: 'already_terminal', status: 'stopped', providerStatus: 'Aborted' })
  })

  it('stop and get of a missing execution → NOT_FOUND, no confirming get, no retry', async () => {
    const handle = { ...emulator.createRun('bedrock-flows'), executionIdentifier: 'no-such-execution' }
    const { value, requests } = await logged(() => runs.stop(handle))
    const error = value._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      providerCode: 'ResourceNotFoundException',
      httpStatus: 404,
      operation: 'stop',
      retryable: false,
    })
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(requests).toHaveLength(1)
    expect((await runs.get(handle))._unsafeUnwrapErr().code).toBe('NOT_FOUND')
  })

  it('a ValidationException on stop of a running execution stands after the confirming get', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'stop', code: 'ValidationException' })
    const { value, requests } = await logged(() => runs.stop(handle))
    expect(value._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      providerCode: 'ValidationException',
    })
    expect(requests.map((r) => [r.operation, r.status])).toEqual([
      ['StopFlowExecution', 400],
      ['GetFlowExecution', 200],
    ])
    expect(storedStatus(handle)).toBe('Running')
  })

  it('a handle region picks the client: the logged region follows each handle', async () => {
    const west = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const east = emulator.createRun('bedrock-flows')
    const { requests } = await logged(async () => {
      expect((await runs.get(west))._unsafeUnwrap().status).toBe('running')
      expect((await runs.stop(west))._unsafeUnwrap().outcome).toBe('stopped')
      const { region: _region, ...eastWithoutRegion } = east
      expect((await runs.get(eastWithoutRegion))._unsafeUnwrap().status).toBe('running')
      const { region: _west, ...westWithoutRegion } = west
      // Executions are regional: without its region the handle falls back to us-east-1.
      expect((await runs.get(westWithoutRegion))._unsafeUnwrapErr().code).toBe('NOT_FOUND')
    })
    expect(requests.map((r) => [r.operation, r.region])).toEqual([
      ['GetFlowExecution', 'eu-west-1'],
      ['StopFlowExecution', 'eu-west-1'],
      ['GetFlowExecution', 'us-east-1'],
      ['GetFlowExecution', 'us-east-1'],
    ])
  })

  it.each([
    ['executionIdentifier', '../x'],
    ['executionIdentifier', 'a/b'],
    ['flowAliasIdentifier', 'a?b'],
    ['flowIdentifier', 'a#bcdefghi'],
    ['executionIdentifier', '%2e%2e'],
    ['executionIdentifier', 'a\r\nX-Injected: 1'],
    ['flowAliasIdentifier', 'ALIAS\u0000'],
    [
      'executionIdentifier',
      'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/../e',
    ],
  ])('a handle with %s %j is VALIDATION with nothing sent', async (field, value) => {
    const handle = { ...emulator.createRun('bedrock-flows'), [field]: value }
    const { value: results, requests } = await logged(() =>
      Promise.all([runs.stop(handle), runs.get(handle)]),
    )
    for (const result of results) {
      const error = result._unsafeUnwrapErr()
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toContain(field)
    }
    expect(requests).toEqual([])
  })

  it('a wrong secret → UNAUTHENTICATED, not retried, the secret in no error text', async () => {
    const secret = 'wrong-secret-that-must-never-leak-0123456789'
    const handle = emulator.createRun('bedrock-flows')
    const bad = controller({
      ...transport.settings(),
      credentials: { accessKeyId: emulator.credentials.aws.accessKeyId, secretAccessKey: secret },
    })
    const { value, requests } = await logged(() => bad.stop(handle))
    const error = value._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      providerCode: 'InvalidSignatureException',
      httpStatus: 403,
      retryable: false,
    })
    for (const text of [error.message, JSON.stringify(error.toJSON()), String(error.cause)])
      expect(text).not.toContain(secret)
    expect(requests).toHaveLength(1)
    const unknownKey = controller({
      ...transport.settings(),
      credentials: { accessKeyId: 'AKIDNOTKNOWNHERE', secretAccessKey: secret },
    })
    const unknown = (await unknownKey.get(handle))._unsafeUnwrapErr()
    expect(unknown).toMatchObject({ code: 'UNAUTHENTICATED', providerCode: 'UnrecognizedClientException' })
    expect(JSON.stringify(unknown.toJSON())).not.toContain(secret)
    expect(storedStatus(handle)).toBe('Running')
  })

  it('throttling is retried by the controller, one request per attempt', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({
      provider: 'bedrock-flows',
      operation: 'stop',
      code: 'ThrottlingException',
      count: 2,
    })
    const { value, requests } = await logged(() => runs.stop(handle))
    expect(value._unsafeUnwrap().outcome).toBe('stopped')
    expect(requests.map((r) => r.status)).toEqual([429, 429, 200])
  })

  it.each(['InternalServerException', 'BadGatewayException', 'reset'])(
    'a transient %s is retried',
    async (code) => {
      const handle = emulator.createRun('bedrock-flows')
      emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code })
      const { value, requests } = await logged(() => runs.get(handle))
      expect(value._unsafeUnwrap().status).toBe('running')
      expect(requests).toHaveLength(2)
    },
  )

  it('a connection reset is NETWORK, retryable', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'stop', code: 'reset' })
    const error = (await controller(transport.settings(), false).stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true, operation: 'stop' })
    expect(error.httpStatus).toBeUndefined()
  })

  it('Retry-After on a throttle is honoured as the minimum delay', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({
      provider: 'bedrock-flows',
      operation: 'get',
      code: 'ThrottlingException',
      retryAfterSeconds: 1,
    })
    const started = Date.now()
    expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('the call signal reaches the SDK request: an abort ends an in-flight call at once', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const latencyMs = 2_000
    emulator.setFaults({ provider: 'bedrock-flows', latencyMs })
    const adapter = createBedrockFlowsAdapter({
      region: 'us-east-1',
      endpoint: emulator.endpoints.bedrockFlows,
      credentials: emulator.credentials.aws,
      ...transport.settings(),
    })
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 100)
    const started = Date.now()
    const result = await adapter.doGet(adapter.validate(handle)._unsafeUnwrap(), { signal: abort.signal })
    // Ended well before the answer came: a bound set by the answer, not by how fast the machine is.
    expect(Date.now() - started).toBeLessThan(latencyMs / 2)
    expect(result._unsafeUnwrapErr().code).toBe('ABORTED')
  })
})

describe('clients the user builds', () => {
  function userClient(options: { maxAttempts?: number; region?: string } = {}) {
    const client = new BedrockAgentRuntimeClient({
      region: options.region ?? 'us-east-1',
      endpoint: emulator.endpoints.bedrockFlows,
      credentials: emulator.credentials.aws,
      requestHandler: new NodeHttpHandler(),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    })
    userClients.push(client)
    return client
  }

  it('a user client is used as given (here HTTP/1.1 through its own NodeHttpHandler)', async () => {
    const runs = createRunController({
      adapters: [createBedrockFlowsAdapter({ region: 'us-east-1', client: userClient({ maxAttempts: 1 }) })],
      retry: FAST_RETRY,
    })
    const handle = emulator.createRun('bedrock-flows')
    const { value, requests } = await logged(() => runs.stop(handle))
    expect(value._unsafeUnwrap().outcome).toBe('stopped')
    expect(requests.map((r) => r.httpVersion)).toEqual(['1.1'])
  })

  it('adapter-built clients make one request per attempt; a user client keeps its own retries (double retry)', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code: 'InternalServerException' })
    const own = await logged(() => controller({}, false).get(handle))
    expect(own.value._unsafeUnwrapErr().code).toBe('UNAVAILABLE')
    expect(own.requests).toHaveLength(1)

    emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code: 'InternalServerException' })
    const theirs = await logged(() =>
      createRunController({
        adapters: [createBedrockFlowsAdapter({ region: 'us-east-1', client: userClient() })],
        retry: false,
      }).get(handle),
    )
    // The SDK's default of 3 attempts retried the 500 itself, under the controller's single attempt.
    expect(theirs.value._unsafeUnwrap().status).toBe('running')
    expect(theirs.requests).toHaveLength(2)
  })

  it('one user client cannot serve a handle of another region; a client function can', async () => {
    const west = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const single = createBedrockFlowsAdapter({ region: 'us-east-1', client: userClient() })
    expect(single.capabilities.perHandleRegion).toBe(false)
    const rejected = single.validate(west)
    expect((rejected._unsafeUnwrapErr() as RunError).code).toBe('VALIDATION')
    expect(rejected._unsafeUnwrapErr().message).toContain("'eu-west-1'")
    expect(single.validate({ ...west, region: 'us-east-1' }).isOk()).toBe(true)

    const perRegion = createBedrockFlowsAdapter({
      client: (region) => userClient({ maxAttempts: 1, ...(region ? { region } : {}) }),
    })
    expect(perRegion.capabilities.perHandleRegion).toBe(true)
    const runs = createRunController({ adapters: [perRegion], retry: false })
    const { value, requests } = await logged(() => runs.get(west))
    expect(value._unsafeUnwrap().status).toBe('running')
    expect(requests.map((r) => r.region)).toEqual(['eu-west-1'])
  })
})

describe('adapter contract', () => {
  it('declares v1, its provider and every capability as an explicit boolean', () => {
    const adapter = createBedrockFlowsAdapter({ region: 'us-east-1' })
    expect(adapter.specificationVersion).toBe('v1')
    expect(adapter.provider).toBe('bedrock-flows')
    expect(adapter.capabilities).toEqual({
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: false,
      perHandleRegion: true,
      list: true,
      listStatusFilter: false,
    })
  })

  it('a client that throws synchronously or returns junk gives a typed error or an unknown status', async () => {
    const handle = {
      provider: 'bedrock-flows',
      flowIdentifier: 'FLOW123456',
      flowAliasIdentifier: 'ALIAS12345',
      executionIdentifier: 'exec-1',
    } as const
    const signal = new AbortController().signal
    const throwing = createBedrockFlowsAdapter({
      client: {
        send: () => {
          throw new TypeError('boom')
        },
      },
    })
    const thrown = (await throwing.doGet(handle, { signal }))._unsafeUnwrapErr()
    expect(thrown.code).toBe('UNKNOWN')
    expect(thrown.message).toContain('boom')
    const junk = createBedrockFlowsAdapter({ client: { send: async () => null as never } })
    const snapshot = (await junk.doGet(handle, { signal }))._unsafeUnwrap()
    expect(snapshot).toMatchObject({ status: 'unknown', providerStatus: '', raw: {} })
    const stop = (await junk.doStop(handle, { signal }))._unsafeUnwrap()
    // Accepted, but neither the reply nor the confirming get names a status: none is invented.
    expect(stop).toMatchObject({ outcome: 'stop_requested', status: 'unknown', providerStatus: '' })
  })
})

/** A TCP proxy in front of the emulator's Bedrock endpoint that counts the connections opened. */
async function countingProxy(
  target: string,
): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const { hostname, port } = new URL(target)
  let connections = 0
  const sockets = new Set<{ destroy(): void }>()
  const server: Server = createServer((socket) => {
    connections++
    const upstream = netConnect(Number(port), hostname)
    sockets.add(socket).add(upstream)
    socket.pipe(upstream).pipe(socket)
    const drop = () => {
      socket.destroy()
      upstream.destroy()
    }
    socket.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

describe.each([
  { httpVersion: undefined, name: 'default (HTTP/1.1 keep-alive)', concurrentConnections: 8 },
  { httpVersion: '2' as const, name: "httpVersion '2'", concurrentConnections: 1 },
])('connection reuse of the clients the adapter builds: $name', ({ httpVersion, concurrentConnections }) => {
  it('10 sequential calls use one connection; 8 concurrent calls, twice, open no more than 8 (HTTP/2: 1)', async () => {
    const proxy = await countingProxy(emulator.endpoints.bedrockFlows)
    try {
      const runs = controller({ endpoint: proxy.url, ...(httpVersion === undefined ? {} : { httpVersion }) })
      const handle = emulator.createRun('bedrock-flows')
      const { requests } = await logged(async () => {
        for (let i = 0; i < 10; i++) expect((await runs.get(handle)).isOk()).toBe(true)
      })
      expect(requests.map((r) => r.httpVersion)).toEqual(Array(10).fill(httpVersion ?? '1.1'))
      expect(proxy.connections()).toBe(1)
      for (let round = 0; round < 2; round++) {
        const results = await Promise.all(Array.from({ length: 8 }, () => runs.get(handle)))
        expect(results.every((r) => r.isOk())).toBe(true)
      }
      // The second round finds the first round's connections idle and reuses them.
      expect(proxy.connections()).toBeLessThanOrEqual(concurrentConnections)
      // Every region's client shares the pool.
      const other = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
      expect((await runs.get(other)).isOk()).toBe(true)
      expect(proxy.connections()).toBeLessThanOrEqual(concurrentConnections)
    } finally {
      await proxy.close()
    }
  })
})
