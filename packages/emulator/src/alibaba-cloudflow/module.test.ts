import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type * as OpenApiModule from '@alicloud/openapi-client'
import type * as OpenApiUtilModule from '@alicloud/openapi-util'
import type * as TeaUtilModule from '@alicloud/tea-util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_EMULATOR_CREDENTIALS, type Emulator, startEmulator } from '../start-emulator.js'
import { ERROR_TABLE, MAX_PAYLOAD_BYTES } from './errors.js'

/**
 * The emulator against the real Alibaba Cloud clients:
 * - `@alicloud/openapi-client` `callApi`, default signing: ACS3-HMAC-SHA256 (`Authorization` header);
 * - the same client with `signatureAlgorithm: 'v2'`: v1 HMAC-SHA1 RPC signing (`Signature` in the query);
 * - `@alicloud/fnf-2019-03-15` 1.2.0 (a `@alicloud/pop-core` RPCClient): v1 HMAC-SHA1, GET query or POST form.
 */

interface PopCoreError extends Error {
  code: string
  data: Record<string, unknown>
  entry: { response: { statusCode: number } }
}
interface FnFClient {
  stopExecution(params: Record<string, string>): Promise<Record<string, unknown>>
  describeExecution(params: Record<string, string>): Promise<Record<string, unknown>>
}
// The Alibaba SDKs are CommonJS; `require` gives the same module object under Node and vitest.
const require = createRequire(import.meta.url)
const OpenApi = require('@alicloud/openapi-client') as typeof OpenApiModule.default
const OpenApiUtil = require('@alicloud/openapi-util') as typeof OpenApiUtilModule.default
const TeaUtil = require('@alicloud/tea-util') as typeof TeaUtilModule.default
const FnF = require('@alicloud/fnf-2019-03-15') as new (config: {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
  opts?: Record<string, unknown>
}) => FnFClient

interface TeaError extends Error {
  code: string
  statusCode?: number
  data?: Record<string, unknown>
}

let emulator: Emulator
const STOP_DELAY_MS = 150

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: STOP_DELAY_MS })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
})

type Signer = 'acs3' | 'v1-openapi' | 'v1-pop'
const SIGNERS: Signer[] = ['acs3', 'v1-openapi', 'v1-pop']

interface Credentials {
  accessKeyId?: string
  accessKeySecret?: string
  securityToken?: string
}

function openApiClient(signer: 'acs3' | 'v1-openapi', credentials: Credentials = {}) {
  const url = new URL(emulator.endpoints.alibabaCloudFlow)
  return new OpenApi.default(
    new OpenApi.Config({
      accessKeyId: credentials.accessKeyId ?? emulator.credentials.alibaba.accessKeyId,
      accessKeySecret: credentials.accessKeySecret ?? emulator.credentials.alibaba.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
      endpoint: url.host,
      protocol: url.protocol.replace(':', ''),
      ...(signer === 'v1-openapi' ? { signatureAlgorithm: 'v2' } : {}),
      readTimeout: 5000,
      connectTimeout: 5000,
    }),
  )
}

/** One call through `callApi`, as the generated fnf20190315 SDK makes it: stop POSTs a form, describe GETs a query. */
async function callApi(
  signer: 'acs3' | 'v1-openapi',
  action: string,
  params: Record<string, string>,
  options: { credentials?: Credentials; version?: string; method?: 'GET' | 'POST' } = {},
): Promise<Record<string, unknown>> {
  const method = options.method ?? (action === 'DescribeExecution' ? 'GET' : 'POST')
  const client = openApiClient(signer, options.credentials)
  const response = await client.callApi(
    new OpenApi.Params({
      action,
      version: options.version ?? '2019-03-15',
      protocol: 'HTTP',
      pathname: '/',
      method,
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new OpenApi.OpenApiRequest(method === 'GET' ? { query: params } : { body: params }),
    new TeaUtil.RuntimeOptions({ autoretry: false, maxAttempts: 1 }),
  )
  expect(response.statusCode).toBe(200)
  return response.body as Record<string, unknown>
}

function popClient(credentials: Credentials = {}): FnFClient {
  return new FnF({
    endpoint: emulator.endpoints.alibabaCloudFlow,
    accessKeyId: credentials.accessKeyId ?? emulator.credentials.alibaba.accessKeyId,
    accessKeySecret: credentials.accessKeySecret ?? emulator.credentials.alibaba.accessKeySecret,
  })
}

async function describeWith(signer: Signer, params: Record<string, string>, credentials?: Credentials) {
  if (signer === 'v1-pop') return popClient(credentials).describeExecution(params)
  return callApi(signer, 'DescribeExecution', params, credentials ? { credentials } : {})
}

async function stopWith(signer: Signer, params: Record<string, string>, credentials?: Credentials) {
  if (signer === 'v1-pop') return popClient(credentials).stopExecution(params)
  return callApi(signer, 'StopExecution', params, credentials ? { credentials } : {})
}

/** The code and HTTP status of a rejected call, whichever client made it. */
async function failure(
  signer: Signer,
  call: Promise<unknown>,
): Promise<{ code: string; status: number; requestId: unknown; message: string }> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => e,
  )
  if (signer === 'v1-pop') {
    const e = error as PopCoreError
    return {
      code: e.code,
      status: e.entry.response.statusCode,
      requestId: e.data.RequestId,
      message: e.message,
    }
  }
  const e = error as TeaError
  return { code: e.code, status: e.statusCode ?? 0, requestId: e.data?.RequestId, message: e.message }
}

function names(handle: Record<string, string | undefined>) {
  return { FlowName: handle.flowName as string, ExecutionName: handle.executionName as string }
}

function storedRun(handle: Record<string, string | undefined>) {
  return emulator
    .runs('alibaba-cloudflow')
    .find((r) => r.key === `${handle.flowName}/${handle.executionName}`)
}

describe('createRun', () => {
  it('stores a Running execution in cn-hangzhou by default and returns the adapter handle shape', () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    expect(handle).toMatchObject({ provider: 'alibaba-cloudflow', region: 'cn-hangzhou' })
    expect(handle.flowName).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/)
    expect(handle.executionName).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/)
    expect(storedRun(handle)?.status).toBe('Running')
  })

  it('uses given ids, region and status (any case, stored in the API spelling)', () => {
    const handle = emulator.createRun('alibaba-cloudflow', {
      ids: { flowName: 'my_flow', executionName: 'exec-1' },
      region: 'cn-shanghai',
      status: 'timedout',
    })
    expect(handle).toEqual({
      provider: 'alibaba-cloudflow',
      flowName: 'my_flow',
      executionName: 'exec-1',
      region: 'cn-shanghai',
    })
    expect(storedRun(handle)?.status).toBe('TimedOut')
  })
})

describe.each(SIGNERS)('DescribeExecution (%s)', (signer) => {
  it.each(['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'])(
    'answers a %s execution with the seed sample fields',
    async (status) => {
      const handle = emulator.createRun('alibaba-cloudflow', { status })
      const body = await describeWith(signer, names(handle))
      expect(body).toMatchObject({
        Name: handle.executionName,
        FlowName: handle.flowName,
        Status: status,
        Input: '{"key":"value"}',
      })
      expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/)
      expect(typeof body.FlowDefinition).toBe('string')
      expect(new Date(body.StartedTime as string).toISOString()).toBe(body.StartedTime)
      if (status === 'Starting' || status === 'Running') expect(body.StoppedTime).toBeUndefined()
      else expect(new Date(body.StoppedTime as string).toISOString()).toBe(body.StoppedTime)
      if (status === 'Succeeded') expect(body.Output).toBe('{"key":"value"}')
    },
  )

  it('answers FlowNotExists (404) for an unknown flow', async () => {
    const result = await failure(
      signer,
      describeWith(signer, { FlowName: 'no_such_flow', ExecutionName: 'e' }),
    )
    expect(result).toMatchObject({ code: 'FlowNotExists', status: 404 })
    expect(result.message).toContain('Flow no_such_flow does not exist.')
  })

  it('answers ExecutionNotExists (404) for an unknown execution of a known flow', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const result = await failure(
      signer,
      describeWith(signer, { FlowName: handle.flowName as string, ExecutionName: 'missing' }),
    )
    expect(result).toMatchObject({ code: 'ExecutionNotExists', status: 404 })
    expect(result.message).toContain(`Execution missing for flow ${handle.flowName} does not exist.`)
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
  })
})

describe.each(SIGNERS)('StopExecution (%s)', (signer) => {
  it('stores Cause and Error, answers Running (as the seed sample does) and reaches Stopped on the clock', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const body = await stopWith(signer, { ...names(handle), Cause: 'for test', Error: 'E.Manual' })
    expect(body).toMatchObject({ Status: 'Running', Name: handle.executionName, FlowName: handle.flowName })
    expect(typeof body.StoppedTime).toBe('string')
    const run = storedRun(handle)
    expect(run).toMatchObject({ cause: 'for test', error: 'E.Manual' })
    expect((await describeWith(signer, names(handle))).Status).toBe('Running')
    await new Promise((resolve) => setTimeout(resolve, STOP_DELAY_MS + 50))
    const after = await describeWith(signer, names(handle))
    expect(after.Status).toBe('Stopped')
    expect(typeof after.StoppedTime).toBe('string')
  })

  it('stops a Starting execution too', async () => {
    const handle = emulator.createRun('alibaba-cloudflow', { status: 'Starting' })
    const body = await stopWith(signer, names(handle))
    expect(body.Status).toBe('Starting')
    expect(storedRun(handle)?.transition?.to).toBe('Stopped')
  })

  it.each(['Stopped', 'Succeeded', 'Failed', 'TimedOut'])(
    'answers ExecutionAlreadyCompleted (400) for a %s execution and leaves it alone',
    async (status) => {
      const handle = emulator.createRun('alibaba-cloudflow', { status })
      const result = await failure(signer, stopWith(signer, { ...names(handle), Cause: 'late' }))
      expect(result).toMatchObject({ code: 'ExecutionAlreadyCompleted', status: 400 })
      expect(result.message).toContain(
        `Execution '${handle.executionName}' for flow '${handle.flowName}' has already completed.`,
      )
      expect(storedRun(handle)).toMatchObject({ status })
      expect(storedRun(handle)?.cause).toBeUndefined()
    },
  )

  it('answers InvalidArgument (400) for a Cause over 4096 characters or an Error over 128', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const longCause = await failure(signer, stopWith(signer, { ...names(handle), Cause: 'c'.repeat(4097) }))
    expect(longCause).toMatchObject({ code: 'InvalidArgument', status: 400 })
    expect(longCause.message).toContain('Cause must be 1 to 4096 characters')
    const longError = await failure(signer, stopWith(signer, { ...names(handle), Error: 'e'.repeat(129) }))
    expect(longError).toMatchObject({ code: 'InvalidArgument', status: 400 })
    expect(storedRun(handle)?.transition).toBeUndefined()
    const atLimit = await stopWith(signer, {
      ...names(handle),
      Cause: 'c'.repeat(4096),
      Error: 'e'.repeat(128),
    })
    expect(atLimit.Status).toBe('Running')
  })

  it('answers InvalidArgument (400) for a name outside the documented pattern', async () => {
    const result = await failure(
      signer,
      stopWith(signer, { FlowName: '1starts-with-digit', ExecutionName: 'e' }),
    )
    expect(result).toMatchObject({ code: 'InvalidArgument', status: 400 })
  })
})

describe.each(SIGNERS)('authentication (%s)', (signer) => {
  it('answers SignatureNotMatch (403) for a wrong secret', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const credentials = { accessKeySecret: 'definitely-the-wrong-secret' }
    const result = await failure(signer, describeWith(signer, names(handle), credentials))
    expect(result).toMatchObject({ code: 'SignatureNotMatch', status: 403 })
    expect(result.message).not.toContain('definitely-the-wrong-secret')
    const stop = await failure(signer, stopWith(signer, names(handle), credentials))
    expect(stop).toMatchObject({ code: 'SignatureNotMatch', status: 403 })
    expect(storedRun(handle)?.transition).toBeUndefined()
  })

  it('answers InvalidAccessKeyID (403) for an unknown key', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const result = await failure(
      signer,
      describeWith(signer, names(handle), { accessKeyId: 'UnknownTestKeyId' }),
    )
    expect(result).toMatchObject({ code: 'InvalidAccessKeyID', status: 403 })
    expect(result.message).toContain('The AccessKey ID UnknownTestKeyId is invalid.')
  })
})

describe('protocol errors from the real openapi-client', () => {
  it.each(['acs3', 'v1-openapi'] as const)(
    'answers ActionNotSupported for an unknown Action (%s)',
    async (signer) => {
      const result = await failure(signer, callApi(signer, 'ListFlows', {}, { method: 'GET' }))
      expect(result).toMatchObject({ code: 'ActionNotSupported', status: 400 })
      expect(result.message).toContain("The requested API operation 'ListFlows' is incorrect.")
    },
  )

  it.each(['acs3', 'v1-openapi'] as const)(
    'answers APIVersionNotSupported for another Version (%s)',
    async (signer) => {
      const handle = emulator.createRun('alibaba-cloudflow')
      const result = await failure(
        signer,
        callApi(signer, 'DescribeExecution', names(handle), { version: '2020-01-01' }),
      )
      expect(result).toMatchObject({ code: 'APIVersionNotSupported', status: 400 })
      expect(result.message).toContain("'2020-01-01'")
    },
  )

  it.each(['acs3', 'v1-openapi'] as const)(
    'answers MissingRequiredParams for a missing parameter (%s)',
    async (signer) => {
      const handle = emulator.createRun('alibaba-cloudflow')
      const result = await failure(
        signer,
        callApi(signer, 'StopExecution', { FlowName: handle.flowName as string }),
      )
      expect(result).toMatchObject({ code: 'MissingRequiredParams', status: 400 })
      expect(result.message).toContain("The HTTP query 'ExecutionName' must be specified.")
    },
  )

  it('answers EntityTooLarge for a body above the limit', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const result = await failure(
      'acs3',
      callApi('acs3', 'StopExecution', { ...names(handle), Cause: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) }),
    )
    expect(result).toMatchObject({ code: 'EntityTooLarge', status: 400 })
  })

  it('accepts an STS security token (x-acs-security-token) with the key pair', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    const body = await callApi('acs3', 'DescribeExecution', names(handle), {
      credentials: { securityToken: 'sts-token-for-test' },
    })
    expect(body.Status).toBe('Running')
  })
})

describe('hand-signed requests (openapi-util signers, clock and header edge cases)', () => {
  const url = () => emulator.endpoints.alibabaCloudFlow
  const { accessKeyId, accessKeySecret } = DEFAULT_EMULATOR_CREDENTIALS.alibaba
  const timestamp = (offsetMs: number) =>
    new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z')

  async function send(path: string, init: RequestInit) {
    const response = await fetch(`${url()}${path}`, init)
    const text = await response.text()
    return { status: response.status, body: JSON.parse(text) as Record<string, string> }
  }

  function v1Query(params: Record<string, string>, method: string): string {
    const signature = OpenApiUtil.default.getRPCSignature(params, method, accessKeySecret)
    return new URLSearchParams({ ...params, Signature: signature }).toString()
  }

  function v1Params(overrides: Record<string, string> = {}) {
    const handle = emulator.createRun('alibaba-cloudflow')
    return {
      Action: 'DescribeExecution',
      Version: '2019-03-15',
      Format: 'JSON',
      AccessKeyId: accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: `nonce-${Math.random()}`,
      Timestamp: timestamp(0),
      ...names(handle),
      ...overrides,
    }
  }

  it('accepts a v1 request signed by openapi-util getRPCSignature', async () => {
    const { status, body } = await send(`/?${v1Query(v1Params(), 'GET')}`, { method: 'GET' })
    expect(status).toBe(200)
    expect(body.Status).toBe('Running')
  })

  it('answers RequestTimeTooSkewed (403) for a v1 Timestamp 20 minutes off', async () => {
    const { status, body } = await send(
      `/?${v1Query(v1Params({ Timestamp: timestamp(-20 * 60_000) }), 'GET')}`,
      {
        method: 'GET',
      },
    )
    expect(status).toBe(403)
    expect(body.Code).toBe('RequestTimeTooSkewed')
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'RequestId'])
  })

  it('answers SignatureNotMatch when a signed parameter is changed after signing', async () => {
    const params = v1Params()
    const query = new URLSearchParams(v1Query(params, 'GET'))
    query.set('ExecutionName', 'tampered')
    const { status, body } = await send(`/?${query}`, { method: 'GET' })
    expect(status).toBe(403)
    expect(body.Code).toBe('SignatureNotMatch')
  })

  function acs3Request(headersOverride: Record<string, string | undefined>, dateOffsetMs = 0) {
    const handle = emulator.createRun('alibaba-cloudflow')
    const host = new URL(url()).host
    const query = names(handle)
    const headers: Record<string, string> = {
      host,
      'x-acs-action': 'DescribeExecution',
      'x-acs-version': '2019-03-15',
      'x-acs-date': timestamp(dateOffsetMs),
      'x-acs-signature-nonce': `nonce-${Math.random()}`,
      'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
    }
    const payload = headers['x-acs-content-sha256'] as string
    const authorization = OpenApiUtil.default.getAuthorization(
      { method: 'GET', pathname: '/', query, headers } as never,
      'ACS3-HMAC-SHA256',
      payload,
      accessKeyId,
      accessKeySecret,
    )
    const sent: Record<string, string> = { ...headers, authorization }
    for (const [name, value] of Object.entries(headersOverride)) {
      if (value === undefined) delete sent[name]
      else sent[name] = value
    }
    delete sent.host
    return { path: `/?${new URLSearchParams(query)}`, headers: sent }
  }

  it('accepts an ACS3 request signed by openapi-util getAuthorization', async () => {
    const { path, headers } = acs3Request({})
    const { status, body } = await send(path, { method: 'GET', headers })
    expect(status).toBe(200)
    expect(body.Status).toBe('Running')
  })

  it('answers RequestTimeTooSkewed (403) for an x-acs-date 20 minutes ahead', async () => {
    const { path, headers } = acs3Request({}, 20 * 60_000)
    const { status, body } = await send(path, { method: 'GET', headers })
    expect(status).toBe(403)
    expect(body.Code).toBe('RequestTimeTooSkewed')
    expect(body.Message).toMatch(
      /^The difference between the request time .+ and the current time .+ is too large\.$/,
    )
  })

  it('answers MissingRequiredHeader (400) without x-acs-date', async () => {
    const { path, headers } = acs3Request({ 'x-acs-date': undefined })
    const { status, body } = await send(path, { method: 'GET', headers })
    expect(status).toBe(400)
    expect(body).toMatchObject({
      Code: 'MissingRequiredHeader',
      Message: "The HTTP header 'x-acs-date' must be specified.",
    })
  })

  it('answers SignatureNotMatch (403) when x-acs-action is changed after signing', async () => {
    const { path, headers } = acs3Request({ 'x-acs-action': 'StopExecution' })
    const { status, body } = await send(path, { method: 'GET', headers })
    expect(status).toBe(403)
    expect(body.Code).toBe('SignatureNotMatch')
  })

  it('answers UnsupportedMediaType (415) for a body that is neither form nor JSON', async () => {
    const { status, body } = await send('/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'FlowName=a',
    })
    expect(status).toBe(415)
    expect(body.Code).toBe('UnsupportedMediaType')
  })

  it.each([
    ['an unsigned request', '/', { method: 'GET' }, 'MissingRequiredParams'],
    [
      'garbage Authorization',
      '/',
      { method: 'GET', headers: { authorization: 'ACS3-HMAC-SHA256 nonsense' } },
      'SignatureNotMatch',
    ],
    [
      'a malformed JSON body',
      '/',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' },
      'InvalidArgument',
    ],
    [
      'a JSON array body',
      '/',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' },
      'InvalidArgument',
    ],
    ['bad percent-encoding', '/?%E0%A4%A=1&Signature=%', { method: 'GET' }, 'MissingRequiredParams'],
  ] as const)('answers %s with a documented error, never a crash', async (_name, path, init, code) => {
    const { status, body } = await send(path, init as RequestInit)
    expect(body.Code).toBe(code)
    expect(status).toBe(ERROR_TABLE[code].status)
    expect(typeof body.RequestId).toBe('string')
  })
})

describe('fault injection: every code of the seed table, with its HTTP status', () => {
  const codes = Object.entries(ERROR_TABLE) as [keyof typeof ERROR_TABLE, { status: number }][]

  it('covers the seventeen documented codes', () => {
    expect(codes).toHaveLength(17)
  })

  it.each(codes)('openapi-client (ACS3): %s → HTTP %j', async (code, { status }) => {
    const handle = emulator.createRun('alibaba-cloudflow')
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'stop', code })
    const result = await failure('acs3', stopWith('acs3', names(handle)))
    expect(result).toMatchObject({ code, status })
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
  })

  it.each(codes)('fnf-2019-03-15 (pop-core, v1): %s → HTTP %j', async (code, { status }) => {
    const handle = emulator.createRun('alibaba-cloudflow')
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'DescribeExecution', code })
    const result = await failure('v1-pop', describeWith('v1-pop', names(handle)))
    expect(result).toMatchObject({ code, status })
  })

  it('answers ResourceThrottled under a throttling mix and logs it', async () => {
    const handle = emulator.createRun('alibaba-cloudflow')
    emulator.clearRequests()
    emulator.setFaults({ provider: 'alibaba-cloudflow', throttleRate: 1, seed: 3 })
    const result = await failure('v1-openapi', describeWith('v1-openapi', names(handle)))
    expect(result).toMatchObject({ code: 'ResourceThrottled', status: 429 })
    expect(emulator.requests.at(-1)).toMatchObject({
      provider: 'alibaba-cloudflow',
      operation: 'DescribeExecution',
      kind: 'get',
      status: 429,
      errorCode: 'ResourceThrottled',
      params: { FlowName: handle.flowName, ExecutionName: handle.executionName },
    })
  })
})
