import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { BedrockAgentRuntimeClient, GetFlowExecutionCommand } from '@aws-sdk/client-bedrock-agent-runtime'
import { RunError, type RunErrorCode } from '@runstop/core'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapError } from './map-bedrock-flows-error.js'

const handle = {
  provider: 'bedrock-flows',
  flowIdentifier: 'FLOW123456',
  flowAliasIdentifier: 'ALIAS12345',
  executionIdentifier: 'exec-1',
}

/** An error shaped like the AWS SDK v3 service exceptions (name, $fault, $metadata), not an SDK class. */
function sdkError(name: string, httpStatusCode: number | undefined, extra: Record<string, unknown> = {}) {
  const fault = httpStatusCode !== undefined && httpStatusCode >= 500 ? 'server' : 'client'
  return Object.assign(new Error(`${name} message`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode, requestId: 'req-123', attempts: 1, totalRetryDelay: 0 },
    ...extra,
  })
}

describe('mapError: every documented exception, by name (seed 002 and the service model)', () => {
  it.each<[string, number, RunErrorCode, boolean]>([
    // StopFlowExecution's exceptions, in the seed's order, with the model's HTTP statuses.
    ['ResourceNotFoundException', 404, 'NOT_FOUND', false],
    ['ConflictException', 409, 'CONFLICT', false],
    ['ValidationException', 400, 'VALIDATION', false],
    ['InternalServerException', 500, 'UNAVAILABLE', true],
    ['DependencyFailedException', 424, 'DEPENDENCY_FAILED', false],
    ['BadGatewayException', 502, 'UNAVAILABLE', true],
    ['ThrottlingException', 429, 'THROTTLED', true],
    ['AccessDeniedException', 403, 'ACCESS_DENIED', false],
    // In the model, not in the seed.
    ['ServiceQuotaExceededException', 400, 'QUOTA_EXCEEDED', false],
    // The AWS front door's credential and signature errors.
    ['UnrecognizedClientException', 403, 'UNAUTHENTICATED', false],
    ['InvalidSignatureException', 403, 'UNAUTHENTICATED', false],
    ['ExpiredTokenException', 403, 'UNAUTHENTICATED', false],
    ['IncompleteSignatureException', 403, 'UNAUTHENTICATED', false],
    ['MissingAuthenticationTokenException', 403, 'UNAUTHENTICATED', false],
    ['InvalidClientTokenId', 403, 'UNAUTHENTICATED', false],
  ])('%s (HTTP %i) → %s, retryable %s', (name, status, code, retryable) => {
    const error = mapError(sdkError(name, status), { operation: 'stop', handle })
    expect(RunError.is(error)).toBe(true)
    expect(error.code).toBe(code)
    expect(error.retryable).toBe(retryable)
    expect(error.providerCode).toBe(name)
    expect(error.httpStatus).toBe(status)
    expect(error.requestId).toBe('req-123')
    expect(error.operation).toBe('stop')
    expect(error.provider).toBe('bedrock-flows')
    expect(error.handle).toEqual(handle)
    expect(error.message).toBe(
      `Bedrock flows StopFlowExecution failed with ${name} (HTTP ${status}): ${name} message`,
    )
  })

  it('the name wins over the HTTP status (ServiceQuotaExceeded is a 400 but not VALIDATION)', () => {
    expect(mapError(sdkError('ServiceQuotaExceededException', 400), { operation: 'get' }).code).toBe(
      'QUOTA_EXCEEDED',
    )
    expect(mapError(sdkError('ThrottlingException', 400), { operation: 'get' }).code).toBe('THROTTLED')
    expect(mapError(sdkError('AccessDeniedException', undefined), { operation: 'get' }).code).toBe(
      'ACCESS_DENIED',
    )
  })

  it('names are matched whole (case aside): no instanceof, no prefixes, no prototype keys', () => {
    // Core's one AWS error mapping matches names case-insensitively (and any throttling name).
    expect(mapError(sdkError('throttlingexception', 418), { operation: 'get' }).code).toBe('THROTTLED')
    expect(mapError(sdkError('Validation', 418), { operation: 'get' }).code).toBe('UNKNOWN')
    expect(mapError(sdkError('toString', 418), { operation: 'get' }).code).toBe('UNKNOWN')
  })
})

describe('mapError: HTTP status fallback for names no table knows', () => {
  it.each<[number, RunErrorCode, boolean]>([
    [400, 'VALIDATION', false],
    [401, 'UNAUTHENTICATED', false],
    [403, 'ACCESS_DENIED', false],
    [404, 'NOT_FOUND', false],
    [409, 'CONFLICT', false],
    [413, 'VALIDATION', false],
    [424, 'DEPENDENCY_FAILED', false],
    [429, 'THROTTLED', true],
    [500, 'UNAVAILABLE', true],
    [502, 'UNAVAILABLE', true],
    [503, 'UNAVAILABLE', true],
    [504, 'UNAVAILABLE', true],
    [418, 'UNKNOWN', false],
  ])('an unknown service error with HTTP %i → %s', (status, code, retryable) => {
    const error = mapError(sdkError('SomethingNewException', status), { operation: 'get' })
    expect(error.code).toBe(code)
    expect(error.retryable).toBe(retryable)
    expect(error.providerCode).toBe('SomethingNewException')
    expect(error.httpStatus).toBe(status)
  })

  it("the SDK's 'Unknown' placeholder is not kept as a provider code", () => {
    const error = mapError(sdkError('Unknown', 503), { operation: 'get' })
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.providerCode).toBeUndefined()
  })
})

describe('mapError: transport failures and aborts', () => {
  it.each<[string, unknown, RunErrorCode]>([
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'NETWORK',
    ],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'NETWORK'],
    ['socket hang up', new Error('socket hang up'), 'NETWORK'],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), 'NETWORK'],
    [
      'an h2 stream error',
      Object.assign(new Error('Stream closed'), { code: 'ERR_HTTP2_STREAM_ERROR' }),
      'NETWORK',
    ],
    ['TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'NETWORK'],
    ['AbortError', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 'ABORTED'],
  ])('%s → %s', (_label, thrown, code) => {
    const error = mapError(thrown, { operation: 'get', handle })
    expect(error.code).toBe(code)
    expect(error.retryable).toBe(code === 'NETWORK')
    // A redacted copy of what was thrown (core's one redaction of causes).
    expect(error.cause).toMatchObject({ name: (thrown as Error).name, message: (thrown as Error).message })
  })

  it('once the call signal fired, any failure is ABORTED', () => {
    const controller = new AbortController()
    controller.abort()
    const error = mapError(sdkError('InternalServerException', 500), {
      operation: 'stop',
      signal: controller.signal,
    })
    expect(error.code).toBe('ABORTED')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('was aborted')
  })

  it('a live signal does not turn errors into ABORTED', () => {
    const error = mapError(sdkError('ThrottlingException', 429), {
      operation: 'stop',
      signal: new AbortController().signal,
    })
    expect(error.code).toBe('THROTTLED')
  })

  it.each([['a string'], [undefined], [null], [42], [{}]])(
    'a non-error %j → UNKNOWN, never a throw',
    (thrown) => {
      const error = mapError(thrown, { operation: 'get' })
      expect(error.code).toBe('UNKNOWN')
      expect(error.message).toMatch(/^Bedrock flows GetFlowExecution failed/)
    },
  )

  it('a RunError passes through, gaining the operation it lacked', () => {
    const original = new RunError({ code: 'VALIDATION', message: 'bad', provider: 'bedrock-flows' })
    expect(mapError(original, { operation: 'get' })).toMatchObject({
      code: 'VALIDATION',
      message: 'bad',
      operation: 'get',
    })
    const whole = original.with({ operation: 'stop' })
    expect(mapError(whole, { operation: 'get' })).toBe(whole)
  })
})

describe('mapError: kept fields', () => {
  it('Retry-After as seconds or an HTTP date becomes retryAfterMs', () => {
    const response = (value: string) => ({
      $response: { statusCode: 429, headers: { 'Retry-After': value } },
    })
    expect(
      mapError(sdkError('ThrottlingException', 429, response('3')), { operation: 'stop' }).retryAfterMs,
    ).toBe(3000)
    expect(
      mapError(sdkError('ThrottlingException', 429, response('0.5')), { operation: 'stop' }).retryAfterMs,
    ).toBe(500)
    const date = new Date(Date.now() + 10_000).toUTCString()
    const fromDate = mapError(sdkError('ThrottlingException', 429, response(date)), { operation: 'stop' })
    expect(fromDate.retryAfterMs).toBeGreaterThan(7_000)
    expect(fromDate.retryAfterMs).toBeLessThanOrEqual(10_000)
    expect(
      mapError(sdkError('ThrottlingException', 429, response('soon')), { operation: 'stop' }).retryAfterMs,
    ).toBe(undefined)
    expect(mapError(sdkError('ThrottlingException', 429), { operation: 'stop' }).retryAfterMs).toBeUndefined()
  })

  it('$fault, resourceName and reason go to details; a redacted copy of the original error is the cause', () => {
    const original = sdkError('BadGatewayException', 502, { resourceName: 'lambda-node' })
    const error = mapError(original, { operation: 'stop' })
    expect(error.details).toEqual({ fault: 'server', resourceName: 'lambda-node' })
    expect(error.cause).toMatchObject({ name: original.name, message: original.message })
    const internal = mapError(sdkError('InternalServerException', 500, { reason: 'overloaded' }), {
      operation: 'get',
    })
    expect(internal.details).toEqual({ fault: 'server', reason: 'overloaded' })
  })

  it('configured secrets appear neither in the message, nor in toJSON, nor in the cause', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const token = 'FwoGZXIvYXdzEXAMPLESESSIONTOKENvalue'
    const original = sdkError('InvalidSignatureException', 403)
    original.message = `signature mismatch for key ${secret} token ${token}`
    const error = mapError(original, { operation: 'stop', secrets: [secret, token] })
    expect(error.code).toBe('UNAUTHENTICATED')
    for (const text of [
      error.message,
      JSON.stringify(error.toJSON()),
      String((error.cause as Error).message),
    ]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(token)
    }
    expect((error.cause as Error).name).toBe('InvalidSignatureException')
  })

  it('only the first line of an SDK message is kept (the SDK appends a deserialization hint)', () => {
    const error = mapError(
      Object.assign(new SyntaxError('Unexpected token <\n  Deserialization error: hint'), {}),
      {
        operation: 'get',
      },
    )
    expect(error.message).toBe('Bedrock flows GetFlowExecution failed: Unexpected token <.')
  })
})

describe('mapError on what the real SDK makes of odd bodies', () => {
  let server: http.Server
  let client: BedrockAgentRuntimeClient
  let next: { status: number; headers: Record<string, string>; body: string }

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(next.status, { 'x-amzn-requestid': 'odd-body-req', ...next.headers })
      res.end(next.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    client = new BedrockAgentRuntimeClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDODD', secretAccessKey: 'odd-body-secret-value' },
      requestHandler: new NodeHttpHandler(),
    })
  })
  afterAll(async () => {
    client.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  async function failure(status: number, headers: Record<string, string>, body: string) {
    next = { status, headers, body }
    try {
      await client.send(new GetFlowExecutionCommand(handle))
    } catch (error) {
      return mapError(error, { operation: 'get', handle })
    }
    throw new Error('expected the SDK to throw')
  }

  it.each<[string, number, Record<string, string>, string, RunErrorCode]>([
    [
      'an HTML 502 from a proxy',
      502,
      { 'content-type': 'text/html' },
      '<html><body>Bad Gateway</body></html>',
      'UNAVAILABLE',
    ],
    ['an empty 500', 500, {}, '', 'UNAVAILABLE'],
    ['a non-JSON 503', 503, { 'content-type': 'application/json' }, 'not json', 'UNAVAILABLE'],
    ['an HTML 403', 403, { 'content-type': 'text/html' }, '<html>Forbidden</html>', 'ACCESS_DENIED'],
    [
      'a JSON 404 without an error type',
      404,
      { 'content-type': 'application/json' },
      '{"message":"gone"}',
      'NOT_FOUND',
    ],
    ['an HTML 200', 200, { 'content-type': 'text/html' }, '<html>hello</html>', 'UNKNOWN'],
  ])('%s → %s', async (_label, status, headers, body, code) => {
    const error = await failure(status, headers, body)
    expect(error.code).toBe(code)
    expect(error.httpStatus).toBe(status)
    expect(error.requestId).toBe('odd-body-req')
    expect(error.providerCode).toBeUndefined()
    expect(error.message).not.toContain('\n')
  })

  it('a typed error in the header is kept with an empty body', async () => {
    const error = await failure(429, { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '2' }, '')
    expect(error.code).toBe('THROTTLED')
    expect(error.providerCode).toBe('ThrottlingException')
    expect(error.retryAfterMs).toBe(2000)
  })
})
