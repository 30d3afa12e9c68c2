import { createRunController, type RunController, RunError, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMwaaServerlessAdapter, type MwaaServerlessAdapterSettings, PROVIDER } from './index.js'

// End to end: the adapter's own awsJson1_0 client over real HTTP, SigV4-checked by the emulator,
// through the controller (retries, waiting, abort) exactly as users call it.

let emulator: Emulator
let runs: RunController

const settings = (): MwaaServerlessAdapterSettings => ({
  endpoint: emulator.endpoints.mwaaServerless,
  credentials: emulator.credentials.aws,
})

function controllerWith(extra: Partial<MwaaServerlessAdapterSettings> = {}, maxAttempts = 3) {
  return createRunController({
    adapters: [createMwaaServerlessAdapter({ ...settings(), ...extra })],
    retry: { maxAttempts, baseDelayMs: 5, maxDelayMs: 50 },
  })
}

const operations = () => emulator.requests.map((r) => r.operation)

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 150 })
  runs = controllerWith()
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
  emulator.clearRequests()
})

describe('MWAA Serverless adapter: shape', () => {
  it('declares v1, its provider and every capability as an explicit boolean', () => {
    const adapter = createMwaaServerlessAdapter()
    expect(adapter.specificationVersion).toBe('v1')
    expect(adapter.provider).toBe('mwaa-serverless')
    expect(PROVIDER).toBe('mwaa-serverless')
    expect(adapter.capabilities).toEqual({
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: true,
      perHandleRegion: false,
      list: true,
      listStatusFilter: false,
    })
  })
})

describe('MWAA Serverless adapter: get', () => {
  it.each([
    ['STARTING', 'pending'],
    ['QUEUED', 'pending'],
    ['RUNNING', 'running'],
    ['STOPPING', 'stopping'],
    ['SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    ['TIMEOUT', 'timed_out'],
    ['STOPPED', 'stopped'],
  ] as const)('a %s run reads as %s', async (providerStatus, status) => {
    const handle = emulator.createRun(PROVIDER, { status: providerStatus })
    const snapshot = (await runs.get(handle))._unsafeUnwrap()
    expect(snapshot.status).toBe(status)
    expect(snapshot.providerStatus).toBe(providerStatus)
    expect(snapshot.handle).toEqual(handle)
    expect(snapshot.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(snapshot.raw).toMatchObject({ RunId: handle.runId, RunDetail: { RunState: providerStatus } })
    expect(snapshot.raw).not.toHaveProperty('$metadata')
    const running = !['STARTING', 'QUEUED'].includes(providerStatus)
    expect(snapshot.startedAt instanceof Date).toBe(running)
    if (snapshot.startedAt) expect(Math.abs(snapshot.startedAt.getTime() - Date.now())).toBeLessThan(60_000)
    const terminal = ['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'].includes(providerStatus)
    expect(snapshot.endedAt instanceof Date).toBe(terminal)
    expect(snapshot.errorMessage !== undefined).toBe(providerStatus === 'FAILED')
  })

  it('a state no table knows reads as unknown, with the raw value kept', async () => {
    const handle = emulator.createRun(PROVIDER, { status: 'PAUSED' })
    const snapshot = (await runs.get(handle))._unsafeUnwrap()
    expect(snapshot.status).toBe('unknown')
    expect(snapshot.providerStatus).toBe('PAUSED')
  })

  it('a missing run is NOT_FOUND with the service details', async () => {
    const handle = emulator.createRun(PROVIDER)
    const error = (await runs.get({ ...handle, runId: 'nosuchrun' }))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_FOUND')
    expect(error.providerCode).toBe('ResourceNotFoundException')
    expect(error.httpStatus).toBe(400)
    expect(error.requestId).toBeTruthy()
    expect(error.details).toEqual({ fault: 'client', ResourceId: 'nosuchrun', ResourceType: 'WorkflowRun' })
    expect(error.operation).toBe('get')
  })

  it('an invalid handle is VALIDATION and nothing is sent', async () => {
    const bad = [
      { provider: PROVIDER, workflowArn: 'arn:aws:s3:::bucket', runId: 'r1' },
      { provider: PROVIDER, workflowArn: emulator.createRun(PROVIDER).workflowArn, runId: '-r' },
      {
        provider: PROVIDER,
        workflowArn: emulator.createRun(PROVIDER).workflowArn,
        runId: 'r',
        region: 'eu-west-1',
      },
    ]
    for (const handle of bad) {
      expect((await runs.get(handle))._unsafeUnwrapErr().code).toBe('VALIDATION')
      expect((await runs.stop(handle))._unsafeUnwrapErr().code).toBe('VALIDATION')
    }
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('MWAA Serverless adapter: stop', () => {
  it('stops a running run: STOPPING → stop_requested, no reason recorded (and none is an error)', async () => {
    const handle = emulator.createRun(PROVIDER)
    const result = (await runs.stop(handle, { reason: 'deploy freeze', errorCode: 'E1' }))._unsafeUnwrap()
    expect(result).toMatchObject({
      handle,
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: 'STOPPING',
      reasonRecorded: false,
    })
    expect(result.requestId).toBeTruthy()
    expect(result.raw).toMatchObject({ Status: 'STOPPING', RunId: handle.runId })
    expect(operations()).toEqual(['StopWorkflowRun'])
  })

  it.each(['STARTING', 'QUEUED'])('stops a %s run: stop_requested', async (providerStatus) => {
    const handle = emulator.createRun(PROVIDER, { status: providerStatus })
    expect((await runs.stop(handle))._unsafeUnwrap().outcome).toBe('stop_requested')
  })

  it('a second stop of a stopping run is stop_requested, not a failure', async () => {
    const handle = emulator.createRun(PROVIDER)
    await runs.stop(handle)
    const again = (await runs.stop(handle))._unsafeUnwrap()
    expect(again).toMatchObject({ outcome: 'stop_requested', status: 'stopping', providerStatus: 'STOPPING' })
  })

  it('a service that answers STOPPED at once gives outcome stopped', async () => {
    const instant = await startEmulator({ stopDelayMs: 0 })
    try {
      const controller = createRunController({
        adapters: [
          createMwaaServerlessAdapter({
            endpoint: instant.endpoints.mwaaServerless,
            credentials: instant.credentials.aws,
          }),
        ],
      })
      const result = (await controller.stop(instant.createRun(PROVIDER)))._unsafeUnwrap()
      expect(result).toMatchObject({ outcome: 'stopped', status: 'stopped', providerStatus: 'STOPPED' })
    } finally {
      await instant.close()
    }
  })

  it.each([
    ['SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    ['TIMEOUT', 'timed_out'],
    ['STOPPED', 'stopped'],
  ] as const)(
    'a %s run is already_terminal (%s), confirmed with exactly one GetWorkflowRun',
    async (providerStatus, status) => {
      const handle = emulator.createRun(PROVIDER, { status: providerStatus })
      const result = (await runs.stop(handle))._unsafeUnwrap()
      expect(result).toMatchObject({
        handle,
        outcome: 'already_terminal',
        status,
        providerStatus,
        reasonRecorded: false,
      })
      expect(operations()).toEqual(['StopWorkflowRun', 'GetWorkflowRun'])
      expect(emulator.requests[0]).toMatchObject({ status: 400, errorCode: 'ValidationException' })
    },
  )

  it('a stop answered with ConflictException on a running run keeps the CONFLICT error after one get', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'ConflictException' })
    const error = (await runs.stop(handle))._unsafeUnwrapErr()
    expect(error.code).toBe('CONFLICT')
    expect(error.providerCode).toBe('ConflictException')
    expect(error.details).toMatchObject({ ResourceId: handle.runId })
    expect(operations()).toEqual(['StopWorkflowRun', 'GetWorkflowRun'])
  })

  it('a ConflictException on a finished run is already_terminal', async () => {
    const handle = emulator.createRun(PROVIDER, { status: 'SUCCESS' })
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'ConflictException' })
    expect((await runs.stop(handle))._unsafeUnwrap().outcome).toBe('already_terminal')
  })

  it('when the confirming get is throttled, the stop is retried instead of failing with VALIDATION', async () => {
    const handle = emulator.createRun(PROVIDER, { status: 'FAILED' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'ThrottlingException' })
    const result = (await runs.stop(handle))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'already_terminal', status: 'failed' })
    expect(operations()).toEqual(['StopWorkflowRun', 'GetWorkflowRun', 'StopWorkflowRun', 'GetWorkflowRun'])
    // Without retries the caller sees why: the throttled get, not a VALIDATION error.
    emulator.injectFault({
      provider: PROVIDER,
      operation: 'get',
      code: 'ThrottlingException',
      retryAfterSeconds: 0,
    })
    const error = (await controllerWith({}, 1).stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'THROTTLED', operation: 'stop', retryable: true })
    expect(error.details).toMatchObject({ confirming: 'ValidationException' })
    expect(error.message).toContain('while confirming the ValidationException the stop answered')
  })

  it('a missing run is NOT_FOUND (not confirmed with a get)', async () => {
    const handle = {
      provider: PROVIDER,
      workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/ghost-ABCDEFGHIJ',
      runId: 'ghost1',
    }
    const error = (await runs.stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      providerCode: 'ResourceNotFoundException',
      operation: 'stop',
    })
    expect(error.details).toMatchObject({ ResourceType: 'Workflow' })
    expect(operations()).toEqual(['StopWorkflowRun'])
  })

  it('stop with wait polls until STOPPED', async () => {
    const handle = emulator.createRun(PROVIDER)
    const started = Date.now()
    const result = (
      await runs.stop(handle, { wait: { pollIntervalMs: 20, timeoutMs: 5_000 } })
    )._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'stopped', status: 'stopped', providerStatus: 'STOPPED' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(operations()[0]).toBe('StopWorkflowRun')
    expect(
      operations()
        .slice(1)
        .every((op) => op === 'GetWorkflowRun'),
    ).toBe(true)
    expect(operations().length).toBeGreaterThan(2)
    const final = (await runs.waitForTerminal(handle, { pollIntervalMs: 20 }))._unsafeUnwrap()
    expect(final).toMatchObject({ status: 'stopped', providerStatus: 'STOPPED' })
    expect(final.endedAt).toBeInstanceOf(Date)
  })
})

describe('MWAA Serverless adapter: regions', () => {
  it('serves runs in two regions from one adapter, signing each request for its ARN region', async () => {
    const east = emulator.createRun(PROVIDER, { region: 'us-east-1' })
    const west = emulator.createRun(PROVIDER, { region: 'eu-west-1' })
    expect((await runs.stop(east))._unsafeUnwrap().outcome).toBe('stop_requested')
    expect((await runs.stop(west))._unsafeUnwrap().outcome).toBe('stop_requested')
    expect((await runs.get(west))._unsafeUnwrap().status).toBe('stopping')
    // The emulator reads the region from each request's SigV4 credential scope.
    expect(emulator.requests.map((r) => [r.params.WorkflowArn, r.region])).toEqual([
      [east.workflowArn, 'us-east-1'],
      [west.workflowArn, 'eu-west-1'],
      [west.workflowArn, 'eu-west-1'],
    ])
  })

  it('the `region` setting does not redirect requests: the ARN decides', async () => {
    const controller = controllerWith({ region: 'ap-south-1' })
    const handle = emulator.createRun(PROVIDER, { region: 'eu-north-1' })
    expect((await controller.get(handle))._unsafeUnwrap().status).toBe('running')
    expect(emulator.requests.at(-1)?.region).toBe('eu-north-1')
  })

  it('a function `client` is asked for one client per region', async () => {
    const asked: string[] = []
    const inner = createMwaaServerlessAdapter(settings())
    const controller = createRunController({
      adapters: [
        createMwaaServerlessAdapter({
          client: (region) => {
            asked.push(region)
            // Delegate to a real client of the emulator for the region.
            return {
              stopWorkflowRun: (input, options) =>
                new Promise((resolve, reject) => {
                  inner
                    .doStop(
                      { provider: PROVIDER, workflowArn: input.WorkflowArn, runId: input.RunId },
                      { signal: options?.abortSignal ?? new AbortController().signal },
                    )
                    .match((r) => resolve({ Status: r.providerStatus }), reject)
                }),
              getWorkflowRun: (input, options) =>
                new Promise((resolve, reject) => {
                  inner
                    .doGet(
                      { provider: PROVIDER, workflowArn: input.WorkflowArn, runId: input.RunId },
                      { signal: options?.abortSignal ?? new AbortController().signal },
                    )
                    .match((s) => resolve(s.raw as object), reject)
                }),
            }
          },
        }),
      ],
    })
    const a = emulator.createRun(PROVIDER, { region: 'us-west-2' })
    const b = emulator.createRun(PROVIDER, { region: 'us-west-2' })
    const c = emulator.createRun(PROVIDER, { region: 'sa-east-1' })
    for (const handle of [a, b, c])
      expect((await controller.get(handle))._unsafeUnwrap().status).toBe('running')
    expect(asked).toEqual(['us-west-2', 'sa-east-1'])
  })
})

describe('MWAA Serverless adapter: the signal a client is given', () => {
  it('gives the client no abortSignal for a call nothing can end early, and the call signal otherwise', async () => {
    const given: unknown[] = []
    const runs = createRunController({
      adapters: [
        createMwaaServerlessAdapter({
          client: {
            getWorkflowRun: async (_input, options) => {
              given.push(options?.abortSignal)
              return { RunDetail: { RunState: 'RUNNING' } }
            },
            stopWorkflowRun: async (_input, options) => {
              given.push(options?.abortSignal)
              return { Status: 'STOPPING' }
            },
          },
        }),
      ],
      retry: false,
    })
    const handle = emulator.createRun(PROVIDER, { region: 'us-east-1' })
    expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
    expect((await runs.stop(handle))._unsafeUnwrap().outcome).toBe('stop_requested')
    expect((await runs.get(handle, { timeoutMs: 60_000 }))._unsafeUnwrap().status).toBe('running')
    const caller = new AbortController()
    expect((await runs.stop(handle, { signal: caller.signal }))._unsafeUnwrap().outcome).toBe(
      'stop_requested',
    )
    expect(given.map((signal) => signal instanceof AbortSignal)).toEqual([false, false, true, true])
  })
})

describe('MWAA Serverless adapter: failures', () => {
  it('a wrong secret is UNAUTHENTICATED, not retried, and the secret is in no error text', async () => {
    const secret = 'this-is-the-wrong-secret-0123456789'
    const controller = controllerWith({
      credentials: { accessKeyId: emulator.credentials.aws.accessKeyId, secretAccessKey: secret },
    })
    const handle = emulator.createRun(PROVIDER)
    for (const result of [await controller.stop(handle), await controller.get(handle)]) {
      const error = result._unsafeUnwrapErr()
      expect(error.code).toBe('UNAUTHENTICATED')
      expect(error.providerCode).toBe('InvalidSignatureException')
      expect(error.retryable).toBe(false)
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error.toJSON())).not.toContain(secret)
      expect(JSON.stringify(error)).not.toContain(secret)
    }
    expect(emulator.requests).toHaveLength(2)
  })

  it('an unknown access key is UNAUTHENTICATED (UnrecognizedClientException)', async () => {
    const controller = controllerWith({
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever-secret-1234' },
    })
    const error = (await controller.get(emulator.createRun(PROVIDER)))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', providerCode: 'UnrecognizedClientException' })
  })

  it('a secret from a credential provider is scrubbed too', async () => {
    const secret = 'provider-supplied-wrong-secret-987654'
    const controller = controllerWith({
      credentials: async () => ({
        accessKeyId: emulator.credentials.aws.accessKeyId,
        secretAccessKey: secret,
      }),
    })
    const error = (await controller.get(emulator.createRun(PROVIDER)))._unsafeUnwrapErr()
    expect(error.code).toBe('UNAUTHENTICATED')
    expect(JSON.stringify(error.toJSON())).not.toContain(secret)
  })

  it('throttling with RetryAfterSeconds is retried no sooner than RetryAfterSeconds', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({
      provider: PROVIDER,
      operation: 'stop',
      code: 'ThrottlingException',
      retryAfterSeconds: 1,
    })
    const retries: { delayMs: number; retryAfterMs: number | undefined }[] = []
    const controller = createRunController({
      adapters: [createMwaaServerlessAdapter(settings())],
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
      hooks: {
        onRetry: (event) => retries.push({ delayMs: event.delayMs, retryAfterMs: event.error.retryAfterMs }),
      },
    })
    const result = (await controller.stop(handle))._unsafeUnwrap()
    expect(result.outcome).toBe('stop_requested')
    const [first, second] = emulator.requests
    expect(first).toMatchObject({
      operation: 'StopWorkflowRun',
      status: 400,
      errorCode: 'ThrottlingException',
    })
    expect(second).toMatchObject({ operation: 'StopWorkflowRun', status: 200 })
    // Measured between the two logged requests: at least RetryAfterSeconds * 1000.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
    expect(retries).toEqual([{ delayMs: expect.any(Number), retryAfterMs: 1_000 }])
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1_000)
  })

  it('persistent throttling ends THROTTLED with the service fields', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, code: 'ThrottlingException', count: 5, retryAfterSeconds: 0 })
    const error = (await controllerWith({}, 2).get(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'THROTTLED',
      providerCode: 'ThrottlingException',
      retryable: true,
      httpStatus: 400,
    })
    expect(error.details).toMatchObject({ QuotaCode: expect.any(String), ServiceCode: expect.any(String) })
    expect(emulator.requests).toHaveLength(2)
  })

  it.each([
    ['InternalServerException', 'UNAVAILABLE', 500],
    ['OperationTimeoutException', 'TIMEOUT', 500],
  ] as const)('%s is %s, retried, then succeeds', async (code, runErrorCode, status) => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, code, count: 2 })
    const only = (await controllerWith({}, 1).get(handle))._unsafeUnwrapErr()
    expect(only).toMatchObject({
      code: runErrorCode,
      providerCode: code,
      httpStatus: status,
      retryable: true,
    })
    expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
    expect(emulator.requests.map((r) => r.status)).toEqual([status, status, 200])
  })

  it.each([
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['ServiceQuotaExceededException', 'QUOTA_EXCEEDED'],
    ['ExpiredTokenException', 'UNAUTHENTICATED'],
    ['UnknownOperationException', 'NOT_SUPPORTED'],
  ] as const)('%s is %s and not retried', async (code, runErrorCode) => {
    emulator.injectFault({ provider: PROVIDER, code, count: 3 })
    const error = (await runs.get(emulator.createRun(PROVIDER)))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: runErrorCode, providerCode: code, retryable: false })
    expect(emulator.requests).toHaveLength(1)
  })

  it('an HTML 502 page from a proxy is UNAVAILABLE (by HTTP status), retried', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, code: '502', count: 5 })
    const error = (await controllerWith({}, 2).stop(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 502, retryable: true })
    expect(error.providerCode).toBeUndefined()
    expect(emulator.requests).toHaveLength(2)
  })

  it('a reset connection is NETWORK and retried', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, code: 'reset' })
    expect((await runs.get(handle))._unsafeUnwrap().status).toBe('running')
    expect(emulator.requests.map((r) => r.status)).toEqual(['reset', 200])
    emulator.injectFault({ provider: PROVIDER, code: 'reset', count: 5 })
    const error = (await controllerWith({}, 1).get(handle))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true })
  })

  it('a refused connection is NETWORK', async () => {
    const controller = createRunController({
      adapters: [
        createMwaaServerlessAdapter({
          endpoint: 'http://127.0.0.1:1',
          credentials: emulator.credentials.aws,
        }),
      ],
      retry: false,
    })
    const error = (await controller.get(emulator.createRun(PROVIDER)))._unsafeUnwrapErr()
    expect(error.code).toBe('NETWORK')
  })

  it('aborting an in-flight request (emulator latency) is ABORTED, promptly', async () => {
    const handle = emulator.createRun(PROVIDER)
    const latencyMs = 3_000
    emulator.setFaults({ provider: PROVIDER, latencyMs })
    const abort = new AbortController()
    const started = Date.now()
    setTimeout(() => abort.abort(), 100)
    const error = (await runs.stop(handle, { signal: abort.signal }))._unsafeUnwrapErr()
    const elapsed = Date.now() - started
    expect(RunError.is(error)).toBe(true)
    expect(error.code).toBe('ABORTED')
    // Ended well before the answer came: a bound set by the answer, not by how fast the machine is.
    expect(elapsed).toBeLessThan(latencyMs / 2)
    // The request was in flight: the emulator received it.
    expect(emulator.requests).toHaveLength(1)
    expect(emulator.requests[0]?.operation).toBe('StopWorkflowRun')
  })

  it('an adapter with an endpoint that is not a URL answers UNKNOWN, never throws', async () => {
    const controller = createRunController({
      adapters: [
        createMwaaServerlessAdapter({ endpoint: 'not a url', credentials: emulator.credentials.aws }),
      ],
      retry: false,
    })
    const error = (await controller.get(emulator.createRun(PROVIDER)))._unsafeUnwrapErr()
    expect(error.code).toBe('UNKNOWN')
  })
})

describe('MWAA Serverless adapter: bodies that are not the documented shape', () => {
  it('a 200 without RunDetail reads as unknown; an accepted stop reply without Status, confirmed by it, is status unknown', async () => {
    const handle: RunHandle = emulator.createRun(PROVIDER)
    const adapter = createMwaaServerlessAdapter({
      client: {
        stopWorkflowRun: async () => ({ $metadata: { httpStatusCode: 200 } }),
        getWorkflowRun: async () => ({ WorkflowArn: 'x', $metadata: { httpStatusCode: 200 } }),
      },
    })
    const controller = createRunController({ adapters: [adapter], retry: false })
    const snapshot = (await controller.get(handle))._unsafeUnwrap()
    expect(snapshot).toMatchObject({ status: 'unknown', providerStatus: '' })
    const stop = (await controller.stop(handle))._unsafeUnwrap()
    expect(stop).toMatchObject({ outcome: 'stop_requested', status: 'unknown', providerStatus: '' })
  })

  it('a stop reply of SUCCESS (the run had ended) is already_terminal', async () => {
    const handle: RunHandle = emulator.createRun(PROVIDER)
    const adapter = createMwaaServerlessAdapter({
      client: {
        stopWorkflowRun: async () => ({ Status: 'SUCCESS', $metadata: { requestId: 'r-1' } }),
        getWorkflowRun: async () => ({}),
      },
    })
    const result = (await createRunController({ adapters: [adapter] }).stop(handle))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'already_terminal', status: 'succeeded', requestId: 'r-1' })
  })

  it('a client that returns garbage or throws synchronously never crashes the adapter', async () => {
    const handle: RunHandle = emulator.createRun(PROVIDER)
    const adapter = createMwaaServerlessAdapter({
      client: {
        stopWorkflowRun: () => {
          throw new TypeError('boom')
        },
        getWorkflowRun: async () => null as never,
      },
    })
    const controller = createRunController({ adapters: [adapter], retry: false })
    expect((await controller.stop(handle))._unsafeUnwrapErr().code).toBe('UNKNOWN')
    expect((await controller.get(handle))._unsafeUnwrap().status).toBe('unknown')
  })
})
