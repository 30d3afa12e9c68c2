import type { RunHandle } from '@runstop/core'
import { Hash } from '@smithy/hash-node'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../index.js'
import { KNOWN_ERROR_CODES } from './errors.js'

// Every request here is built and signed with @smithy/signature-v4 directly (not the adapter), so
// these tests pin the wire protocol itself: awsJson1_0 over POST / with SigV4 "airflow-serverless".

interface Reply {
  status: number
  headers: Record<string, string>
  text: string
  json: Record<string, unknown>
}

interface SendOptions {
  target?: string
  body?: string
  region?: string
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
  contentType?: string
  unsigned?: boolean
  method?: string
  path?: string
}

let emulator: Emulator
const handler = new NodeHttpHandler()

async function send(operation: string, input: unknown, options: SendOptions = {}): Promise<Reply> {
  const url = new URL(emulator.endpoints.mwaaServerless)
  const body = options.body ?? JSON.stringify(input)
  const request = new HttpRequest({
    method: options.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path ?? '/',
    headers: {
      host: url.host,
      'content-type': options.contentType ?? 'application/x-amz-json-1.0',
      'x-amz-target': options.target ?? `AmazonMWAAServerless.${operation}`,
    },
    body,
  })
  const signer = new SignatureV4({
    service: 'airflow-serverless',
    region: options.region ?? 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: {
      accessKeyId: options.accessKeyId ?? emulator.credentials.aws.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? emulator.credentials.aws.secretAccessKey,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
  })
  const signed = options.unsigned ? request : await signer.sign(request)
  const { response } = await handler.handle(signed as HttpRequest)
  const chunks: Buffer[] = []
  for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk))
  const text = Buffer.concat(chunks).toString('utf8')
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // not JSON (an HTML fault page, say)
  }
  return { status: response.statusCode, headers: response.headers, text, json }
}

const runInput = (handle: RunHandle) => ({
  WorkflowArn: handle.workflowArn,
  RunId: handle.runId,
})

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 150 })
})
afterAll(async () => {
  handler.destroy()
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
  emulator.clearRequests()
})

describe('MWAA Serverless emulator: lifecycle', () => {
  it('creates runs with realistic ARNs in the requested region', () => {
    const handle = emulator.createRun('mwaa-serverless', { region: 'eu-west-1' })
    expect(handle.provider).toBe('mwaa-serverless')
    expect(handle.workflowArn).toMatch(
      /^arn:aws:airflow-serverless:eu-west-1:\d{12}:workflow\/[a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}-[a-zA-Z0-9]{10}$/,
    )
    expect(handle.runId).toMatch(/^[a-zA-Z0-9]+[a-zA-Z0-9.\-_]*$/)
    const given = emulator.createRun('mwaa-serverless', {
      ids: {
        workflowArn: 'arn:aws-cn:airflow-serverless:cn-north-1:111122223333:workflow/x-ABCDEFGHIJ',
        runId: 'r1',
      },
    })
    expect(given).toEqual({
      provider: 'mwaa-serverless',
      workflowArn: 'arn:aws-cn:airflow-serverless:cn-north-1:111122223333:workflow/x-ABCDEFGHIJ',
      runId: 'r1',
    })
    expect(emulator.runs('mwaa-serverless').find((r) => r.key.endsWith('|r1'))?.region).toBe('cn-north-1')
  })

  it("GetWorkflowRun answers the documented shape with ISO 8601 timestamps (the model's date-time format)", async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const reply = await send('GetWorkflowRun', runInput(handle))
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/)
    expect(reply.json).toMatchObject({
      WorkflowArn: handle.workflowArn,
      RunId: handle.runId,
      RunType: 'ON_DEMAND',
      OverrideParameters: {},
    })
    expect(typeof reply.json.WorkflowVersion).toBe('string')
    const detail = reply.json.RunDetail as Record<string, unknown>
    expect(detail).toMatchObject({
      WorkflowArn: handle.workflowArn,
      RunId: handle.runId,
      RunState: 'RUNNING',
    })
    for (const key of ['StartedOn', 'CreatedAt', 'ModifiedAt']) {
      expect(detail[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
      expect(Math.abs(Date.parse(detail[key] as string) - Date.now())).toBeLessThan(60_000)
    }
    expect(detail.CompletedOn).toBeUndefined()
    expect(detail.Duration).toBeUndefined()
    expect(Array.isArray(detail.TaskInstances)).toBe(true)
  })

  it.each(['STARTING', 'QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPING', 'STOPPED'])(
    'GetWorkflowRun reports a %s run as created',
    async (status) => {
      const handle = emulator.createRun('mwaa-serverless', { status })
      const reply = await send('GetWorkflowRun', runInput(handle))
      const detail = reply.json.RunDetail as Record<string, unknown>
      expect(detail.RunState).toBe(status)
      const terminal = ['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'].includes(status)
      expect(detail.CompletedOn !== undefined).toBe(terminal)
      expect(detail.StartedOn !== undefined).toBe(status !== 'STARTING' && status !== 'QUEUED')
      expect(detail.ErrorMessage !== undefined).toBe(status === 'FAILED')
    },
  )

  it('StopWorkflowRun moves a RUNNING run to STOPPING, then STOPPED after stopDelayMs', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const stop = await send('StopWorkflowRun', runInput(handle))
    expect(stop.status).toBe(200)
    expect(stop.json).toMatchObject({
      WorkflowArn: handle.workflowArn,
      RunId: handle.runId,
      Status: 'STOPPING',
    })
    expect(typeof stop.json.WorkflowVersion).toBe('string')
    const during = await send('GetWorkflowRun', runInput(handle))
    expect((during.json.RunDetail as Record<string, unknown>).RunState).toBe('STOPPING')
    // A second stop of a STOPPING run answers the current state.
    const again = await send('StopWorkflowRun', runInput(handle))
    expect(again.status).toBe(200)
    expect(again.json.Status).toBe('STOPPING')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const after = await send('GetWorkflowRun', runInput(handle))
    const detail = after.json.RunDetail as Record<string, unknown>
    expect(detail.RunState).toBe('STOPPED')
    expect(typeof detail.CompletedOn).toBe('string')
    expect(detail.Duration).toBeGreaterThanOrEqual(0)
  })

  it.each(['STARTING', 'QUEUED'])('StopWorkflowRun stops a %s run too', async (status) => {
    const handle = emulator.createRun('mwaa-serverless', { status })
    const stop = await send('StopWorkflowRun', runInput(handle))
    expect(stop.json.Status).toBe('STOPPING')
  })

  it.each(['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'])(
    'StopWorkflowRun of a %s run answers ValidationException (Reason other) and changes nothing',
    async (status) => {
      const handle = emulator.createRun('mwaa-serverless', { status })
      const stop = await send('StopWorkflowRun', runInput(handle))
      expect(stop.status).toBe(400)
      expect(stop.json.__type).toBe('com.amazonaws.mwaaserverless#ValidationException')
      expect(stop.json.Reason).toBe('other')
      expect(String(stop.json.Message)).toContain(status)
      const get = await send('GetWorkflowRun', runInput(handle))
      expect((get.json.RunDetail as Record<string, unknown>).RunState).toBe(status)
    },
  )

  it('answers STOPPED at once when stopDelayMs is 0', async () => {
    const instant = await startEmulator({ stopDelayMs: 0 })
    const previous = emulator
    emulator = instant
    try {
      const handle = instant.createRun('mwaa-serverless')
      const stop = await send('StopWorkflowRun', runInput(handle))
      expect(stop.json.Status).toBe('STOPPED')
    } finally {
      emulator = previous
      await instant.close()
    }
  })

  it('accepts temporary credentials (x-amz-security-token is signed)', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const reply = await send('GetWorkflowRun', runInput(handle), { sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' })
    expect(reply.status).toBe(200)
  })
})

describe('MWAA Serverless emulator: errors', () => {
  it('a missing run is ResourceNotFoundException (400) with ResourceId and ResourceType', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const reply = await send('GetWorkflowRun', { WorkflowArn: handle.workflowArn, RunId: 'nosuchrun' })
    expect(reply.status).toBe(400)
    expect(reply.json).toMatchObject({
      __type: 'com.amazonaws.mwaaserverless#ResourceNotFoundException',
      ResourceId: 'nosuchrun',
      ResourceType: 'WorkflowRun',
    })
    expect(reply.headers['x-amzn-errortype']).toMatch(/^ResourceNotFoundException:/)
    expect(reply.headers['x-amzn-requestid']).toBeTruthy()
    const arn = 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/none-ABCDEFGHIJ'
    const workflow = await send('StopWorkflowRun', { WorkflowArn: arn, RunId: 'r' })
    expect(workflow.json).toMatchObject({ ResourceId: arn, ResourceType: 'Workflow' })
  })

  it('a request signed for another region than the ARN names does not find the run', async () => {
    const handle = emulator.createRun('mwaa-serverless', { region: 'eu-central-1' })
    const wrong = await send('GetWorkflowRun', runInput(handle), { region: 'us-east-1' })
    expect(wrong.status).toBe(400)
    expect(wrong.json.__type).toBe('com.amazonaws.mwaaserverless#ResourceNotFoundException')
    const right = await send('GetWorkflowRun', runInput(handle), { region: 'eu-central-1' })
    expect(right.status).toBe(200)
    expect(emulator.requests.map((r) => r.region)).toEqual(['us-east-1', 'eu-central-1'])
  })

  it('invalid or missing members are ValidationException with a FieldList', async () => {
    const reply = await send('StopWorkflowRun', { WorkflowArn: 'arn:aws:s3:::bucket', RunId: '-bad' })
    expect(reply.status).toBe(400)
    expect(reply.json).toMatchObject({
      __type: 'com.amazonaws.mwaaserverless#ValidationException',
      Reason: 'fieldValidationFailed',
    })
    expect((reply.json.FieldList as { Name: string }[]).map((f) => f.Name)).toEqual(['WorkflowArn', 'RunId'])
    const missing = await send('GetWorkflowRun', { WorkflowArn: 'x'.repeat(2049) })
    expect((missing.json.FieldList as { Name: string; Message: string }[]).map((f) => f.Name)).toEqual([
      'WorkflowArn',
      'RunId',
    ])
    expect(String((missing.json.FieldList as { Message: string }[])[0]?.Message)).toContain('2048')
  })

  it('a malformed JSON body is ValidationException (Reason cannotParse), never a crash', async () => {
    for (const body of ['{"WorkflowArn":', 'null', '[1,2]', '\u0000\u0001']) {
      const reply = await send('StopWorkflowRun', undefined, { body })
      expect(reply.status).toBe(400)
      expect(reply.json).toMatchObject({
        __type: 'com.amazonaws.mwaaserverless#ValidationException',
        Reason: 'cannotParse',
      })
    }
    const wrongType = await send('GetWorkflowRun', {}, { contentType: 'application/json' })
    expect(wrongType.json.Reason).toBe('cannotParse')
  })

  it('an unknown X-Amz-Target is UnknownOperationException', async () => {
    const reply = await send('DeleteEverything', {})
    expect(reply.status).toBe(400)
    expect(reply.json.__type).toBe('com.amazon.coral.service#UnknownOperationException')
    expect(reply.headers['x-amzn-errortype']).toBe(
      'UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/',
    )
    const otherService = await send('', {}, { target: 'AmazonBedrock.GetWorkflowRun' })
    expect(otherService.json.__type).toBe('com.amazon.coral.service#UnknownOperationException')
    const get = await send('GetWorkflowRun', {}, { method: 'GET', path: '/workflows', body: '' })
    expect(get.json.__type).toBe('com.amazon.coral.service#UnknownOperationException')
  })

  it('a wrong secret is InvalidSignatureException and the secret is not echoed', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const secret = 'wrong-secret-value-0123456789'
    const reply = await send('GetWorkflowRun', runInput(handle), { secretAccessKey: secret })
    expect(reply.status).toBe(400)
    expect(reply.json.__type).toBe('com.amazon.coral.service#InvalidSignatureException')
    expect(reply.text).not.toContain(secret)
  })

  it('an unknown access key is UnrecognizedClientException; an unsigned request MissingAuthenticationToken', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const unknownKey = await send('GetWorkflowRun', runInput(handle), { accessKeyId: 'AKIDNOTKNOWN' })
    expect(unknownKey.json.__type).toBe('com.amazon.coral.service#UnrecognizedClientException')
    const unsigned = await send('GetWorkflowRun', runInput(handle), { unsigned: true })
    expect(unsigned.status).toBe(403)
    expect(unsigned.json.__type).toBe('com.amazon.coral.service#MissingAuthenticationTokenException')
  })

  it('injected ThrottlingException carries RetryAfterSeconds in the body and a Retry-After header', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'ThrottlingException',
      retryAfterSeconds: 2,
    })
    const reply = await send('StopWorkflowRun', runInput(handle))
    expect(reply.status).toBe(400)
    expect(reply.json).toMatchObject({
      __type: 'com.amazonaws.mwaaserverless#ThrottlingException',
      RetryAfterSeconds: 2,
      QuotaCode: expect.any(String),
      ServiceCode: expect.any(String),
    })
    expect(reply.headers['retry-after']).toBe('2')
    expect(emulator.requests.at(-1)).toMatchObject({
      status: 400,
      errorCode: 'ThrottlingException',
      kind: 'stop',
    })
    // The fault was consumed: the run is still RUNNING and the next stop goes through.
    const next = await send('StopWorkflowRun', runInput(handle))
    expect(next.json.Status).toBe('STOPPING')
  })

  it('injected InternalServerException is a 500 with RetryAfterSeconds', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({
      provider: 'mwaa-serverless',
      code: 'InternalServerException',
      retryAfterSeconds: 1,
    })
    const reply = await send('GetWorkflowRun', runInput(handle))
    expect(reply.status).toBe(500)
    expect(reply.json).toMatchObject({
      __type: 'com.amazonaws.mwaaserverless#InternalServerException',
      RetryAfterSeconds: 1,
    })
  })

  it.each([
    ['AccessDeniedException', 400, 'com.amazonaws.mwaaserverless'],
    ['InternalServerException', 500, 'com.amazonaws.mwaaserverless'],
    ['OperationTimeoutException', 500, 'com.amazonaws.mwaaserverless'],
    ['ResourceNotFoundException', 400, 'com.amazonaws.mwaaserverless'],
    ['ThrottlingException', 400, 'com.amazonaws.mwaaserverless'],
    ['ValidationException', 400, 'com.amazonaws.mwaaserverless'],
    ['ConflictException', 400, 'com.amazonaws.mwaaserverless'],
    ['ServiceQuotaExceededException', 400, 'com.amazonaws.mwaaserverless'],
    ['UnrecognizedClientException', 400, 'com.amazon.coral.service'],
    ['ExpiredTokenException', 400, 'com.amazon.coral.service'],
    ['UnknownOperationException', 400, 'com.amazon.coral.service'],
  ])('injected %s answers HTTP %i with __type %s#…', async (code, status, namespace) => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({ provider: 'mwaa-serverless', code })
    const reply = await send('GetWorkflowRun', runInput(handle))
    expect(reply.status).toBe(status)
    expect(reply.json.__type).toBe(`${namespace}#${code}`)
    expect(typeof reply.json.Message).toBe('string')
    expect(reply.headers['x-amzn-errortype']?.split(':')[0]).toBe(code)
  })

  it('knows every error it documents', () => {
    expect(KNOWN_ERROR_CODES).toEqual(
      expect.arrayContaining([
        'AccessDeniedException',
        'InternalServerException',
        'OperationTimeoutException',
        'ResourceNotFoundException',
        'ThrottlingException',
        'ValidationException',
      ]),
    )
  })

  it('a three-digit fault code answers an HTML page with that status', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({ provider: 'mwaa-serverless', code: '502' })
    const reply = await send('GetWorkflowRun', runInput(handle))
    expect(reply.status).toBe(502)
    expect(reply.headers['content-type']).toBe('text/html')
    expect(reply.text).toContain('<html>')
  })

  it('logs operation, kind, region and params of each request', async () => {
    const handle = emulator.createRun('mwaa-serverless', { region: 'ap-southeast-2' })
    await send('StopWorkflowRun', runInput(handle), { region: 'ap-southeast-2' })
    expect(emulator.requests.at(-1)).toMatchObject({
      provider: 'mwaa-serverless',
      operation: 'StopWorkflowRun',
      kind: 'stop',
      region: 'ap-southeast-2',
      params: { WorkflowArn: handle.workflowArn, RunId: handle.runId },
      status: 200,
    })
  })
})
