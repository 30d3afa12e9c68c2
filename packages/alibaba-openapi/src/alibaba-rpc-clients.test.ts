import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type * as CredentialsModule from '@alicloud/credentials'
import type * as OpenApiModule from '@alicloud/openapi-client'
import {
  createHttpCallGuard,
  errorCodeRules,
  type HttpCall,
  mapServiceError,
  RunError,
  type RunHandle,
} from '@runstop/core'
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
const requireCjs = createRequire(import.meta.url)
const credentialsSdk = requireCjs('@alicloud/credentials') as typeof CredentialsModule.default
// The anchor the built-in client is held to: the real SDK's callApi, RPC style, as it used to be sent.
const OpenApi = requireCjs('@alicloud/openapi-client') as typeof OpenApiModule.default
const OpenApiUtil = requireCjs('@alicloud/openapi-util').default as {
  getAuthorization(...args: unknown[]): string
}

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

/** What `mapServiceError` makes of an error with the gateway's table (as an adapter maps it). */
function mapped(error: unknown, httpStatus: number | undefined, secrets: readonly string[] = []) {
  const fields = readAlibabaError(error, httpStatus)
  const context = { provider: API.provider, what: 'Test', operation: 'get' as const, secrets }
  return mapServiceError(error, fields, { ...context, rules: errorCodeRules(GATEWAY_ERROR_CODES) })
}

/**
 * One call through the clients, as an adapter makes it: the answer's body, or the RunError
 * `mapServiceError` makes of what it rejected with (the gateway's table only), and the operations
 * the emulator received meanwhile.
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
    const client = await clients.client(undefined)
    const request = () => client[method](params, { signal })
    const reply = await (clients.send === undefined ? request() : clients.send(request, call))
    return { body: bodyOf(reply), reply, operations: sent() }
  } catch (error) {
    return { error: mapped(error, call.httpStatus, clients.secrets), operations: sent() }
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
    const latencyMs = 2_000
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs })
    const started = Date.now()
    const { error } = await send({ ...keys(), readTimeoutMs: 150 }, 'read', names(run()))
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
    // Given up well before the answer came: a bound set by the answer, not by how fast the machine is.
    expect(Date.now() - started).toBeLessThan(latencyMs / 2)
  })

  it('an abort rejects at once with the signal’s reason: ABORTED', async () => {
    const latencyMs = 3_000
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const { error } = await send(keys(), 'read', names(run()), controller.signal)
    expect(error?.code).toBe('ABORTED')
    // Ended well before the answer came.
    expect(Date.now() - started).toBeLessThan(latencyMs / 2)
  })
})

describe('createAlibabaRpcClients: one client per region, or the user’s', () => {
  it('builds a built-in client per region on first use (the call’s region, else settings.region)', async () => {
    const ports: string[] = []
    const clients = createAlibabaRpcClients(API, { ...keys(), region: 'cn-beijing' }, (client) => {
      ports.push(Object.keys(client).join(','))
      return client
    })
    expect(ports).toEqual([])
    const shanghai = await clients.client('cn-shanghai')
    // Loaded by the first call: from then on the client itself, not a promise of it.
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

/** A plain server answering every request `{}`, keeping what it got: method, query, form, headers. */
async function capturingServer() {
  const requests: {
    method: string
    query: Record<string, string>
    form: Record<string, string>
    body: string
    headers: Record<string, string>
  }[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      requests.push({
        method: req.method ?? '',
        query: Object.fromEntries(url.searchParams),
        form: Object.fromEntries(new URLSearchParams(body)),
        body,
        headers: req.headers as Record<string, string>,
      })
      res.setHeader('content-type', 'application/json')
      res.end('{"RequestId":"R-1"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  return { requests, endpoint: `http://127.0.0.1:${port}`, close }
}

describe('the built-in client sends what openapi-client’s callApi sends', () => {
  it.each([
    ['GET', 'read'],
    ['POST', 'halt'],
  ] as const)(
    'a %s action: the same parameters and headers; openapi-util’s signer agrees with its Authorization',
    async (method, name) => {
      const { requests, endpoint, close } = await capturingServer()
      const params = { Cause: 'a b&c=d ü', ExecutionName: 'e/1~', FlowName: 'flow_1', Limit: 5 }
      const credentials = { accessKeyId: 'LTAI-ak', accessKeySecret: 'secret-x', securityToken: 'sts-token' }
      try {
        const clients = createAlibabaRpcClients(API, { endpoint, credentials }, (client) => client)
        await (await clients.client('cn-hangzhou'))[name](params)
        await clients.close()
        const sdk = new OpenApi.default(
          new OpenApi.Config({
            endpoint: new URL(endpoint).host,
            protocol: 'http',
            regionId: 'cn-hangzhou',
            ...credentials,
          }),
        )
        const request = {
          action: API.actions[name].action,
          version: API.version,
          protocol: 'http',
          pathname: '/',
        }
        await sdk.callApi(
          new OpenApi.Params({
            ...request,
            method,
            authType: 'AK',
            style: 'RPC',
            reqBodyType: 'formData',
            bodyType: 'json',
          }),
          new OpenApi.OpenApiRequest(method === 'GET' ? { query: params } : { body: params }),
          { autoretry: false, maxAttempts: 1 } as never,
        )
      } finally {
        await close()
      }
      const [ours, theirs] = requests as [(typeof requests)[0], (typeof requests)[0]]
      expect(ours.method).toBe(method)
      expect(theirs.method).toBe(method)
      expect([ours.query, ours.form]).toEqual([theirs.query, theirs.form])
      expect(method === 'GET' ? ours.query : ours.form).toEqual({ ...params, Limit: '5' })
      // The SDK also names its own credential provider (x-acs-credentials-provider), and streams its
      // body (transfer-encoding: chunked) where ours leaves in one write (content-length).
      const FRAMING = ['connection', 'content-length', 'transfer-encoding', 'x-acs-credentials-provider']
      const names = (headers: Record<string, string>) =>
        Object.keys(headers)
          .filter((header) => !FRAMING.includes(header))
          .sort()
      expect(names(ours.headers)).toEqual(names(theirs.headers))
      for (const header of [
        'host',
        'x-acs-version',
        'x-acs-action',
        'accept',
        'content-type',
        'x-acs-accesskey-id',
        'x-acs-security-token',
      ])
        expect([header, ours.headers[header]]).toEqual([header, theirs.headers[header]])
      expect(ours.headers['x-acs-content-sha256']).toBe(createHash('sha256').update(ours.body).digest('hex'))
      // The real SDK's signer, over the request as the server received it, signs it the same.
      const signed = OpenApiUtil.getAuthorization(
        { pathname: '/', method, query: ours.query, headers: ours.headers },
        'ACS3-HMAC-SHA256',
        ours.headers['x-acs-content-sha256'],
        credentials.accessKeyId,
        credentials.accessKeySecret,
      )
      expect(ours.headers.authorization).toBe(signed)
    },
  )
})

/** What a RunError says but its cause, the request id (each answer has its own) only checked present. */
const told = (error: RunError | undefined) => ({
  ...error?.toJSON(),
  // The client's own error, kept as the cause: its name and the answer's request id differ.
  cause: undefined,
  requestId: error?.requestId === undefined ? undefined : 'present',
  message: error?.message.replace(/[0-9A-F]{8}-[0-9A-F-]{27}/g, '<id>'),
})

describe('errors: the built-in client’s read exactly as openapi-client’s were', () => {
  // The anchor: the real SDK's callApi through the HttpCallGuard, as the built-in client was sent.
  async function throughSdk(operation: 'get' | 'stop') {
    const sdk = new OpenApi.default(
      new OpenApi.Config({
        endpoint: new URL(endpoint()).host,
        protocol: 'http',
        regionId: 'cn-hangzhou',
        ...emulator.credentials.alibaba,
      }),
    )
    const handle = run()
    const action = operation === 'get' ? API.actions.read : API.actions.halt
    const params = names(handle)
    const request = new OpenApi.OpenApiRequest(action.method === 'GET' ? { query: params } : { body: params })
    const call: HttpCall = { signal: new AbortController().signal }
    const common = { version: API.version, protocol: 'http', pathname: '/', authType: 'AK', style: 'RPC' }
    const spec = {
      ...common,
      action: action.action,
      method: action.method,
      reqBodyType: 'formData',
      bodyType: 'json',
    }
    try {
      await createHttpCallGuard().send(
        () => sdk.callApi(new OpenApi.Params(spec), request, { autoretry: false, maxAttempts: 1 } as never),
        call,
      )
      return undefined
    } catch (error) {
      return mapped(error, call.httpStatus)
    }
  }

  const FAULTS = [
    ['the gateway’s throttling (429, JSON)', { code: 'ResourceThrottled' }],
    ['an internal error (500, JSON)', { code: 'InternalServerError' }],
    ['access denied (403, JSON)', { code: 'AccessDenied' }],
    ['a conflict (409, JSON)', { code: 'ConcurrentUpdateError' }],
    ['an HTML 502 page', { code: 'html', httpStatus: 502 }],
    ['an HTML 503 page', { code: '503' }],
    ['an empty 500', { code: 'empty' }],
    ['a cut-off 500', { code: 'body', httpStatus: 500, body: '{"RequestId":"A1B2","Code":"InternalSe' }],
    [
      'a 403 with HostId and Recommend',
      {
        code: 'body',
        httpStatus: 403,
        body: '{"RequestId":"R-9","HostId":"fnf.aliyuncs.com","Code":"Forbidden.RAM","Message":"No.","Recommend":"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM"}',
      },
    ],
    [
      'a 404 with a lower-case body',
      { code: 'body', httpStatus: 404, body: '{"code":"Nope","message":"gone","requestId":"r-1"}' },
    ],
    ['a 400 JSON array', { code: 'body', httpStatus: 400, body: '[1]' }],
    ['an empty 200', { code: 'body', body: '' }],
    ['a 200 JSON array', { code: 'body', body: '[1,2]' }],
    ['a cut-off 200', { code: 'truncate' }],
    ['a reset connection', { code: 'reset' }],
  ] as const

  it.each(FAULTS)('%s, on a get and on a stop', async (_name, fault) => {
    for (const operation of ['get', 'stop'] as const) {
      emulator.injectFault({ provider: 'alibaba-cloudflow', operation, ...fault })
      const anchor = await throughSdk(operation)
      emulator.injectFault({ provider: 'alibaba-cloudflow', operation, ...fault })
      const method = operation === 'get' ? 'read' : 'halt'
      const { error } = await send(keys(), method, names(run()))
      expect(anchor).toBeDefined()
      expect(told(error)).toEqual(told(anchor))
    }
  })
})

describe('the built-in client: credentials clients, connections, loading', () => {
  it('signs with an STS credentials client’s token and names its provider (x-acs-credentials-provider)', async () => {
    const credential = new credentialsSdk.default(
      new credentialsSdk.Config({ type: 'sts', ...emulator.credentials.alibaba, securityToken: 'CAIS-sts' }),
    )
    const { requests, endpoint: at, close } = await capturingServer()
    try {
      const clients = createAlibabaRpcClients(
        API,
        { endpoint: at, credentials: credential },
        (client) => client,
      )
      await (await clients.client(undefined)).read({ FlowName: 'f' })
      await clients.close()
    } finally {
      await close()
    }
    expect(requests[0]?.headers).toMatchObject({
      'x-acs-accesskey-id': emulator.credentials.alibaba.accessKeyId,
      'x-acs-security-token': 'CAIS-sts',
      'x-acs-credentials-provider': expect.any(String),
    })
    const { operations } = await send({ endpoint: endpoint(), credentials: credential }, 'halt', names(run()))
    expect(operations).toEqual(['StopExecution:200'])
  })

  it('a credentials client that gives no AccessKey is UNAUTHENTICATED, nothing sent, no secret told', async () => {
    const credentials = { getCredential: async () => ({ type: 'bearer', bearerToken: 'bearer-secret' }) }
    const { error, operations } = await send({ endpoint: endpoint(), credentials }, 'read', names(run()))
    expect(error?.code).toBe('UNAUTHENTICATED')
    expect(operations).toEqual([])
    expect(JSON.stringify(error?.toJSON())).not.toContain('bearer-secret')
  })

  it('a wrong secret is answered SignatureNotMatch (403), and the secret appears nowhere', async () => {
    const credentials = {
      accessKeyId: emulator.credentials.alibaba.accessKeyId,
      accessKeySecret: 'not-the-secret-42',
    }
    const { error } = await send({ endpoint: endpoint(), credentials }, 'read', names(run()))
    expect(error).toMatchObject({
      providerCode: 'SignatureNotMatch',
      httpStatus: 403,
    })
    const { inspect } = await import('node:util')
    for (const text of [error?.message, JSON.stringify(error?.toJSON()), inspect(error, { depth: 8 })])
      expect(text).not.toContain('not-the-secret-42')
  })

  it('close() destroys the connections the clients keep alive', async () => {
    const open = new Set<unknown>()
    const server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => res.end('{}'))
    })
    server.on('connection', (socket) => {
      open.add(socket)
      socket.once('close', () => open.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const clients = createAlibabaRpcClients(
        API,
        { endpoint: at, credentials: { accessKeyId: 'a', accessKeySecret: 'b' } },
        (c) => c,
      )
      const client = await clients.client(undefined)
      await client.read({})
      await client.read({})
      expect(open.size).toBe(1)
      await clients.close()
      for (let i = 0; i < 40 && open.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25))
      expect(open.size).toBe(0)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('a call loads neither @alicloud/openapi-client nor, with credentials given, @alicloud/credentials', async () => {
    // Not execFileSync: the emulator answering the child runs in this process.
    // A fresh process: this test file itself loads both SDKs.
    const script = `
      const { createAlibabaRpcTransport } = await import('@runstop/alibaba-openapi')
      const api = { provider: 'p', product: 'P', version: '2019-03-15', endpoint: process.env.AT,
        actions: { read: { action: 'DescribeExecution', method: 'GET' } } }
      const transport = createAlibabaRpcTransport(api, { credentials: JSON.parse(process.env.KEYS) })
      const reply = await transport.client('cn-hangzhou').read({ FlowName: 'no_such_flow', ExecutionName: 'x' }).catch((error) => error)
      await transport.close()
      const loaded = Object.keys(require('node:module')._cache ?? {}).filter((file) => file.includes('@alicloud'))
      console.log(JSON.stringify({ status: reply.statusCode, loaded }))`
    const child = `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${script}`
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', child],
        {
          cwd: new URL('..', import.meta.url).pathname,
          env: { ...process.env, AT: endpoint(), KEYS: JSON.stringify(emulator.credentials.alibaba) },
          encoding: 'utf8',
        },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      )
    })
    expect(JSON.parse(out)).toEqual({ status: 404, loaded: [] })
  })
})
