import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, type RunAdapter, type RunError } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** A session token and secret the provider's error body echoes back (as some gateways do). */
const AWS_TOKEN = 'IQoJb3JpZ2luX2VjEDoaCXVzLWVhc3QtMSJHMEUCIQDrunstopFAKEsessionTOKEN0123456789'
const ALIBABA_TOKEN = 'CAIS8gF1q6Ft5B2yfSjIr5bLrunstopFAKEsecurityTOKEN0123456789abcdef'

let emulator: Emulator
let proxy: http.Server
let proxyUrl: string
let upstream = ''

/**
 * An HTTP/1.1 proxy in front of the emulator that forwards every request unchanged (headers and
 * signature included) and, on an error answer, writes the request's security token into the
 * body's message: what a provider or gateway that echoes the request does.
 */
beforeAll(async () => {
  emulator = await startEmulator()
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const token = String(req.headers['x-amz-security-token'] ?? req.headers['x-acs-security-token'] ?? '')
      const target = new URL(req.url ?? '/', upstream)
      const forwarded = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = []
        answer.on('data', (chunk: Buffer) => body.push(chunk))
        answer.on('end', () => {
          let text = Buffer.concat(body).toString('utf8')
          if ((answer.statusCode ?? 0) >= 400)
            text = text.replace(/"(message|Message)"\s*:\s*"/, `"$1":"token ${token} was refused; `)
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) }
          res.writeHead(answer.statusCode ?? 500, headers)
          res.end(text)
        })
      })
      forwarded.on('error', () => res.destroy())
      forwarded.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})
afterAll(async () => {
  proxy?.closeAllConnections()
  await new Promise((resolve) => proxy?.close(resolve))
  await emulator?.close()
})

/** Every way a RunError gets printed. */
function everyPrint(error: RunError): string {
  return [
    error.message,
    String(error),
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    error.stack ?? '',
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n')
}

const cases: {
  name: string
  provider: 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow'
  token: string
  faultCode: string
  endpoint: () => string
  adapter: (endpoint: string) => RunAdapter
}[] = [
  {
    name: 'mwaa-serverless',
    provider: 'mwaa-serverless',
    token: AWS_TOKEN,
    faultCode: 'AccessDeniedException',
    endpoint: () => emulator.endpoints.mwaaServerless,
    adapter: (endpoint) =>
      createMwaaServerlessAdapter({
        endpoint,
        credentials: { ...emulator.credentials.aws, sessionToken: AWS_TOKEN },
      }) as RunAdapter,
  },
  {
    name: 'bedrock-flows, static credentials',
    provider: 'bedrock-flows',
    token: AWS_TOKEN,
    faultCode: 'AccessDeniedException',
    endpoint: () => emulator.endpoints.bedrockFlows,
    adapter: (endpoint) =>
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint,
        credentials: { ...emulator.credentials.aws, sessionToken: AWS_TOKEN },
        // The proxy speaks HTTP/1.1.
        requestHandler: new NodeHttpHandler(),
      }) as RunAdapter,
  },
  {
    name: 'bedrock-flows, a credential provider',
    provider: 'bedrock-flows',
    token: AWS_TOKEN,
    faultCode: 'AccessDeniedException',
    endpoint: () => emulator.endpoints.bedrockFlows,
    // A credential provider: the adapter learns the token only when the SDK resolves it.
    adapter: (endpoint) =>
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint,
        credentials: async () => ({ ...emulator.credentials.aws, sessionToken: AWS_TOKEN }),
        requestHandler: new NodeHttpHandler(),
      }) as RunAdapter,
  },
  {
    name: 'alibaba-cloudflow',
    provider: 'alibaba-cloudflow',
    token: ALIBABA_TOKEN,
    faultCode: 'AccessDenied',
    endpoint: () => emulator.endpoints.alibabaCloudFlow,
    adapter: (endpoint) =>
      createAlibabaCloudFlowAdapter({
        region: 'cn-hangzhou',
        endpoint,
        credentials: { ...emulator.credentials.alibaba, securityToken: ALIBABA_TOKEN },
      }) as RunAdapter,
  },
]

describe('a provider error that echoes the session token: no printing path shows it', () => {
  it.each(cases)('$name', async ({ provider, token, faultCode, endpoint, adapter }) => {
    upstream = endpoint()
    const runs = createRunController({ adapters: [adapter(proxyUrl)], retry: false })
    const handle = emulator.createRun(provider)
    for (const operation of ['stop', 'get'] as const) {
      emulator.injectFault({ provider, operation, code: faultCode })
      const result = operation === 'stop' ? await runs.stop(handle) : await runs.get(handle)
      const error = result._unsafeUnwrapErr()
      expect(error.code).toBe('ACCESS_DENIED')
      // The echo reached the client (scrubbed from the message).
      expect(error.message).toContain('[REDACTED]')
      const printed = everyPrint(error)
      expect(printed).not.toContain(token)
      expect(printed).not.toMatch(/Signature=[0-9a-f]{16}/)
      expect(printed).not.toContain(emulator.credentials.aws.secretAccessKey)
      expect(printed).not.toContain(emulator.credentials.alibaba.accessKeySecret)
    }
    await runs.close()
  })
})
