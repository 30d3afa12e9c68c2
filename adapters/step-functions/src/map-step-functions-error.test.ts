import { describe, expect, it } from 'vitest'
import { mapError } from './map-step-functions-error.js'

/** An error as @aws-sdk/client-sfn throws it: every one of these comes with HTTP 400. */
function serviceError(name: string, status = 400) {
  return Object.assign(new Error(`${name}: something`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-9' },
  })
}

describe('mapError', () => {
  it.each([
    ['ExecutionDoesNotExist', 'NOT_FOUND', false],
    ['InvalidArn', 'VALIDATION', false],
    ['ValidationException', 'VALIDATION', false],
    ['KmsAccessDeniedException', 'ACCESS_DENIED', false],
    ['KmsInvalidStateException', 'DEPENDENCY_FAILED', false],
    ['KmsThrottlingException', 'THROTTLED', true],
    ['ThrottlingException', 'THROTTLED', true],
    ['AccessDeniedException', 'ACCESS_DENIED', false],
    ['UnrecognizedClientException', 'UNAUTHENTICATED', false],
    ['InvalidSignatureException', 'UNAUTHENTICATED', false],
    ['ExpiredTokenException', 'UNAUTHENTICATED', false],
    ['UnknownOperationException', 'NOT_SUPPORTED', false],
    ['StateMachineTypeNotSupported', 'NOT_SUPPORTED', false],
    ['SomethingNew', 'VALIDATION', false],
  ] as const)('%s (HTTP 400) → %s', (name, code, retryable) => {
    const error = mapError(serviceError(name), { operation: 'stop' })
    expect(error).toMatchObject({
      code,
      retryable,
      httpStatus: 400,
      provider: 'step-functions',
      requestId: 'req-9',
    })
    expect(error.providerCode).toBe(name)
    expect(error.message).toContain('Step Functions StopExecution')
  })

  it('maps server faults, HTML pages and transport failures', () => {
    expect(mapError(serviceError('InternalFailure', 500), { operation: 'get' }).code).toBe('UNAVAILABLE')
    expect(mapError(serviceError('Unknown', 503), { operation: 'get' })).toMatchObject({
      code: 'UNAVAILABLE',
    })
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(mapError(reset, { operation: 'get' })).toMatchObject({ code: 'NETWORK', retryable: true })
    expect(mapError(reset, { operation: 'get', signal: AbortSignal.abort() }).code).toBe('ABORTED')
  })
})
