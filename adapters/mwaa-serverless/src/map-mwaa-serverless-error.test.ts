import { AwsJsonServiceError, errorFromResponse as fromResponse } from '@runstop/aws-json'
import { RunError, type RunErrorCode } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { mapError } from './map-mwaa-serverless-error.js'

const errorFromResponse = (...args: [number, Record<string, string | undefined>, string]) =>
  fromResponse('MWAA Serverless', ...args)

const handle = {
  provider: 'mwaa-serverless',
  workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ',
  runId: 'run1',
}

/** An error as the official client throws it: a ServiceException with name, $fault, $metadata and the modelled members. */
function officialError(name: string, httpStatusCode: number, members: Record<string, unknown> = {}): Error {
  const error = new Error(typeof members.Message === 'string' ? members.Message : name) as Error &
    Record<string, unknown>
  error.name = name
  error.$fault = httpStatusCode >= 500 ? 'server' : 'client'
  error.$metadata = { httpStatusCode, requestId: 'req-official', attempts: 1, totalRetryDelay: 0 }
  Object.assign(error, members)
  return error
}

/** The same error as this package's own client throws it, from the wire (namespaced __type and Coral header). */
function ownClientError(name: string, httpStatus: number, members: Record<string, unknown> = {}): Error {
  const namespace = ['InternalServerException', 'ThrottlingException', 'ValidationException'].includes(name)
    ? 'com.amazonaws.mwaaserverless'
    : 'com.amazon.coral.service'
  return errorFromResponse(
    httpStatus,
    {
      'x-amzn-requestid': 'req-own',
      'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/${namespace}/`,
      'content-type': 'application/x-amz-json-1.0',
    },
    JSON.stringify({ __type: `${namespace}#${name}`, Message: `${name} happened`, ...members }),
  )
}

const sources = [
  ['official client', officialError],
  ['own client', ownClientError],
] as const

const map = (error: unknown, operation: 'stop' | 'get' = 'stop') => mapError(error, { operation, handle })

// Seeds 000/001: the six exceptions of StopWorkflowRun and GetWorkflowRun with their documented
// HTTP statuses; then the service's other modelled errors and the AWS front end's errors.
const ROWS: readonly [name: string, status: number, code: RunErrorCode, retryable: boolean][] = [
  ['ThrottlingException', 400, 'THROTTLED', true],
  ['ValidationException', 400, 'VALIDATION', false],
  ['ResourceNotFoundException', 400, 'NOT_FOUND', false],
  ['AccessDeniedException', 400, 'ACCESS_DENIED', false],
  ['InternalServerException', 500, 'UNAVAILABLE', true],
  ['OperationTimeoutException', 500, 'TIMEOUT', true],
  ['ConflictException', 400, 'CONFLICT', false],
  ['ServiceQuotaExceededException', 400, 'QUOTA_EXCEEDED', false],
  ['UnknownOperationException', 400, 'NOT_SUPPORTED', false],
  ['UnrecognizedClientException', 400, 'UNAUTHENTICATED', false],
  ['InvalidSignatureException', 400, 'UNAUTHENTICATED', false],
  ['ExpiredTokenException', 400, 'UNAUTHENTICATED', false],
  ['IncompleteSignatureException', 400, 'UNAUTHENTICATED', false],
  ['MissingAuthenticationToken', 403, 'UNAUTHENTICATED', false],
  ['MissingAuthenticationTokenException', 403, 'UNAUTHENTICATED', false],
  ['InvalidClientTokenId', 403, 'UNAUTHENTICATED', false],
]

describe('mapError: by error name first', () => {
  for (const [source, make] of sources) {
    describe(`errors of the ${source}`, () => {
      it.each(ROWS)('%s (HTTP %i) → %s', (name, status, code, retryable) => {
        const error = mapError(make(name, status), { operation: 'stop', handle })
        expect(RunError.is(error)).toBe(true)
        expect(error.code).toBe(code)
        expect(error.retryable).toBe(retryable)
        expect(error.providerCode).toBe(name)
        expect(error.httpStatus).toBe(status)
        expect(error.provider).toBe('mwaa-serverless')
        expect(error.operation).toBe('stop')
        expect(error.handle).toEqual(handle)
        expect(error.requestId).toBe(source === 'official client' ? 'req-official' : 'req-own')
        expect(error.message).toContain('StopWorkflowRun')
        expect(error.message).toContain(name)
      })
    })
  }

  // The smithy model gives these errors other statuses (403, 404, 429, 504, 402, 409) than the API
  // reference (400/500): the name decides either way.
  it.each([
    ['AccessDeniedException', 403, 'ACCESS_DENIED'],
    ['ResourceNotFoundException', 404, 'NOT_FOUND'],
    ['ThrottlingException', 429, 'THROTTLED'],
    ['OperationTimeoutException', 504, 'TIMEOUT'],
    ['ServiceQuotaExceededException', 402, 'QUOTA_EXCEEDED'],
    ['ConflictException', 409, 'CONFLICT'],
    ['ThrottlingException', 500, 'THROTTLED'],
  ] as const)('%s at HTTP %i is still %s', (name, status, code) => {
    expect(map(officialError(name, status)).code).toBe(code)
  })

  it('is case-insensitive about the name and strips namespace prefixes and Coral suffixes', () => {
    expect(map(officialError('throttlingexception', 400)).code).toBe('THROTTLED')
    const prefixed = {
      code: 'com.amazonaws.mwaaserverless#ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    }
    expect(map(prefixed).code).toBe('NOT_FOUND')
    expect(map(prefixed).providerCode).toBe('ResourceNotFoundException')
    const suffixed = {
      name: 'ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      $metadata: { httpStatusCode: 400 },
    }
    expect(map(suffixed).code).toBe('UNAUTHENTICATED')
    expect(map(suffixed).providerCode).toBe('ExpiredTokenException')
  })
})

describe('mapError: modelled members', () => {
  for (const [source, make] of sources) {
    it(`ThrottlingException: RetryAfterSeconds → retryAfterMs, QuotaCode and ServiceCode on details (${source})`, () => {
      const error = map(
        make('ThrottlingException', 400, {
          RetryAfterSeconds: 3,
          QuotaCode: 'L-1',
          ServiceCode: 'airflow-serverless',
        }),
      )
      expect(error.retryAfterMs).toBe(3000)
      expect(error.details).toEqual({ fault: 'client', QuotaCode: 'L-1', ServiceCode: 'airflow-serverless' })
    })

    it(`InternalServerException: RetryAfterSeconds → retryAfterMs (${source})`, () => {
      expect(map(make('InternalServerException', 500, { RetryAfterSeconds: 1 })).retryAfterMs).toBe(1000)
    })

    it(`ValidationException: FieldList and Reason on details (${source})`, () => {
      const FieldList = [{ Name: 'RunId', Message: 'RunId is required.' }]
      const error = map(make('ValidationException', 400, { Reason: 'fieldValidationFailed', FieldList }))
      expect(error.details).toEqual({ fault: 'client', Reason: 'fieldValidationFailed', FieldList })
      expect(error.toJSON().details).toEqual({ fault: 'client', Reason: 'fieldValidationFailed', FieldList })
    })

    it(`ResourceNotFoundException: ResourceId and ResourceType on details (${source})`, () => {
      const error = map(
        make('ResourceNotFoundException', 400, { ResourceId: 'run1', ResourceType: 'WorkflowRun' }),
      )
      expect(error.details).toEqual({ fault: 'client', ResourceId: 'run1', ResourceType: 'WorkflowRun' })
    })

    it(`ServiceQuotaExceededException keeps all four members (${source})`, () => {
      const members = { ResourceId: 'r', ResourceType: 'WorkflowRun', QuotaCode: 'L-2', ServiceCode: 's' }
      expect(map(make('ServiceQuotaExceededException', 400, members)).details).toEqual({
        fault: 'client',
        ...members,
      })
    })
  }

  it('the provider message is in the RunError message', () => {
    const error = map(officialError('AccessDeniedException', 400, { Message: 'User is not authorized' }))
    expect(error.message).toBe(
      'MWAA Serverless StopWorkflowRun failed with AccessDeniedException (HTTP 400): User is not authorized',
    )
    expect(map(officialError('AccessDeniedException', 400), 'get').message).toContain('GetWorkflowRun')
  })

  it('RetryAfterSeconds from a Retry-After header only (the official client keeps $response)', () => {
    const error = {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      $response: { statusCode: 400, headers: { 'Retry-After': '4', 'x-amzn-RequestId': 'from-header' } },
    }
    const mapped = map(error)
    expect(mapped.retryAfterMs).toBe(4000)
    expect(mapped.requestId).toBe('from-header')
  })

  it('a RetryAfterSeconds that is not a number is ignored', () => {
    expect(
      map(officialError('ThrottlingException', 400, { RetryAfterSeconds: 'soon' })).retryAfterMs,
    ).toBeUndefined()
    expect(
      map(officialError('ThrottlingException', 400, { RetryAfterSeconds: -1 })).retryAfterMs,
    ).toBeUndefined()
  })

  it('keeps a redacted copy of the original error as cause, out of toJSON()', () => {
    const original = officialError('ThrottlingException', 400)
    const error = map(original)
    expect(error.cause).toMatchObject({
      name: 'ThrottlingException',
      $metadata: (original as unknown as { $metadata: unknown }).$metadata,
    })
    expect(error.toJSON().cause).toEqual({ name: 'ThrottlingException', message: 'ThrottlingException' })
  })
})

describe('mapError: unknown names fall back by HTTP status', () => {
  it.each([
    [400, 'VALIDATION'],
    [401, 'UNAUTHENTICATED'],
    [403, 'ACCESS_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [429, 'THROTTLED'],
    [500, 'UNAVAILABLE'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [504, 'UNAVAILABLE'],
    [302, 'UNKNOWN'],
  ] as const)('an unknown error name at HTTP %i → %s, keeping the name as providerCode', (status, code) => {
    const error = map(officialError('BrandNewException', status))
    expect(error.code).toBe(code)
    expect(error.providerCode).toBe('BrandNewException')
    expect(error.httpStatus).toBe(status)
  })

  it.each([
    ['an empty body', 503, '', 'UNAVAILABLE'],
    ['an HTML page', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'UNAVAILABLE'],
    ['an HTML page', 403, '<!DOCTYPE html><html>Forbidden</html>', 'ACCESS_DENIED'],
    ['plain text', 429, 'Too Many Requests', 'THROTTLED'],
    ['a body that is not JSON', 400, '{"__type": "Validat', 'VALIDATION'],
    ['an empty body', 404, '', 'NOT_FOUND'],
    ['an empty JSON object', 500, '{}', 'UNAVAILABLE'],
    ['a JSON array', 401, '[]', 'UNAUTHENTICATED'],
  ] as const)('own client, %s at HTTP %i → %s, no providerCode', (_what, status, body, code) => {
    const error = map(errorFromResponse(status, { 'content-type': 'text/html' }, body))
    expect(error.code).toBe(code)
    expect(error.providerCode).toBeUndefined()
    expect(error.httpStatus).toBe(status)
    expect(error.message).toContain(`HTTP ${status}`)
  })

  it.each([
    ['503', 503, 'UNAVAILABLE'],
    ['UnknownError', 502, 'UNAVAILABLE'],
    ['Unknown', 400, 'VALIDATION'],
  ] as const)(
    'official client, no error type (name %j) at HTTP %i → %s, no providerCode',
    (name, status, code) => {
      const error = map(officialError(name, status))
      expect(error.code).toBe(code)
      expect(error.providerCode).toBeUndefined()
    },
  )

  it('own client, an error type only in the x-amzn-errortype header still decides', () => {
    const error = map(
      errorFromResponse(
        400,
        { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/x/' },
        '',
      ),
    )
    expect(error.code).toBe('THROTTLED')
    expect(error.providerCode).toBe('ThrottlingException')
  })

  it('own client, a 200 whose body is not a JSON object is UNKNOWN', () => {
    const error = map(
      new AwsJsonServiceError({ name: 'UnknownError', message: 'not JSON', httpStatusCode: 200 }),
    )
    expect(error.code).toBe('UNKNOWN')
    expect(error.retryable).toBe(false)
    expect(error.providerCode).toBeUndefined()
  })
})

describe('mapError: transport and other failures', () => {
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code })

  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['ENOTFOUND (DNS)', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND airflow-serverless.xx-east-1.api.aws')],
    ['socket hang up', new Error('socket hang up')],
    [
      'TimeoutError',
      Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
    ],
    ['a wrapped ECONNRESET', new Error('request failed', { cause: withCode('ECONNRESET') })],
  ])('%s → NETWORK (retryable)', (_what, error) => {
    const mapped = map(error)
    expect(mapped.code).toBe('NETWORK')
    expect(mapped.retryable).toBe(true)
    expect(mapped.cause).toMatchObject({ name: error.name, message: error.message })
  })

  it('an AbortError → ABORTED', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' })
    expect(map(abort).code).toBe('ABORTED')
    expect(map(abort).retryable).toBe(false)
  })

  it('anything after the call signal fired → ABORTED, even an error answer', () => {
    const controller = new AbortController()
    controller.abort()
    const error = mapError(officialError('ThrottlingException', 400), {
      operation: 'get',
      handle,
      signal: controller.signal,
    })
    expect(error.code).toBe('ABORTED')
  })

  it.each([
    ['a TypeError', new TypeError('Cannot read properties of undefined')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
  ])('%s → UNKNOWN, never a throw', (_what, thrown) => {
    const error = map(thrown)
    expect(error.code).toBe('UNKNOWN')
    expect(RunError.is(error)).toBe(true)
  })

  it('a RunError passes through, gaining the operation it lacked', () => {
    const original = new RunError({ code: 'VALIDATION', message: 'bad', provider: 'mwaa-serverless' })
    expect(map(original)).toMatchObject({ code: 'VALIDATION', message: 'bad', operation: 'stop', handle })
    const whole = original.with({ operation: 'get', handle })
    expect(map(whole)).toBe(whole)
  })

  it('configured secrets never reach the message or toJSON()', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const error = mapError(
      officialError('InvalidSignatureException', 400, { Message: `bad key ${secret}` }),
      {
        operation: 'get',
        handle,
        secrets: [secret],
      },
    )
    expect(error.message).not.toContain(secret)
    expect(JSON.stringify(error.toJSON())).not.toContain(secret)
    const transport = mapError(new Error(`socket hang up ${secret}`), { operation: 'get', secrets: [secret] })
    expect(transport.message).not.toContain(secret)
  })
})
