import { errorCodeRules, mapServiceError, RunError, type RunHandle, type RunOperation } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { readAlibabaError } from './alibaba-error.js'
import { GATEWAY_ERROR_CODES } from './gateway-error-codes.js'
import { codeOnlyError, openApiError, popCoreError, REQUEST_ID } from './test-support/sdk-errors.js'

// A product's mapping is its own table after the gateway's, and mapServiceError over
// readAlibabaError. This one has no table of its own: only the gateway's codes and the fallbacks.
const rules = errorCodeRules(GATEWAY_ERROR_CODES)
const handle: RunHandle = { provider: 'alibaba-test', thingName: 'thing' }
interface Context {
  readonly operation: RunOperation
  readonly handle?: RunHandle
  readonly signal?: AbortSignal
  readonly secrets?: readonly string[]
  readonly httpStatus?: number
}
const mapError = (error: unknown, context: Context) =>
  mapServiceError(error, readAlibabaError(error, context.httpStatus), {
    ...context,
    provider: 'alibaba-test',
    what: 'Alibaba Test GetThing',
    rules,
  })

describe('readAlibabaError: the fields, wherever each SDK keeps them', () => {
  it('openapi-client: code, status, request id, message and details from its ResponseError', () => {
    expect(readAlibabaError(openApiError('FlowNotExists', 404, 'Flow f does not exist.'))).toMatchObject({
      providerCode: 'FlowNotExists',
      httpStatus: 404,
      requestId: REQUEST_ID,
      providerMessage: 'Flow f does not exist.',
      details: { hostId: 'cn-hangzhou.fnf.aliyuncs.com' },
      unreadableBody: false,
      setup: undefined,
    })
  })

  it('pop-core: the status from entry.response, never its message (which holds the signed URL)', () => {
    const fields = readAlibabaError(popCoreError('AccessDenied', 403, 'denied'))
    expect(fields).toMatchObject({ providerCode: 'AccessDenied', httpStatus: 403, providerMessage: 'denied' })
    expect(JSON.stringify(fields)).not.toContain('Signature')
  })

  it('a code-only error: no status but the one the transport saw', () => {
    expect(readAlibabaError(codeOnlyError('Throttling.User')).httpStatus).toBeUndefined()
    expect(readAlibabaError(codeOnlyError('Throttling.User'), 429)).toMatchObject({
      providerCode: 'Throttling.User',
      httpStatus: 429,
      requestId: REQUEST_ID,
    })
  })

  it('the error’s own status wins over the transport’s', () => {
    expect(readAlibabaError(openApiError('InternalServerError', 500, 'x'), 502).httpStatus).toBe(500)
  })

  it.each([
    ['a Node.js socket code', { code: 'ECONNRESET' }, undefined],
    ['a Node.js ERR_ code', { code: 'ERR_SOCKET_CLOSED' }, undefined],
    ['an undici code', { code: 'UND_ERR_SOCKET' }, undefined],
    ['openapi-client’s "undefined" code', { code: 'undefined', data: { statusCode: 503 } }, undefined],
    ['a lower-case data.code', { data: { code: 'Throttling' } }, 'Throttling'],
    ['a provider code on the error only', { code: 'InvalidCredentials' }, 'InvalidCredentials'],
  ])('%s → providerCode %s', (_name, error, expected) => {
    expect(readAlibabaError(error).providerCode).toBe(expected)
  })

  it.each([
    ['a SyntaxError', new SyntaxError('Unexpected token <'), true],
    ['tea’s "not a object"', new Error('The value is not a object'), true],
    ['an ordinary error', new Error('boom'), false],
  ])('%s: unreadableBody %s', (_name, error, expected) => {
    expect(readAlibabaError(error).unreadableBody).toBe(expected)
  })

  it('a credential failure before any answer is a setup problem; with a status it is the answer’s', () => {
    const chain = new Error('unable to get credentials from any of the providers in the chain')
    expect(readAlibabaError(chain).setup).toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(readAlibabaError(Object.assign(chain, { statusCode: 404 })).setup).toBeUndefined()
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
