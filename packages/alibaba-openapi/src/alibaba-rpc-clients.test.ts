import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type * as CredentialsModule from '@alicloud/credentials'
import { errorCodeRules, type HttpCall, mapServiceError, RunError, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readAlibabaError } from './alibaba-error.js'
import type { AlibabaRpcClient } from './alibaba-rpc-client.js'
import { type AlibabaRpcClientsSettings, createAlibabaRpcClients } from './alibaba-rpc-clients.js'
import { bodyOf } from './body-of.js'
import { GATEWAY_ERROR_CODES } from './gateway-error-codes.js'

// The built-in client over real HTTP against the emulator, which checks ACS3-HMAC-SHA256
// signatures as CloudFlow does. The API below is described here, in the test: nothing of
// CloudFlow is built into the package (the method names are not even the actions').
const credentialsSdk = createRequire(import.meta.url)(
  '@alicloud/credentials',
) as typeof CredentialsModule.default

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
})
afterEach(() => {
  emulator.clearFaults()
  vi.unstubAllEnvs()
})

const API = {
  provider: 'alibaba-test',
  product: 'FnF',
  version: '2019-03-15',
  endpoint: 'https://{region}.fnf.aliyuncs.com',
  actions: {
    read: { action: 'DescribeExecution', method: 'GET' },
    halt: { action: 'StopExecution', method: 'POST' },
    describeThing: { action: 'DescribeThing', method: 'GET' },
  },
} as const
type Methods = keyof typeof API.actions
type Settings = AlibabaRpcClientsSettings<AlibabaRpcClient<Methods>>

const endpoint = () => emulator.endpoints.alibabaCloudFlow
const keys = () => ({ endpoint: endpoint(), credentials: emulator.credentials.alibaba })
const run = () => emulator.createRun('alibaba-cloudflow')
const names = (handle: RunHandle) => ({
  FlowName: handle.flowName,
  ExecutionName: handle.executionName,
})

/**
 * One call through the clients and their guard, as an adapter makes it: the answer's body, or the
 * RunError `mapServiceError` makes of what it rejected with (the gateway's table only), and the
 * operations the emulator received meanwhile.
 */
async function send(
  settings: Settings,
  method: Methods,
  params: object,
  signal = new AbortController().signal,
) {
  const clients = createAlibabaRpcClients(API, settings, (client) => client)
  const call: HttpCall = { signal }
  const before = emulator.requests.length
  const sent = () => emulator.requests.slice(before).map((r) => `${r.operation}:${r.status}`)
  try {
    const client = clients.client(undefined)
    const reply = await clients.send(() => client[method](params), call)
    return { body: bodyOf(reply), reply, operations: sent() }
  } catch (error) {
    const fields = readAlibabaError(error, call.httpStatus)
    const context = {
      provider: API.provider,
      what: 'Test',
      operation: 'get' as const,
      secrets: clients.secrets,
    }
    const mapped = mapServiceError(error, fields, { ...context, rules: errorCodeRules(GATEWAY_ERROR_CODES) })
    return { error: mapped, operations: sent() }
  } finally {
    await clients.close()
  }
}

describe('the built-in client: actions, signing, answers', () => {
  it('sends each method as its action (GET query, POST form), signed as the service accepts', async () => {
    const handle = run()
    const read = await send(keys(), 'read', names(handle))
    expect(read.reply).toMatchObject({ statusCode: 200 })
    expect(read.body).toMatchObject({ Name: handle.executionName, Status: 'Running' })
    expect(read.operations).toEqual(['DescribeExecution:200'])

    const halt = await send(keys(), 'halt', { ...names(handle), Cause: 'a b&c=d ü', Error: undefined })
    expect(halt.operations).toEqual(['StopExecution:200'])
    const stored = emulator.runs('alibaba-cloudflow').find((r) => r.key.endsWith(`/${handle.executionName}`))
    // The undefined Error is left out, not sent as the text "undefined".
    expect(stored).toMatchObject({ cause: 'a b&c=d ü' })
    expect(stored?.error).toBeUndefined()
  })

  it('an action the service does not have is its error, read with code, status and request id', async () => {
    const { error, operations } = await send(keys(), 'describeThing', {})
    expect(error).toMatchObject({ providerCode: 'ActionNotSupported', httpStatus: 400, code: 'VALIDATION' })
    expect(error?.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(operations).toEqual(['DescribeThing:400'])
  })

  it('a gateway page (HTML 502) keeps its HTTP status through the guard', async () => {
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'get', code: 'html', httpStatus: 502 })
    const { error } = await send(keys(), 'read', names(run()))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, httpStatus: 502 })
  })
})

describe('the built-in client: settings, credentials and endpoints', () => {
  it('uses the @alicloud/credentials default chain (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET) without credentials', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', emulator.credentials.alibaba.accessKeyId)
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', emulator.credentials.alibaba.accessKeySecret)
    const { body } = await send({ endpoint: endpoint() }, 'read', names(run()))
    expect(body?.Status).toBe('Running')
  })

  it('answers UNAUTHENTICATED when the default chain finds nothing, and sends nothing', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', '')
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', '')
    vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true')
    vi.stubEnv('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', 'true')
    vi.stubEnv('ALIBABA_CLOUD_CREDENTIALS_FILE', '/nonexistent/runstop/credentials')
    vi.stubEnv('ALIBABA_CLOUD_CREDENTIALS_URI', '')
    vi.stubEnv('ALIBABA_CLOUD_ROLE_ARN', '')
    const { error, operations } = await send({ endpoint: endpoint() }, 'read', names(run()))
    expect(error?.code).toBe('UNAUTHENTICATED')
    expect(error?.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
    expect(operations).toEqual([])
  })

  it('accepts an @alicloud/credentials client as credentials', async () => {
    const credential = new credentialsSdk.default(
      new credentialsSdk.Config({ type: 'access_key', ...emulator.credentials.alibaba }),
    )
    const { body } = await send({ endpoint: endpoint(), credentials: credential }, 'read', names(run()))
    expect(body?.Status).toBe('Running')
  })

  it('sends an STS security token when given one', async () => {
    const credentials = { ...emulator.credentials.alibaba, securityToken: 'CAIS-sts-token-for-test' }
    const { operations } = await send({ endpoint: endpoint(), credentials }, 'halt', names(run()))
    expect(operations).toEqual(['StopExecution:200'])
  })

  it('keeps the configured secret, token and the environment’s out of errors (secrets)', () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'env-secret')
    vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', 'env-token')
    const credentials = { accessKeyId: 'AK', accessKeySecret: 'set-secret', securityToken: 'set-token' }
    const clients = createAlibabaRpcClients(API, { credentials }, (client) => client)
    expect([...clients.secrets].sort()).toEqual(['env-secret', 'env-token', 'set-secret', 'set-token'])
  })

  it.each([
    ['a URL with a path', (url: string) => `${url}/fnf`, 'scheme://host[:port] only'],
    ['a URL with a query', (url: string) => `${url}/?x=1`, 'scheme://host[:port] only'],
    ['an ftp URL', () => 'ftp://127.0.0.1:21', 'http or https'],
    ['not a URL', () => 'http://', 'not a URL'],
  ])('rejects %s as endpoint with VALIDATION, sending nothing', async (_name, make, message) => {
    const settings = { endpoint: make(endpoint()), credentials: emulator.credentials.alibaba }
    const { error, operations } = await send(settings, 'read', names(run()))
    expect(RunError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'alibaba-test' })
    expect(error?.message).toContain(message)
    expect(operations).toEqual([])
  })

  it.each([
    ['incomplete explicit credentials', { credentials: { accessKeyId: 'x', accessKeySecret: '' } }],
    ['a region that is not a region id', { region: 'evil.example.com/x' }],
    ['a negative connectTimeoutMs', { connectTimeoutMs: -1 }],
    ['a readTimeoutMs past what Node keeps', { readTimeoutMs: 2 ** 31 }],
  ])('rejects %s with VALIDATION, sending nothing', async (_name, settings) => {
    const { error, operations } = await send({ ...keys(), ...settings }, 'read', names(run()))
    expect(error?.code).toBe('VALIDATION')
    expect(operations).toEqual([])
  })

  it('answers NETWORK (retryable) when nothing listens at the endpoint', async () => {
    const server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const settings = { ...keys(), endpoint: `http://127.0.0.1:${port}` }
    const { error } = await send(settings, 'read', names(run()))
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
  })

  it('gives up after readTimeoutMs with NETWORK', async () => {
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs: 2_000 })
    const started = Date.now()
    const { error } = await send({ ...keys(), readTimeoutMs: 150 }, 'read', names(run()))
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
    expect(Date.now() - started).toBeLessThan(1_500)
  })

  it('an abort rejects at once with the signal’s reason: ABORTED', async () => {
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs: 3_000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const { error } = await send(keys(), 'read', names(run()), controller.signal)
    expect(error?.code).toBe('ABORTED')
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

describe('createAlibabaRpcClients: one client per region, or the user’s', () => {
  it('builds a built-in client per region on first use (the call’s region, else settings.region)', () => {
    const ports: string[] = []
    const clients = createAlibabaRpcClients(API, { ...keys(), region: 'cn-beijing' }, (client) => {
      ports.push(Object.keys(client).join(','))
      return client
    })
    expect(ports).toEqual([])
    const shanghai = clients.client('cn-shanghai')
    expect(clients.client('cn-shanghai')).toBe(shanghai)
    expect(clients.client(undefined)).not.toBe(shanghai)
    expect(clients.client('cn-beijing')).toBe(clients.client(undefined))
    expect(ports).toEqual(['read,halt,describeThing', 'read,halt,describeThing'])
    expect(clients.oneClient).toBe(false)
  })

  it('uses a client object for every region, and a function once per region', () => {
    const given = { mine: true }
    const one = createAlibabaRpcClients(API, { client: given }, () => ({ mine: false }))
    expect([one.client('cn-shanghai'), one.client(undefined)]).toEqual([given, given])
    expect(one.oneClient).toBe(true)
    const regions: string[] = []
    const mine = (region: string) => {
      regions.push(region)
      return { region }
    }
    const perRegion = createAlibabaRpcClients(API, { client: mine }, () => ({ region: 'built-in' }))
    perRegion.client('cn-shanghai')
    perRegion.client('cn-shanghai')
    expect(perRegion.client(undefined)).toEqual({ region: 'cn-hangzhou' })
    expect(regions).toEqual(['cn-shanghai', 'cn-hangzhou'])
    expect(perRegion.oneClient).toBe(false)
  })
})
