import { execFile } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { AwsJsonServiceError } from '@runstop/aws-json'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createMwaaServerlessClients,
  defaultEndpoint,
  type MwaaServerlessAdapterSettings,
  type MwaaServerlessClient,
} from './mwaa-serverless-client.js'

// The built-in awsJson1_0 client over real HTTP, against a plain node:http server that answers
// whatever a test needs (the emulator covers the happy paths and the documented errors; this
// covers the wire details and the bodies no well-behaved service sends).

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

interface Answer {
  status?: number
  headers?: Record<string, string>
  body?: string
  delayMs?: number
}

const servers: http.Server[] = []

async function startServer(answer: (seen: Seen) => Answer = () => ({ body: '{}' })) {
  const seen: Seen[] = []
  let connections = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      seen.push(request)
      const reply = answer(request)
      const send = () => {
        if (res.destroyed) return
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': 'req-123',
          ...reply.headers,
        })
        res.end(reply.body ?? '')
      }
      if (reply.delayMs) setTimeout(send, reply.delayMs)
      else send()
    })
  })
  server.on('connection', () => {
    connections++
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  const { port } = server.address() as AddressInfo
  return { endpoint: `http://127.0.0.1:${port}`, seen, connections: () => connections }
}

afterEach(async () => {
  vi.unstubAllEnvs()
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const credentials = { accessKeyId: 'AKIDTESTCLIENT', secretAccessKey: 'test-secret-access-key-value' }
const input = {
  WorkflowArn: 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/etl-ABCDEFGHIJ',
  RunId: 'run1',
}

/** The built-in client of a region, its calls made once `client()` (a promise at first) answers. */
function clientFor(
  endpoint: string,
  region = 'eu-west-1',
  extra: MwaaServerlessAdapterSettings = {},
): MwaaServerlessClient {
  const clients = createMwaaServerlessClients({ endpoint, credentials, ...extra })
  return {
    stopWorkflowRun: async (run, options) => (await clients.client(region)).stopWorkflowRun(run, options),
    getWorkflowRun: async (run, options) => (await clients.client(region)).getWorkflowRun(run, options),
  }
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

describe('built-in awsJson1_0 client: requests', () => {
  it('POSTs to / with X-Amz-Target, the awsJson 1.0 content type and a SigV4 signature for the region', async () => {
    const server = await startServer(() => ({ body: JSON.stringify({ Status: 'STOPPING' }) }))
    await clientFor(server.endpoint).stopWorkflowRun(input)
    const [request] = server.seen
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/')
    expect(request?.headers['x-amz-target']).toBe('AmazonMWAAServerless.StopWorkflowRun')
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTCLIENT\/\d{8}\/eu-west-1\/airflow-serverless\/aws4_request, SignedHeaders=[^,]*content-type[^,]*host[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    )
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/)
    expect(JSON.parse(request?.body ?? '')).toEqual(input)
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(request?.body ?? '')))
  })

  it('GetWorkflowRun targets AmazonMWAAServerless.GetWorkflowRun', async () => {
    const server = await startServer()
    await clientFor(server.endpoint).getWorkflowRun(input)
    expect(server.seen[0]?.headers['x-amz-target']).toBe('AmazonMWAAServerless.GetWorkflowRun')
  })

  it('sends the session token of temporary credentials', async () => {
    const server = await startServer()
    const client = await createMwaaServerlessClients({
      endpoint: server.endpoint,
      credentials: { ...credentials, sessionToken: 'session-token-value-123' },
    }).client('us-east-1')
    await client.getWorkflowRun(input)
    expect(server.seen[0]?.headers['x-amz-security-token']).toBe('session-token-value-123')
  })

  it('keeps the endpoint path (a proxy prefix) and posts there', async () => {
    const server = await startServer()
    await clientFor(`${server.endpoint}/mwaa/`).getWorkflowRun(input)
    expect(server.seen[0]?.url).toBe('/mwaa/')
  })

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const server = await startServer()
    const client = clientFor(server.endpoint)
    for (let i = 0; i < 4; i++) await client.getWorkflowRun(input)
    expect(server.seen).toHaveLength(4)
    expect(server.connections()).toBe(1)
  })

  it('shares the connection pool between the clients of two regions', async () => {
    const server = await startServer()
    const clients = createMwaaServerlessClients({ endpoint: server.endpoint, credentials })
    await (await clients.client('us-east-1')).getWorkflowRun(input)
    await (await clients.client('eu-west-1')).getWorkflowRun(input)
    expect(await clients.client('us-east-1')).not.toBe(await clients.client('eu-west-1'))
    expect(server.seen.map((s) => /\/(\w+-\w+-\d)\//.exec(s.headers.authorization ?? '')?.[1])).toEqual([
      'us-east-1',
      'eu-west-1',
    ])
    expect(server.connections()).toBe(1)
  })

  it('resolves a credential provider function on use and records its secrets for scrubbing', async () => {
    const server = await startServer()
    const provider = vi.fn(async () => ({
      accessKeyId: 'AKIDFROMPROVIDER',
      secretAccessKey: 'provider-secret-value-xyz',
      sessionToken: 'provider-token-value-xyz',
    }))
    const clients = createMwaaServerlessClients({
      endpoint: server.endpoint,
      credentials: provider,
    })
    expect(provider).not.toHaveBeenCalled()
    expect(clients.secrets()).toEqual([])
    await (await clients.client('us-east-1')).getWorkflowRun(input)
    expect(provider).toHaveBeenCalled()
    expect(server.seen[0]?.headers.authorization).toContain('Credential=AKIDFROMPROVIDER/')
    expect(clients.secrets()).toEqual(['provider-secret-value-xyz', 'provider-token-value-xyz'])
  })

  it('without credentials, loads the default chain on first use (environment variables here)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'environment-secret-value')
    const server = await startServer()
    const clients = createMwaaServerlessClients({ endpoint: server.endpoint })
    await (await clients.client('us-east-1')).getWorkflowRun(input)
    expect(server.seen[0]?.headers.authorization).toContain('Credential=AKIDFROMENVIRONMENT/')
    expect(clients.secrets()).toContain('environment-secret-value')
  })

  it('static credentials are known secrets from the start', () => {
    expect(createMwaaServerlessClients({ credentials }).secrets()).toEqual([credentials.secretAccessKey])
  })

  it('builds the default endpoint from the region (dual-stack api.aws; api.amazonwebservices.com.cn in China)', () => {
    expect(defaultEndpoint('us-east-1')).toBe('https://airflow-serverless.us-east-1.api.aws')
    expect(defaultEndpoint('cn-north-1')).toBe(
      'https://airflow-serverless.cn-north-1.api.amazonwebservices.com.cn',
    )
  })

  it('a user client is used for every region; a factory is called once per region', async () => {
    const user: MwaaServerlessClient = { stopWorkflowRun: vi.fn(), getWorkflowRun: vi.fn() }
    const single = createMwaaServerlessClients({ client: user })
    expect(await single.client('us-east-1')).toBe(user)
    expect(await single.client('eu-west-1')).toBe(user)
    const factory = vi.fn((_region: string) => user)
    const perRegion = createMwaaServerlessClients({ client: factory })
    await perRegion.client('us-east-1')
    await perRegion.client('us-east-1')
    await perRegion.client('eu-west-1')
    expect(factory.mock.calls.map(([region]) => region)).toEqual(['us-east-1', 'eu-west-1'])
  })
})

describe('built-in awsJson1_0 client: responses', () => {
  it('turns epoch-second timestamps into Dates and adds $metadata', async () => {
    const server = await startServer(() => ({
      body: JSON.stringify({
        WorkflowArn: input.WorkflowArn,
        RunId: 'run1',
        RunDetail: {
          RunState: 'SUCCESS',
          StartedOn: 1700000000.5,
          CreatedAt: 1700000000,
          CompletedOn: 1700000060,
          ModifiedAt: 'garbage',
          Duration: 60,
        },
      }),
    }))
    const output = await clientFor(server.endpoint).getWorkflowRun(input)
    expect(output.RunDetail?.StartedOn).toEqual(new Date(1700000000500))
    expect(output.RunDetail?.CreatedAt).toEqual(new Date(1700000000000))
    expect(output.RunDetail?.CompletedOn).toEqual(new Date(1700000060000))
    expect(output.RunDetail?.ModifiedAt).toBeUndefined()
    expect(output.RunDetail?.Duration).toBe(60)
    expect(output.$metadata).toEqual({
      httpStatusCode: 200,
      requestId: 'req-123',
      attempts: 1,
      totalRetryDelay: 0,
    })
  })

  it.each([
    [
      'a namespaced __type',
      400,
      {},
      { __type: 'com.amazonaws.mwaaserverless#ValidationException', Message: 'bad', Reason: 'other' },
      'ValidationException',
    ],
    [
      'x-amzn-errortype with a Coral suffix (wins over the body)',
      400,
      {
        'x-amzn-errortype':
          'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.mwaaserverless/',
      },
      { __type: 'SomethingElse', message: 'slow down' },
      'ThrottlingException',
    ],
    ['a body "code"', 403, {}, { code: 'AccessDeniedException', message: 'no' }, 'AccessDeniedException'],
    ['an empty body', 503, {}, '', '503'],
    ['an HTML page', 502, { 'content-type': 'text/html' }, '<html><body>Bad Gateway</body></html>', '502'],
    ['broken JSON', 500, {}, '{"__type":', '500'],
  ])(
    'an error answer with %s throws a ServiceException-shaped error',
    async (_what, status, headers, body, name) => {
      const server = await startServer(() => ({
        status,
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }))
      const error = await rejection(clientFor(server.endpoint).stopWorkflowRun(input))
      expect(error).toBeInstanceOf(AwsJsonServiceError)
      expect(error.name).toBe(name)
      expect(error.$fault).toBe(status >= 500 ? 'server' : 'client')
      expect(error.$metadata).toEqual({
        httpStatusCode: status,
        requestId: 'req-123',
        attempts: 1,
        totalRetryDelay: 0,
      })
      expect(typeof error.message).toBe('string')
      expect(String(error.message)).not.toBe('')
    },
  )

  it('keeps modelled members and reads RetryAfterSeconds from the body or the Retry-After header', async () => {
    let withBody = true
    const server = await startServer(() => ({
      status: 400,
      headers: { 'retry-after': '7' },
      body: JSON.stringify({
        __type: 'com.amazonaws.mwaaserverless#ThrottlingException',
        Message: 'Rate exceeded',
        QuotaCode: 'L-1',
        ServiceCode: 'airflow-serverless',
        ...(withBody ? { RetryAfterSeconds: 2 } : {}),
      }),
    }))
    const fromBody = await rejection(clientFor(server.endpoint).getWorkflowRun(input))
    expect(fromBody).toMatchObject({
      name: 'ThrottlingException',
      Message: 'Rate exceeded',
      message: 'Rate exceeded',
      RetryAfterSeconds: 2,
      QuotaCode: 'L-1',
      ServiceCode: 'airflow-serverless',
    })
    withBody = false
    const fromHeader = await rejection(clientFor(server.endpoint).getWorkflowRun(input))
    expect(fromHeader.RetryAfterSeconds).toBe(7)
  })

  it.each([
    ['an empty body', ''],
    ['plain text', 'OK'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
  ])('a 200 with %s throws an UnknownError carrying HTTP 200, never crashes', async (_what, body) => {
    const server = await startServer(() => ({ body }))
    const error = await rejection(clientFor(server.endpoint).getWorkflowRun(input))
    expect(error.name).toBe('UnknownError')
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(200)
  })
})

describe('built-in awsJson1_0 client: abort', () => {
  it('the abort signal cancels a request in flight', async () => {
    const delayMs = 3_000
    const server = await startServer(() => ({ body: '{}', delayMs }))
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 50)
    const error = await rejection(
      clientFor(server.endpoint).getWorkflowRun(input, { abortSignal: controller.signal }),
    )
    expect(error.name).toBe('AbortError')
    // Ended well before the answer came: a bound set by the answer, not by how fast the machine is.
    expect(Date.now() - started).toBeLessThan(delayMs / 2)
    expect(server.seen).toHaveLength(1)
  })

  it('an already-aborted signal sends nothing', async () => {
    const server = await startServer()
    const controller = new AbortController()
    controller.abort()
    const error = await rejection(
      clientFor(server.endpoint).stopWorkflowRun(input, { abortSignal: controller.signal }),
    )
    expect(error.name).toBe('AbortError')
    expect(server.seen).toHaveLength(0)
  })

  it('a refused connection rejects with a socket error (mapped to NETWORK by mapError)', async () => {
    const server = await startServer()
    const endpoint = server.endpoint
    const [closing] = servers.splice(0)
    await new Promise((resolve) => closing?.close(resolve))
    const error = await rejection(clientFor(endpoint).getWorkflowRun(input))
    expect(error.code).toBe('ECONNREFUSED')
  })
})

describe('the built-in client loads its HTTP and signing stacks on first use', () => {
  it('importing and constructing the adapter load no @smithy module; the first call does (fresh Node process)', async () => {
    // require.cache lists every CommonJS module loaded; the @smithy packages' `main` is their CJS build.
    const dist = new URL('../dist/index.js', import.meta.url).href
    const script = `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const loaded = () => Object.keys(require.cache).filter((k) => k.includes('@smithy')).length > 0
      const { createMwaaServerlessAdapter } = await import(${JSON.stringify(dist)})
      const adapter = createMwaaServerlessAdapter({
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'AKIDLAZY', secretAccessKey: 'lazy-test-secret-value' },
      })
      const handle = adapter.validate({ provider: 'mwaa-serverless', workflowArn: '${input.WorkflowArn}', runId: 'run1' })._unsafeUnwrap()
      const afterConstruct = loaded()
      const result = await adapter.doGet(handle, { signal: new AbortController().signal })
      console.log(JSON.stringify({ afterConstruct, afterCall: loaded(), code: result.isErr() ? result.error.code : 'ok' }))
    `
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 15_000,
    })
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      afterConstruct: false,
      afterCall: true,
      code: 'NETWORK',
    })
  })
})
