import { describe, expect, it } from 'vitest'
import { RunError } from './run-error.js'
import { errorCodeRules, mapServiceError, type ServiceErrorContext } from './service-error.js'

const rules = errorCodeRules(
  { Throttling: { code: 'THROTTLED' }, Busy: { code: 'UNAVAILABLE', retryable: false } },
  { 'Throttling.Api': { code: 'QUOTA_EXCEEDED', hint: 'Ask for more.' } },
)
const context: ServiceErrorContext = { provider: 'p', what: 'P Op', operation: 'get', rules }

describe('errorCodeRules', () => {
  it.each([
    ['throttling', 'THROTTLED'],
    ['Throttling.User', 'THROTTLED'],
    ['THROTTLING.API', 'QUOTA_EXCEEDED'],
    ['Busy', 'UNAVAILABLE'],
    ['Unknown.Thing', undefined],
  ])('%s → %s', (code, expected) => {
    expect(rules(code)?.code).toBe(expected)
  })

  it('reads its tables on the first lookup, once (an adapter makes its lookup when its module loads)', () => {
    let reads = 0
    const table = {
      get Throttling() {
        reads++
        return 'THROTTLED' as const
      },
    }
    const lookup = errorCodeRules(table)
    expect(reads).toBe(0)
    expect(lookup('Throttling')?.code).toBe('THROTTLED')
    expect(lookup('throttling.user')?.code).toBe('THROTTLED')
    expect(reads).toBe(1)
  })
})

describe('mapServiceError', () => {
  it('maps by the provider code first, keeping status, request id, details, hint and retryability', () => {
    const error = mapServiceError(
      new Error('sdk text'),
      {
        providerCode: 'Throttling.Api',
        httpStatus: 400,
        requestId: 'R1',
        providerMessage: 'slow down',
        details: { a: 1 },
      },
      context,
    )
    expect(error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      providerCode: 'Throttling.Api',
      httpStatus: 400,
      requestId: 'R1',
      details: { a: 1 },
      message: 'P Op failed with Throttling.Api (HTTP 400): slow down. Ask for more.',
    })
    expect(mapServiceError({}, { providerCode: 'Busy' }, context).retryable).toBe(false)
  })

  it.each([
    [{ providerCode: 'New', httpStatus: 404 }, 'NOT_FOUND'],
    [{ providerCode: 'New' }, 'UNKNOWN'],
    [{ unreadableBody: true }, 'UNAVAILABLE'],
    [{ unreadableBody: true, httpStatus: 502 }, 'UNAVAILABLE'],
    [{ unreadableBody: true, httpStatus: 403 }, 'ACCESS_DENIED'],
    [{ unreadableBody: true, httpStatus: 200 }, 'UNKNOWN'],
    [{ httpStatus: 429 }, 'THROTTLED'],
    [{ setup: { code: 'UNAUTHENTICATED' as const, message: 'no credentials.' } }, 'UNAUTHENTICATED'],
    [{}, 'UNKNOWN'],
  ])('%j → %s', (fields, code) => {
    expect(mapServiceError(new Error('x'), fields, context).code).toBe(code)
  })

  it('transport failures are NETWORK even with a code read; an aborted signal is ABORTED', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(mapServiceError(reset, { providerCode: 'Throttling' }, context)).toMatchObject({
      code: 'NETWORK',
      message: 'P Op did not get an answer: ECONNRESET.',
    })
    const signal = AbortSignal.abort()
    expect(mapServiceError(reset, { providerCode: 'Throttling' }, { ...context, signal }).code).toBe(
      'ABORTED',
    )
  })

  it('keeps a RunError, filling in operation and handle', () => {
    const handle = { provider: 'p', id: '1' }
    const original = new RunError({ code: 'VALIDATION', message: 'bad', provider: 'p' })
    expect(mapServiceError(original, {}, { ...context, handle })).toMatchObject({
      code: 'VALIDATION',
      operation: 'get',
      handle,
    })
  })

  it('copies no URL of an unknown error and no configured secret anywhere', () => {
    const secret = 'a-configured-secret-value'
    const error = mapServiceError(
      new Error(`boom ${secret} at https://host/?Signature=abc`),
      {},
      { ...context, secrets: [secret] },
    )
    expect(error.message).toBe('P Op failed: Error: boom [REDACTED] at.')
    expect(JSON.stringify(error.toJSON())).not.toContain(secret)
  })
})
