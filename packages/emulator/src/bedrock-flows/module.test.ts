import http from 'node:http'
import {
  BedrockAgentRuntimeClient,
  GetFlowExecutionCommand,
  StopFlowExecutionCommand,
} from '@aws-sdk/client-bedrock-agent-runtime'
import { Hash } from '@smithy/hash-node'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../start-emulator.js'
import { FLOW_EXECUTION_TIMEOUT_MS } from './module.js'

let emulator: Emulator
const clients: BedrockAgentRuntimeClient[] = []

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  for (const client of clients) client.destroy()
  await emulator.close()
})

type Transport = { name: string; httpVersion: '1.1' | '2'; handler: () => NodeHttpHandler | undefined }
const TRANSPORTS: Transport[] = [
  { name: 'the SDK default handler (HTTP/2, h2c)', httpVersion: '2', handler: () => undefined },
  { name: 'NodeHttpHandler (HTTP/1.1)', httpVersion: '1.1', handler: () => new NodeHttpHandler() },
]

function clientFor(
  transport: Transport,
  options: { region?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): BedrockAgentRuntimeClient {
  const requestHandler = transport.handler()
  const client = new BedrockAgentRuntimeClient({
    region: options.region ?? 'us-east-1',
    endpoint: emulator.endpoints.bedrockFlows,
    maxAttempts: 1,
    credentials: {
      accessKeyId: options.accessKeyId ?? emulator.credentials.aws.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? emulator.credentials.aws.secretAccessKey,
    },
    ...(requestHandler ? { requestHandler } : {}),
  })
  clients.push(client)
  return client
}

function ids(handle: Record<string, string | undefined>) {
  return {
    flowIdentifier: handle.flowIdentifier as string,
    flowAliasIdentifier: handle.flowAliasIdentifier as string,
    executionIdentifier: handle.executionIdentifier as string,
  }
}

/** The SDK error a promise rejects with (fails the test when it resolves). */
async function sdkError(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as Error & {
      $metadata: { httpStatusCode?: number; requestId?: string }
      $fault?: string
      $response?: { headers: Record<string, string> }
    }
  }
  throw new Error('expected the call to fail')
}

describe.each(TRANSPORTS)('Bedrock flows emulator through $name', (transport) => {
  it('GetFlowExecution answers the stored execution in the SDK shape', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const client = clientFor(transport)
    const before = emulator.requests.length
    const out = await client.send(new GetFlowExecutionCommand(ids(handle)))
    expect(out.status).toBe('Running')
    expect(out.flowIdentifier).toBe(handle.flowIdentifier)
    expect(out.flowAliasIdentifier).toBe(handle.flowAliasIdentifier)
    expect(out.flowVersion).toBe('1')
    expect(out.executionArn).toBe(
      `arn:aws:bedrock:us-east-1:123456789012:flow/${handle.flowIdentifier}/alias/${handle.flowAliasIdentifier}/execution/${handle.executionIdentifier}`,
    )
    expect(out.startedAt).toBeInstanceOf(Date)
    expect(Math.abs((out.startedAt as Date).getTime() - Date.now())).toBeLessThan(5_000)
    expect(out.endedAt).toBeUndefined()
    expect(out.errors).toBeUndefined()
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    const logged = emulator.requests.slice(before)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({
      provider: 'bedrock-flows',
      operation: 'GetFlowExecution',
      kind: 'get',
      region: 'us-east-1',
      httpVersion: transport.httpVersion,
      status: 200,
      params: ids(handle),
    })
  })

  it('StopFlowExecution aborts a running execution at once; a second stop is a ConflictException', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const client = clientFor(transport)
    const stopped = await client.send(new StopFlowExecutionCommand(ids(handle)))
    expect(stopped.status).toBe('Aborted')
    expect(stopped.executionArn).toContain(`/execution/${handle.executionIdentifier}`)
    const after = await client.send(new GetFlowExecutionCommand(ids(handle)))
    expect(after.status).toBe('Aborted')
    expect(after.endedAt).toBeInstanceOf(Date)
    const again = await sdkError(client.send(new StopFlowExecutionCommand(ids(handle))))
    expect(again.name).toBe('ConflictException')
    expect(again.$metadata.httpStatusCode).toBe(409)
    expect(again.message).toContain('Aborted')
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'StopFlowExecution',
      kind: 'stop',
      status: 409,
    })
  })

  it.each(['Succeeded', 'Failed', 'TimedOut'])(
    'a stop of a %s execution is a ConflictException',
    async (status) => {
      const handle = emulator.createRun('bedrock-flows', { status })
      const error = await sdkError(clientFor(transport).send(new StopFlowExecutionCommand(ids(handle))))
      expect(error.name).toBe('ConflictException')
      expect(error.$metadata.httpStatusCode).toBe(409)
      const out = await clientFor(transport).send(new GetFlowExecutionCommand(ids(handle)))
      expect(out.status).toBe(status)
      expect(out.endedAt).toBeInstanceOf(Date)
    },
  )

  it('failed and timed-out executions carry errors[]', async () => {
    const client = clientFor(transport)
    const failed = emulator.createRun('bedrock-flows', {
      status: 'Failed',
      errorMessage: 'Prompt node failed',
    })
    const f = await client.send(new GetFlowExecutionCommand(ids(failed)))
    expect(f.errors).toEqual([{ nodeName: 'FlowOutputNode', message: 'Prompt node failed' }])
    const timedOut = emulator.createRun('bedrock-flows', { status: 'TimedOut' })
    const t = await client.send(new GetFlowExecutionCommand(ids(timedOut)))
    expect(t.errors?.[0]?.error).toBe('ExecutionTimedOut')
  })

  it('a missing execution is ResourceNotFoundException (404)', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const client = clientFor(transport)
    for (const command of [
      new GetFlowExecutionCommand({ ...ids(handle), executionIdentifier: 'no-such-execution' }),
      new StopFlowExecutionCommand({ ...ids(handle), executionIdentifier: 'no-such-execution' }),
      new GetFlowExecutionCommand({ ...ids(handle), flowAliasIdentifier: 'OTHERALIAS' }),
    ]) {
      const error = await sdkError(client.send(command as GetFlowExecutionCommand))
      expect(error.name).toBe('ResourceNotFoundException')
      expect(error.$metadata.httpStatusCode).toBe(404)
    }
  })

  it('executions are regional: the credential-scope region decides, another region does not find it', async () => {
    const handle = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    expect(handle.region).toBe('eu-west-1')
    const wrong = await sdkError(clientFor(transport).send(new GetFlowExecutionCommand(ids(handle))))
    expect(wrong.name).toBe('ResourceNotFoundException')
    expect(emulator.requests.at(-1)?.region).toBe('us-east-1')
    const out = await clientFor(transport, { region: 'eu-west-1' }).send(
      new GetFlowExecutionCommand(ids(handle)),
    )
    expect(out.executionArn).toMatch(/^arn:aws:bedrock:eu-west-1:/)
    expect(emulator.requests.at(-1)?.region).toBe('eu-west-1')
  })

  it('accepts the ARN forms the model allows, percent-encoded in the path', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const { flowIdentifier: f, flowAliasIdentifier: a, executionIdentifier: e } = ids(handle)
    const flowArn = `arn:aws:bedrock:us-east-1:123456789012:flow/${f}`
    const out = await clientFor(transport).send(
      new GetFlowExecutionCommand({
        flowIdentifier: flowArn,
        flowAliasIdentifier: `${flowArn}/alias/${a}`,
        executionIdentifier: `${flowArn}/alias/${a}/execution/${e}`,
      }),
    )
    expect(out.status).toBe('Running')
  })

  it.each([
    ['a/b', 'executionIdentifier'],
    ['../x', 'executionIdentifier'],
    ['has space', 'executionIdentifier'],
    ['x'.repeat(37), 'executionIdentifier'],
    ['SHORT', 'flowIdentifier'],
  ])('an identifier breaking the model (%s in %s) is a ValidationException (400)', async (value, field) => {
    const handle = emulator.createRun('bedrock-flows')
    const error = await sdkError(
      clientFor(transport).send(new GetFlowExecutionCommand({ ...ids(handle), [field]: value })),
    )
    expect(error.name).toBe('ValidationException')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toContain(field)
  })

  it('a wrong secret is InvalidSignatureException and an unknown key UnrecognizedClientException (403)', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const badSecret = await sdkError(
      clientFor(transport, { secretAccessKey: 'not-the-emulator-secret-at-all' }).send(
        new StopFlowExecutionCommand(ids(handle)),
      ),
    )
    expect(badSecret.name).toBe('InvalidSignatureException')
    expect(badSecret.$metadata.httpStatusCode).toBe(403)
    expect(badSecret.message).not.toContain('not-the-emulator-secret-at-all')
    const unknownKey = await sdkError(
      clientFor(transport, { accessKeyId: 'AKIDUNKNOWNKEY' }).send(new GetFlowExecutionCommand(ids(handle))),
    )
    expect(unknownKey.name).toBe('UnrecognizedClientException')
    expect(unknownKey.$metadata.httpStatusCode).toBe(403)
    // Nothing was stopped by the unauthenticated stop.
    const out = await clientFor(transport).send(new GetFlowExecutionCommand(ids(handle)))
    expect(out.status).toBe('Running')
  })

  it.each([
    ['ResourceNotFoundException', 404, 'client'],
    ['ConflictException', 409, 'client'],
    ['ValidationException', 400, 'client'],
    ['InternalServerException', 500, 'server'],
    ['DependencyFailedException', 424, 'client'],
    ['BadGatewayException', 502, 'server'],
    ['ThrottlingException', 429, 'client'],
    ['AccessDeniedException', 403, 'client'],
    ['ServiceQuotaExceededException', 400, 'client'],
    ['ExpiredTokenException', 403, 'client'],
    ['IncompleteSignatureException', 403, 'client'],
    ['MissingAuthenticationTokenException', 403, 'client'],
    ['InvalidClientTokenId', 403, 'client'],
  ])('an injected %s reaches the SDK with status %i', async (code, status, fault) => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'stop', code, retryAfterSeconds: 3 })
    const error = await sdkError(clientFor(transport).send(new StopFlowExecutionCommand(ids(handle))))
    expect(error.name).toBe(code)
    expect(error.$metadata.httpStatusCode).toBe(status)
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    // Modeled errors carry the model's fault; unmodeled ones fall back by HTTP status.
    expect(error.$fault).toBe(fault)
    expect(error.$response?.headers['retry-after']).toBe('3')
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'StopFlowExecution',
      errorCode: code,
      status,
    })
    // The fault answered instead of the stop: the execution still runs.
    const out = await clientFor(transport).send(new GetFlowExecutionCommand(ids(handle)))
    expect(out.status).toBe('Running')
  })
})

describe('Bedrock flows emulator, requests the SDK would not send', () => {
  async function send(options: { method: string; path: string; sign?: boolean }) {
    const url = new URL(emulator.endpoints.bedrockFlows)
    let headers: Record<string, string> = { host: url.host }
    if (options.sign !== false) {
      const signer = new SignatureV4({
        service: 'bedrock',
        region: 'us-east-1',
        sha256: Hash.bind(null, 'sha256'),
        credentials: {
          accessKeyId: emulator.credentials.aws.accessKeyId,
          secretAccessKey: emulator.credentials.aws.secretAccessKey,
        },
      })
      const signed = await signer.sign(
        new HttpRequest({
          method: options.method,
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: options.path,
          headers,
        }),
      )
      headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, String(v)]))
    }
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = http.request(
          { host: url.hostname, port: url.port, method: options.method, path: options.path, headers },
          (res) => {
            let body = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              body += chunk
            })
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
          },
        )
        req.on('error', reject)
        req.end()
      },
    )
  }

  it('an unsigned request is MissingAuthenticationTokenException', async () => {
    const res = await send({
      method: 'GET',
      path: '/flows/ABCDEFGHIJ/aliases/ABCDEFGHIJ/executions/x',
      sign: false,
    })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toMatch(/^MissingAuthenticationTokenException:/)
    expect(JSON.parse(res.body)).toEqual({ message: expect.any(String) })
  })

  it('an unknown path or method is UnknownOperationException (404)', async () => {
    for (const [method, path] of [
      ['GET', '/flows/ABCDEFGHIJ'],
      ['DELETE', '/flows/ABCDEFGHIJ/aliases/ABCDEFGHIJ/executions/x'],
      ['GET', '/flows/ABCDEFGHIJ/aliases/ABCDEFGHIJ/executions/x/stop'],
    ] as const) {
      const res = await send({ method, path })
      expect(res.status).toBe(404)
      expect(res.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException/)
    }
  })

  it('broken percent-encoding in a label is a ValidationException, not a crash', async () => {
    const res = await send({
      method: 'GET',
      path: '/flows/ABCDEFGHIJ/aliases/ABCDEFGHIJ/executions/%E0%A4%A',
    })
    expect(res.status).toBe(400)
    expect(res.headers['x-amzn-errortype']).toBe('ValidationException')
    expect(JSON.parse(res.body).message).toContain('executionIdentifier')
  })

  it('a running execution is on the 24-hour timeout clock', () => {
    emulator.createRun('bedrock-flows')
    const run = emulator.runs('bedrock-flows').at(-1)
    expect(run?.status).toBe('Running')
    expect(run?.transition).toEqual({
      to: 'TimedOut',
      at: (run?.startedAt as number) + FLOW_EXECUTION_TIMEOUT_MS,
    })
  })
})
