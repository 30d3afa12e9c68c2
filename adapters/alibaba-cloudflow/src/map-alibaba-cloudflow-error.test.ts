import { RunError, type RunErrorCode } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import type { AlibabaCloudFlowHandle } from './alibaba-cloudflow-handle.js'
import { GATEWAY_ERROR_CODES, mapError, SEED_ERROR_CODES } from './map-alibaba-cloudflow-error.js'

const handle: AlibabaCloudFlowHandle = {
  provider: 'alibaba-cloudflow',
  flowName: 'flow',
  executionName: 'exec',
  region: 'cn-hangzhou',
}
const REQUEST_ID = '4F2A6C1E-7B1D-4C8A-9F00-1234567890AB'

/** The error `@alicloud/openapi-client` throws for a 4xx/5xx (tea `ResponseError`), field for field. */
function openApiError(code: string, status: number, message: string, extra: Record<string, unknown> = {}) {
  const data = {
    RequestId: REQUEST_ID,
    HostId: 'cn-hangzhou.fnf.aliyuncs.com',
    Code: code,
    Message: message,
    ...extra,
  }
  return Object.assign(new Error(`${code}: code: ${status}, ${message} request id: ${REQUEST_ID}`), {
    code,
    data: { ...data, statusCode: status },
    description: 'undefined',
    accessDeniedDetail: undefined,
    statusCode: status,
  })
}

/** The error `@alicloud/fnf-2019-03-15` (pop-core RPCClient) throws: the URL in the message, the status only in `entry`. */
function popCoreError(code: string, status: number, message: string) {
  const url =
    'http://127.0.0.1:4510/?AccessKeyId=LTAIKEY&Action=DescribeExecution&Signature=c2lnbmF0dXJlLXZhbHVl%3D&Timestamp=2024-01-01T00%3A00%3A00Z'
  const error = new Error(`${message}, URL: ${url}`)
  error.name = `${code}Error`
  return Object.assign(error, {
    code,
    data: { RequestId: REQUEST_ID, HostId: 'cn-hangzhou.fnf.aliyuncs.com', Code: code, Message: message },
    url,
    entry: { request: { headers: {} }, response: { statusCode: status, headers: {} } },
  })
}

/** A third-party client's error that carries only `code` and `data.RequestId`, no HTTP status. */
function codeOnlyError(code: string) {
  return Object.assign(new Error(code), { code, data: { RequestId: REQUEST_ID } })
}

// Seed 003's error-code table, row by row: HTTP status, code, and the RunError code DESIGN.md gives it.
const SEED_TABLE: readonly (readonly [string, number, RunErrorCode, boolean])[] = [
  ['ActionNotSupported', 400, 'NOT_SUPPORTED', false],
  ['APIVersionNotSupported', 400, 'NOT_SUPPORTED', false],
  ['EntityTooLarge', 400, 'VALIDATION', false],
  ['ExecutionAlreadyCompleted', 400, 'CONFLICT', false],
  ['InvalidArgument', 400, 'VALIDATION', false],
  ['MissingRequiredHeader', 400, 'VALIDATION', false],
  ['MissingRequiredParams', 400, 'VALIDATION', false],
  ['AccessDenied', 403, 'ACCESS_DENIED', false],
  ['InvalidAccessKeyID', 403, 'UNAUTHENTICATED', false],
  ['RequestTimeTooSkewed', 403, 'UNAUTHENTICATED', false],
  ['SignatureNotMatch', 403, 'UNAUTHENTICATED', false],
  ['ExecutionNotExists', 404, 'NOT_FOUND', false],
  ['FlowNotExists', 404, 'NOT_FOUND', false],
  ['ConcurrentUpdateError', 409, 'CONFLICT', true],
  ['UnsupportedMediaType', 415, 'NOT_SUPPORTED', false],
  ['ResourceThrottled', 429, 'THROTTLED', true],
  ['InternalServerError', 500, 'UNAVAILABLE', true],
]

describe('mapError: every code of seed 003, row by row', () => {
  it('the table has the seed’s seventeen codes with their HTTP statuses', () => {
    expect(SEED_TABLE).toHaveLength(17)
    expect(
      Object.fromEntries(Object.entries(SEED_ERROR_CODES).map(([code, rule]) => [code, rule.httpStatus])),
    ).toEqual(Object.fromEntries(SEED_TABLE.map(([code, status]) => [code, status])))
  })

  describe.each([
    ['@alicloud/openapi-client', openApiError, true],
    ['@alicloud/fnf-2019-03-15 (pop-core)', popCoreError, true],
  ] as const)('as thrown by %s', (_client, make, hasStatus) => {
    it.each(SEED_TABLE)('%s (HTTP %i) → %s, retryable %s', (code, status, expected, retryable) => {
      const error = mapError(make(code, status, `message of ${code}`), {
        operation: 'stop',
        handle,
      })
      expect(RunError.is(error)).toBe(true)
      expect(error).toMatchObject({
        code: expected,
        retryable,
        providerCode: code,
        provider: 'alibaba-cloudflow',
        operation: 'stop',
        requestId: REQUEST_ID,
        handle,
      })
      if (hasStatus) expect(error.httpStatus).toBe(status)
      expect(error.message).toContain(`failed with ${code} (HTTP ${status}): message of ${code}`)
      expect(error.message).toContain("execution 'exec' of flow 'flow'")
      expect(error.details).toMatchObject({ hostId: 'cn-hangzhou.fnf.aliyuncs.com' })
    })
  })

  it.each(SEED_TABLE)(
    '%s with no HTTP status (code only) still maps → %s',
    (code, _status, expected, retryable) => {
      const error = mapError(codeOnlyError(code), { operation: 'get', handle })
      expect(error).toMatchObject({ code: expected, retryable, providerCode: code, requestId: REQUEST_ID })
      expect(error.httpStatus).toBeUndefined()
    },
  )

  it('explains RequestTimeTooSkewed: check the machine clock', () => {
    const error = mapError(
      openApiError(
        'RequestTimeTooSkewed',
        403,
        'The difference between the request time 2024-01-01T00:00:00Z and the current time 2024-01-01T01:00:00Z is too large.',
      ),
      { operation: 'get', handle },
    )
    expect(error.message).toContain('Check the machine clock')
    expect(error.message).toContain('15 minutes')
  })

  it('matches codes case-insensitively', () => {
    expect(mapError(codeOnlyError('executionnotexists'), { operation: 'get' }).code).toBe('NOT_FOUND')
    expect(mapError(codeOnlyError('RESOURCETHROTTLED'), { operation: 'get' }).code).toBe('THROTTLED')
  })
})

describe('mapError: codes of the shared API gateway (not in seed 003)', () => {
  it.each(Object.entries(GATEWAY_ERROR_CODES))('%s → %s', (code, rule) => {
    expect(mapError(openApiError(code, 400, 'gateway'), { operation: 'get' }).code).toBe(rule.code)
  })

  it.each([
    ['Throttling.Resource', 'THROTTLED'],
    ['Throttling.User', 'THROTTLED'],
    ['Throttling.Api', 'THROTTLED'],
    ['Forbidden.AccessKeyDisabled', 'ACCESS_DENIED'],
    ['Forbidden.RAM', 'ACCESS_DENIED'],
    ['InvalidAccessKeyId.Unknown', 'UNAUTHENTICATED'],
    ['InvalidAccessKeyId.NotFound', 'UNAUTHENTICATED'],
    ['InvalidAccessKeyId.Inactive', 'UNAUTHENTICATED'],
    ['InvalidSecurityToken.Expired', 'UNAUTHENTICATED'],
    ['InvalidSecurityToken.Malformed', 'UNAUTHENTICATED'],
    ['InvalidSecurityToken.MismatchWithAccessKey', 'UNAUTHENTICATED'],
  ] as const)('family %s → %s', (code, expected) => {
    expect(mapError(codeOnlyError(code), { operation: 'get' }).code).toBe(expected)
  })
})

describe('mapError: HTTP-status fallback for codes no table knows', () => {
  it.each([
    [400, 'VALIDATION', false],
    [401, 'UNAUTHENTICATED', false],
    [403, 'ACCESS_DENIED', false],
    [404, 'NOT_FOUND', false],
    [409, 'CONFLICT', false],
    [413, 'VALIDATION', false],
    [415, 'NOT_SUPPORTED', false],
    [429, 'THROTTLED', true],
    [500, 'UNAVAILABLE', true],
    [502, 'UNAVAILABLE', true],
    [503, 'UNAVAILABLE', true],
    [504, 'UNAVAILABLE', true],
    [418, 'UNKNOWN', false],
  ] as const)('an unknown code with HTTP %i → %s', (status, expected, retryable) => {
    const fromOpenApi = mapError(openApiError('SomethingNew', status, 'new'), { operation: 'stop', handle })
    expect(fromOpenApi).toMatchObject({
      code: expected,
      retryable,
      providerCode: 'SomethingNew',
      httpStatus: status,
    })
    const fromPopCore = mapError(popCoreError('SomethingNew', status, 'new'), { operation: 'stop', handle })
    expect(fromPopCore).toMatchObject({ code: expected, httpStatus: status })
  })

  it('an unknown code without any status is UNKNOWN', () => {
    expect(mapError(codeOnlyError('SomethingNew'), { operation: 'get' })).toMatchObject({
      code: 'UNKNOWN',
      providerCode: 'SomethingNew',
    })
  })

  it('a body without Code (openapi-client reports code "undefined") maps by status', () => {
    const error = Object.assign(new Error('undefined: code: 503, undefined request id: undefined'), {
      code: 'undefined',
      data: { statusCode: 503 },
      statusCode: 503,
    })
    const mapped = mapError(error, { operation: 'get', handle })
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503, retryable: true })
    expect(mapped.providerCode).toBeUndefined()
    expect(mapped.requestId).toBeUndefined()
  })
})

describe('mapError: bodies that are not the documented shape', () => {
  it.each([
    ['an empty body', ''],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['plain text', 'upstream connect error'],
  ])(
    '%s (the SDK’s JSON.parse fails, status dropped) → retryable UNAVAILABLE, not a crash',
    (_name, body) => {
      let thrown: unknown
      try {
        JSON.parse(body)
      } catch (error) {
        thrown = error
      }
      const mapped = mapError(thrown, { operation: 'get', handle })
      expect(mapped).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
      expect(mapped.httpStatus).toBeUndefined()
      expect(mapped.message).toContain('not a JSON object')
    },
  )

  it.each([
    // status the transport saw, code, retryable
    [502, 'UNAVAILABLE', true],
    [503, 'UNAVAILABLE', true],
    [500, 'UNAVAILABLE', true],
    [504, 'UNAVAILABLE', true],
    [200, 'UNKNOWN', false],
    [403, 'ACCESS_DENIED', false],
    [404, 'NOT_FOUND', false],
    [429, 'THROTTLED', true],
  ] as const)('an unreadable body with HTTP %s (seen by the transport) → %s', (status, code, retryable) => {
    const syntax = (() => {
      try {
        JSON.parse('<html>')
      } catch (error) {
        return error
      }
    })()
    for (const thrown of [syntax, new Error('The value is not a object')]) {
      const mapped = mapError(thrown, { operation: 'stop', handle, httpStatus: status })
      expect(mapped).toMatchObject({ code, retryable, httpStatus: status, operation: 'stop' })
      expect(mapped.message).toContain(`HTTP ${status}`)
    }
  })

  it('json-bigint’s plain-object SyntaxError (pop-core) → retryable UNAVAILABLE', () => {
    const mapped = mapError(
      { name: 'SyntaxError', message: 'Unexpected character', at: 1, text: '<html>' },
      {
        operation: 'stop',
      },
    )
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
  })

  it.each([[undefined], [null], ['a string'], [42], [{}]])('%j → UNKNOWN', (value) => {
    expect(mapError(value, { operation: 'get' }).code).toBe('UNKNOWN')
  })
})

describe('mapError: transport failures, timeouts and aborts', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE'])(
    '%s → NETWORK (retryable)',
    (code) => {
      const error = Object.assign(new Error(`connect ${code} 127.0.0.1:1GET http://127.0.0.1:1/ failed.`), {
        code,
      })
      const mapped = mapError(error, { operation: 'get', handle })
      expect(mapped).toMatchObject({ code: 'NETWORK', retryable: true })
      expect(mapped.providerCode).toBeUndefined()
    },
  )

  it('httpx read timeout (RequestTimeoutError, "ReadTimeout(…)") → NETWORK', () => {
    const error = Object.assign(new Error('ReadTimeout(10000). GET http://127.0.0.1:4510/ failed.'), {
      name: 'RequestTimeoutError',
    })
    expect(mapError(error, { operation: 'get' })).toMatchObject({ code: 'NETWORK', retryable: true })
  })

  it('httpx connect timeout → NETWORK', () => {
    const error = Object.assign(new Error('ConnectTimeout: Connect http://10.255.255.1/ failed.'), {
      name: 'RequestTimeoutError',
    })
    expect(mapError(error, { operation: 'stop' }).code).toBe('NETWORK')
  })

  it('anything once the call’s signal fired → ABORTED', () => {
    const signal = AbortSignal.abort()
    expect(mapError(openApiError('InternalServerError', 500, 'x'), { operation: 'get', signal }).code).toBe(
      'ABORTED',
    )
    expect(mapError(signal.reason, { operation: 'stop', signal, handle })).toMatchObject({
      code: 'ABORTED',
      retryable: false,
    })
  })

  it('an AbortError without a fired signal → ABORTED', () => {
    const error = Object.assign(new Error('aborted'), { name: 'AbortError' })
    expect(mapError(error, { operation: 'get' }).code).toBe('ABORTED')
  })
})

describe('mapError: credentials and RunErrors', () => {
  it('an exhausted default credential chain → UNAUTHENTICATED with what to set', () => {
    const error = new Error(
      'unable to get credentials from any of the providers in the chain: unable to get credentials from enviroment variables',
    )
    const mapped = mapError(error, { operation: 'get', handle })
    expect(mapped.code).toBe('UNAUTHENTICATED')
    expect(mapped.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
  })

  it('openapi-client’s InvalidCredentials → UNAUTHENTICATED', () => {
    const error = Object.assign(new Error('InvalidCredentials: Please set up the credentials correctly.'), {
      code: 'InvalidCredentials',
    })
    expect(mapError(error, { operation: 'stop' }).code).toBe('UNAUTHENTICATED')
  })

  it('a RunError passes through, gaining the operation and handle', () => {
    const original = new RunError({
      code: 'VALIDATION',
      message: 'bad endpoint',
      provider: 'alibaba-cloudflow',
    })
    const mapped = mapError(original, { operation: 'stop', handle })
    expect(mapped).toMatchObject({ code: 'VALIDATION', message: 'bad endpoint', operation: 'stop', handle })
  })
})

describe('mapError: no secret in any message or toJSON()', () => {
  const secret = 'my-very-secret-access-key-secret'

  it('scrubs configured secrets that a provider message echoes', () => {
    const mapped = mapError(openApiError('SignatureNotMatch', 403, `string to sign used ${secret}`), {
      operation: 'get',
      handle,
      secrets: [secret],
    })
    expect(mapped.message).not.toContain(secret)
    expect(JSON.stringify(mapped.toJSON())).not.toContain(secret)
  })

  it('never copies pop-core’s signed URL into the message, and redacts its Signature in the cause', () => {
    const mapped = mapError(popCoreError('SignatureNotMatch', 403, 'The request signature does not match.'), {
      operation: 'get',
      handle,
    })
    expect(mapped.message).not.toContain('URL:')
    expect(mapped.message).not.toContain('c2lnbmF0dXJl')
    expect(JSON.stringify(mapped.toJSON())).not.toContain('c2lnbmF0dXJl')
  })

  it('keeps an unknown error’s text before any URL only', () => {
    const mapped = mapError(new Error('boom at http://127.0.0.1/?Signature=abc%3D'), { operation: 'get' })
    expect(mapped.code).toBe('UNKNOWN')
    expect(mapped.message).toContain('boom at')
    expect(mapped.message).not.toContain('Signature')
  })
})
