import { describe, expect, it } from 'vitest'
import { isRetryableByDefault, RUN_ERROR_CODES, RunError, type RunErrorCode } from './run-error.js'

const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'
const ACCESS_KEY = 'AKIDEXAMPLE'
const AUTH_HEADER = `Authorization: AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20150830/us-east-1/airflow-serverless/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${SIGNATURE}`

function make(message: string, extra: Partial<ConstructorParameters<typeof RunError>[0]> = {}): RunError {
  return new RunError({ code: 'UNAUTHENTICATED', message, provider: 'mwaa-serverless', ...extra })
}

describe('RunError.is', () => {
  it('recognises a RunError, and one built by a second installed copy', () => {
    // A second copy of the package has its own class but registers the same global symbol.
    class OtherCopyRunError extends Error {
      readonly code = 'THROTTLED'
      constructor() {
        super('from the other copy')
        Object.defineProperty(this, Symbol.for('runstop.RunError'), { value: true })
      }
    }
    const other = new OtherCopyRunError()
    expect(other instanceof RunError).toBe(false)
    expect(RunError.is(other)).toBe(true)
    expect(RunError.is(make('x'))).toBe(true)
    expect(RunError.is({ [Symbol.for('runstop.RunError')]: true, code: 'UNKNOWN' })).toBe(true)
  })

  it.each([
    ['a plain Error', new Error('x')],
    ['a look-alike with a local symbol', { [Symbol('runstop.RunError')]: true }],
    ['a marker that is not true', { [Symbol.for('runstop.RunError')]: 'yes' }],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'RunError'],
    ['an object named RunError', { name: 'RunError', code: 'UNKNOWN' }],
  ])('rejects %s', (_name, value) => {
    expect(RunError.is(value)).toBe(false)
  })
})

describe('RunError.toJSON', () => {
  it('scrubs an AWS SigV4 Authorization header from the message', () => {
    const error = make(`request failed; ${AUTH_HEADER}`)
    const json = JSON.stringify(error)
    expect(json).not.toContain(SIGNATURE)
    expect(json).not.toContain(ACCESS_KEY)
    expect(error.message).not.toContain(SIGNATURE)
    expect(json).toContain('[REDACTED]')
    expect(json).toContain('request failed')
  })

  it.each([
    ['a bare Signature=', `X-Amz-Signature=${SIGNATURE}&X-Amz-Date=20150830T123600Z`],
    ['a security token', 'x-amz-security-token: FwoGZXIvYXdzEBYaDH2tokenvalue'],
    ['an Alibaba secret', 'accessKeySecret=alibabaSecretValue123'],
    [
      'an ACS3 Authorization header',
      'authorization: ACS3-HMAC-SHA256 Credential=LTAIxx,SignedHeaders=host,Signature=abc123def456',
    ],
    [
      'a JSON-quoted header',
      `{"Authorization":"AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/x, Signature=${SIGNATURE}"}`,
    ],
  ])('scrubs %s', (_name, message) => {
    const json = JSON.stringify(make(message))
    for (const secret of [
      SIGNATURE,
      ACCESS_KEY,
      'FwoGZXIvYXdzEBYaDH2tokenvalue',
      'alibabaSecretValue123',
      'abc123def456',
    ])
      expect(json).not.toContain(secret)
  })

  it('scrubs configured secrets from the message, the cause and the details', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const error = make(`signing with ${secret} failed`, {
      secrets: [secret, undefined],
      cause: new Error(`bad key ${secret}`),
      details: { echoed: `key=${secret}` },
    })
    const json = JSON.stringify(error)
    expect(json).not.toContain(secret)
    expect(error.message).toBe('signing with [REDACTED] failed')
    // with() keeps the redaction made with the original secrets.
    expect(JSON.stringify(error.with({ operation: 'stop' }))).not.toContain(secret)
  })

  it('describes the cause by name and message only, never as the object', () => {
    const cause = Object.assign(new Error(`denied; ${AUTH_HEADER}`), {
      $response: { headers: { authorization: AUTH_HEADER } },
      config: { credentials: { secretAccessKey: 'supersecretvalue' } },
    })
    const error = make('denied', { cause })
    // A redacted copy: the raw response and config are not kept at all.
    expect(error.cause).not.toBe(cause)
    expect(error.cause).toBeInstanceOf(Error)
    expect(Object.keys(error.cause as object)).toEqual([])
    const json = error.toJSON()
    expect(json.cause).toEqual({ name: 'Error', message: expect.stringContaining('[REDACTED]') })
    const text = JSON.stringify(error)
    expect(text).not.toContain('supersecretvalue')
    expect(text).not.toContain(SIGNATURE)
    expect(text).not.toContain('$response')
    expect(Object.keys(error)).not.toContain('cause')
  })

  it('keeps plain fields and summarises the last snapshot', () => {
    const handle = { provider: 'p', id: '1' }
    const error = new RunError({
      code: 'TIMEOUT',
      message: 'wait timed out',
      provider: 'p',
      operation: 'get',
      httpStatus: 504,
      providerCode: 'OperationTimeoutException',
      requestId: 'req-1',
      retryAfterMs: 250,
      handle,
      details: { polls: 3 },
      lastSnapshot: { handle, status: 'stopping', providerStatus: 'STOPPING', raw: { big: 'body' } },
    })
    expect(error.toJSON()).toEqual({
      name: 'RunError',
      code: 'TIMEOUT',
      message: 'wait timed out',
      provider: 'p',
      operation: 'get',
      retryable: true,
      retryAfterMs: 250,
      httpStatus: 504,
      providerCode: 'OperationTimeoutException',
      requestId: 'req-1',
      handle,
      details: { polls: 3 },
      lastSnapshot: { status: 'stopping', providerStatus: 'STOPPING' },
    })
  })

  it('does not fail on circular details', () => {
    const details: Record<string, unknown> = {}
    details.self = details
    expect(() => JSON.stringify(make('x', { details }))).not.toThrow()
  })
})

describe('RunError fields', () => {
  const retryable = new Set<RunErrorCode>(['THROTTLED', 'TIMEOUT', 'UNAVAILABLE', 'NETWORK'])
  it.each(RUN_ERROR_CODES.map((code) => [code, retryable.has(code)] as const))(
    '%s is retryable by default: %s',
    (code, expected) => {
      expect(isRetryableByDefault(code)).toBe(expected)
      expect(new RunError({ code, message: 'm', provider: 'p' }).retryable).toBe(expected)
    },
  )

  it('lets an adapter override retryable either way', () => {
    expect(new RunError({ code: 'CONFLICT', message: 'm', provider: 'p', retryable: true }).retryable).toBe(
      true,
    )
    expect(new RunError({ code: 'THROTTLED', message: 'm', provider: 'p', retryable: false }).retryable).toBe(
      false,
    )
  })

  it('drops a non-finite retryAfterMs and clamps a negative one', () => {
    expect(make('m', { retryAfterMs: Number.NaN }).retryAfterMs).toBeUndefined()
    expect(make('m', { retryAfterMs: -5 }).retryAfterMs).toBe(0)
  })

  it('with() copies, replaces and keeps the cause', () => {
    const cause = new Error('root')
    const error = make('m', { cause, providerCode: 'X' })
    const copy = error.with({ operation: 'stop', handle: { provider: 'p' } })
    expect(copy).not.toBe(error)
    expect(RunError.is(copy)).toBe(true)
    expect(copy.cause).toBe(error.cause)
    expect((copy.cause as Error).message).toBe('root')
    expect(copy.providerCode).toBe('X')
    expect(copy.operation).toBe('stop')
    expect(error.operation).toBeUndefined()
    expect(copy.name).toBe('RunError')
    expect(copy).toBeInstanceOf(Error)
  })
})
