import { describe, expect, it } from 'vitest'
import { AWS_COMMON_ERRORS, awsErrorMapper, mapAwsSdkError } from './aws-sdk-error.js'

const base = {
  provider: 'acme',
  what: 'Acme StopJob',
  operation: 'stop' as const,
  table: { ...AWS_COMMON_ERRORS, JobDoesNotExist: 'NOT_FOUND' as const },
}

function sdkError(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
    ...extra,
  })
}

describe('mapAwsSdkError', () => {
  it.each([
    ['JobDoesNotExist', 400, 'NOT_FOUND'],
    ['ThrottlingException', 400, 'THROTTLED'],
    ['com.amazonaws.acme#ThrottlingException', 400, 'THROTTLED'],
    ['UnrecognizedClientException', 400, 'UNAUTHENTICATED'],
    ['SomethingElse', 400, 'VALIDATION'],
    ['SomethingElse', 503, 'UNAVAILABLE'],
    ['Unknown', 502, 'UNAVAILABLE'],
    ['SyntaxError', 502, 'UNAVAILABLE'],
    ['SyntaxError', 409, 'CONFLICT'],
  ] as const)('maps %s (HTTP %i) to %s', (name, status, code) => {
    const error = mapAwsSdkError(sdkError(name, status), base)
    expect(error.code).toBe(code)
    expect(error.httpStatus).toBe(status)
    expect(error.requestId).toBe('req-1')
    expect(error.operation).toBe('stop')
  })

  it('keeps a throttle the table does not name a THROTTLED, not the VALIDATION its HTTP 400 says', () => {
    const error = mapAwsSdkError(sdkError('RequestLimitHit', 400, { $retryable: { throttling: true } }), base)
    expect(error.code).toBe('THROTTLED')
    expect(error.retryable).toBe(true)
    expect(error.providerCode).toBe('RequestLimitHit')
  })

  it.each(['TooManyRequestsException', 'RequestLimitExceeded', 'SomeServiceThrottled'])(
    'takes %s (HTTP 400, not in the table) for THROTTLED by its name',
    (name) => {
      expect(mapAwsSdkError(sdkError(name, 400), base)).toMatchObject({ code: 'THROTTLED', retryable: true })
    },
  )

  it('keeps no provider code for a body the SDK could not read (its SyntaxError)', () => {
    const unreadable = Object.assign(new SyntaxError('Unexpected token <'), {
      $metadata: { httpStatusCode: 409 },
    })
    expect(mapAwsSdkError(unreadable, base)).toMatchObject({ code: 'CONFLICT', providerCode: undefined })
  })

  it('leaves out placeholder names and keeps the retry delay', () => {
    const error = mapAwsSdkError(
      sdkError('Unknown', 429, { $response: { headers: { 'Retry-After': '3' } } }),
      base,
    )
    expect(error.code).toBe('THROTTLED')
    expect(error.providerCode).toBeUndefined()
    expect(error.retryAfterMs).toBe(3000)
  })

  it('maps transport failures and an aborted signal', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(mapAwsSdkError(reset, base).code).toBe('NETWORK')
    expect(
      mapAwsSdkError(sdkError('JobDoesNotExist', 400), { ...base, signal: AbortSignal.abort() }).code,
    ).toBe('ABORTED')
    expect(mapAwsSdkError('what', base).code).toBe('UNKNOWN')
  })

  it('keeps configured secrets out of the message, toJSON and the cause', () => {
    const secret = 'very-secret-value-123'
    const error = mapAwsSdkError(sdkError('SomethingElse', 400, { message: `bad key ${secret}` }), {
      ...base,
      secrets: [secret],
    })
    expect(error.message).not.toContain(secret)
    expect(JSON.stringify(error)).not.toContain(secret)
    expect(String((error.cause as Error).message)).not.toContain(secret)
  })

  it.each([
    [
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      'UNAUTHENTICATED',
      'AWS_ACCESS_KEY_ID',
    ],
    [
      Object.assign(new Error('SSO expired'), { name: 'TokenProviderError' }),
      'UNAUTHENTICATED',
      'AWS_PROFILE',
    ],
    [new Error('Region is missing'), 'VALIDATION', 'AWS_REGION'],
  ] as const)('an incomplete setup (%s) says the call was not sent and what to set', (thrown, code, hint) => {
    const error = mapAwsSdkError(thrown, base)
    expect(error).toMatchObject({ code, retryable: false, operation: 'stop' })
    expect(error.message).toMatch(/^Acme StopJob was not sent: /)
    expect(error.message).toContain(hint)
    expect((error.cause as Error).message).toBe(thrown.message)
    // Once the call's signal fired, it is an abort, whatever the SDK said.
    expect(mapAwsSdkError(thrown, { ...base, signal: AbortSignal.abort() }).code).toBe('ABORTED')
  })

  it.each([
    [424, 'DEPENDENCY_FAILED'],
    [423, 'UNKNOWN'],
  ] as const)('an unknown name with HTTP %i is %s', (status, code) => {
    expect(mapAwsSdkError(sdkError('SomethingNew', status), base).code).toBe(code)
  })

  it('keeps $fault, resourceName and reason in details, and no details when none is sent', () => {
    const error = mapAwsSdkError(
      sdkError('SomethingNew', 502, { resourceName: 'node-1', reason: 'down' }),
      base,
    )
    expect(error.details).toEqual({ fault: 'client', resourceName: 'node-1', reason: 'down' })
    const bare = Object.assign(new Error('x'), { name: 'X', $metadata: { httpStatusCode: 400 } })
    expect(mapAwsSdkError(bare, base).details).toBeUndefined()
  })

  it.each([
    ['stop', 'Acme StopJob failed with JobDoesNotExist (HTTP 400): JobDoesNotExist happened'],
    ['get', 'Acme GetJob failed with JobDoesNotExist (HTTP 400): JobDoesNotExist happened'],
    ['list', 'Acme ListJobs failed with JobDoesNotExist (HTTP 400): JobDoesNotExist happened'],
  ] as const)(
    'awsErrorMapper names the %s call in its messages, with the table given',
    (operation, message) => {
      const mapError = awsErrorMapper({
        provider: 'acme',
        service: 'Acme',
        operations: { stop: 'StopJob', get: 'GetJob', list: 'ListJobs' },
        table: base.table,
      })
      expect(mapError(sdkError('JobDoesNotExist', 400), { operation })).toMatchObject({
        code: 'NOT_FOUND',
        provider: 'acme',
        operation,
        message,
      })
    },
  )
})
