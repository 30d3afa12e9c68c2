import { createHash } from 'node:crypto'
import { getEventListeners } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createKeepAliveHandler } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAwsJsonClients, createAwsJsonTransport } from './aws-json-transport.js'

// The client over real HTTP: against the emulator (which checks SigV4) as MWAA Serverless, and
// against a plain node:http server as a made-up service, to show nothing of MWAA is built in.

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
})

const mwaa = {
  name: 'MWAA Serverless',
  target: 'AmazonMWAAServerless',
  signingName: 'airflow-serverless',
  endpoint: (region: string) => `https://airflow-serverless.${region}.api.aws`,
  timestamps: { RunDetail: ['StartedOn'] },
}

describe('createAwsJsonTransport', () => {
  it('signs requests the service accepts, and reads the answer with Dates and $metadata', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const transport = createAwsJsonTransport(mwaa, {
      endpoint: emulator.endpoints.mwaaServerless,
      credentials: emulator.credentials.aws,
    })
    const output = await transport
      .client('us-east-1')
      .call<Record<string, { RunState?: string; StartedOn?: Date }>>('GetWorkflowRun', {
        WorkflowArn: handle.workflowArn,
        RunId: handle.runId,
      })
    expect(output.RunDetail?.RunState).toBe('RUNNING')
    expect(output.RunDetail?.StartedOn).toBeInstanceOf(Date)
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 })
    expect(transport.secrets()).toEqual([emulator.credentials.aws.secretAccessKey])
    await transport.close()
  })

  it('a wrong secret is refused by the service with its error type', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const transport = createAwsJsonTransport(mwaa, {
      endpoint: emulator.endpoints.mwaaServerless,
      credentials: { ...emulator.credentials.aws, secretAccessKey: 'not-the-secret-key-value' },
    })
    const call = transport
      .client('us-east-1')
      .call('GetWorkflowRun', { WorkflowArn: handle.workflowArn, RunId: handle.runId })
    await expect(call).rejects.toMatchObject({ name: 'InvalidSignatureException', $fault: 'client' })
    await transport.close()
  })

  it('serves any awsJson1_0 service: its target, signing name, region and endpoint path', async () => {
    const seen: http.IncomingMessage[] = []
    const bodies: string[] = []
    const server = http.createServer((req, res) => {
      seen.push(req)
      let body = ''
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8')
      })
      req.on('end', () => {
        bodies.push(body)
        res.end('{"Job":{"Id":"j1"}}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const transport = createAwsJsonTransport(
      { name: 'Acme', target: 'AcmeJobs_20240101', signingName: 'acme-jobs', endpoint: () => 'unused' },
      {
        endpoint: `http://127.0.0.1:${port}/prefix/`,
        credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
      },
    )
    expect(await transport.client('eu-west-3').call('DescribeJob', { Id: 'j1' })).toMatchObject({
      Job: { Id: 'j1' },
    })
    expect(seen[0]?.url).toBe('/prefix/')
    expect(seen[0]?.headers['x-amz-target']).toBe('AcmeJobs_20240101.DescribeJob')
    expect(seen[0]?.headers.authorization).toContain('/eu-west-3/acme-jobs/aws4_request')
    // The signed payload hash is the body's.
    expect(bodies[0]).toBe('{"Id":"j1"}')
    expect(seen[0]?.headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update('{"Id":"j1"}').digest('hex'),
    )
    expect(seen[0]?.headers.authorization).toContain('x-amz-content-sha256')
    await transport.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('the keep-alive handler', () => {
  it('reads answer headers whatever their case, a repeated Retry-After by its first value', async () => {
    const server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () =>
        res
          .writeHead(400, [
            ['X-Amzn-RequestId', 'req-1'],
            ['X-Amzn-ErrorType', 'ThrottlingException'],
            ['Retry-After', '3'],
            ['Retry-After', '9'],
            ['Content-Type', 'application/x-amz-json-1.0'],
          ])
          .end('{"message":"slow down"}'),
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const transport = createAwsJsonTransport(
      { name: 'Acme', target: 'AcmeJobs_20240101', signingName: 'acme-jobs', endpoint: () => 'unused' },
      { endpoint: `http://127.0.0.1:${port}/`, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } },
    )
    await expect(transport.client('eu-west-3').call('DescribeJob', {})).rejects.toMatchObject({
      name: 'ThrottlingException',
      Message: 'slow down',
      RetryAfterSeconds: 3,
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    })
    await transport.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('aborts', () => {
  it('one abort listener per signal, whatever the number of requests; an abort ends every one in flight', async () => {
    const held: http.ServerResponse[] = []
    const server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => (req.url === '/hold' ? held.push(res) : res.end('{}')))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const handler = await createKeepAliveHandler(10)
    const request = (path: string) =>
      ({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        path,
        headers: {},
        body: '{}',
      }) as never
    const controller = new AbortController()
    const signal = controller.signal
    // Sequential requests on a long-lived signal leave one listener, not one each.
    for (let i = 0; i < 5; i++) await handler.handle(request('/'), { abortSignal: signal })
    expect(getEventListeners(signal, 'abort')).toHaveLength(1)
    // Three in flight at once: still one listener; the abort rejects all three.
    const inFlight = [1, 2, 3].map(() => handler.handle(request('/hold'), { abortSignal: signal }))
    await vi.waitFor(() => expect(held).toHaveLength(3))
    expect(getEventListeners(signal, 'abort')).toHaveLength(1)
    controller.abort()
    for (const call of inFlight) await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    await expect(handler.handle(request('/'), { abortSignal: signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
    handler.destroy?.()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('createAwsJsonClients', () => {
  const port = (json: unknown) => ({ json })

  it('builds one client per region on first use, each over the shared transport', () => {
    const clients = createAwsJsonClients(mwaa, { credentials: emulator.credentials.aws }, port)
    const east = clients.client('us-east-1')
    expect(clients.client('us-east-1')).toBe(east)
    expect(clients.client('eu-west-1')).not.toBe(east)
    expect(clients.client()).toBe(east)
    expect(clients.secrets()).toEqual([emulator.credentials.aws.secretAccessKey])
  })

  it("uses the user's client as given, or asks their function once per region", async () => {
    const own = { json: 'mine' }
    const single = createAwsJsonClients(mwaa, { client: own }, port)
    expect(single.client('us-east-1')).toBe(own)
    expect(single.client('eu-west-1')).toBe(own)
    const asked: string[] = []
    const perRegion = createAwsJsonClients(
      mwaa,
      {
        client: (region: string) => {
          asked.push(region)
          return own
        },
      },
      port,
    )
    perRegion.client('us-east-1')
    perRegion.client('us-east-1')
    perRegion.client('eu-west-1')
    expect(asked).toEqual(['us-east-1', 'eu-west-1'])
    await perRegion.close()
  })
})
