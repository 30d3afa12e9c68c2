import { describe, expect, it } from 'vitest'
import { transportErrorCode } from './transport-error.js'

const withCode = (code: string) => Object.assign(new Error(`connect ${code}`), { code })

describe('transportErrorCode', () => {
  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED'), 'NETWORK'],
    ['ECONNRESET', withCode('ECONNRESET'), 'NETWORK'],
    ['DNS ENOTFOUND', Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'NETWORK'],
    ['EAI_AGAIN', Object.assign(new Error('dns'), { code: 'EAI_AGAIN' }), 'NETWORK'],
    [
      'an undici socket error',
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      'NETWORK',
    ],
    ['an HTTP/2 stream error', Object.assign(new Error('h2'), { code: 'ERR_HTTP2_STREAM_ERROR' }), 'NETWORK'],
    ['a socket hang up message', new Error('socket hang up'), 'NETWORK'],
    [
      'an httpx timeout (Alibaba SDKs)',
      Object.assign(new Error('ReadTimeout(10000). GET http://h/ failed.'), { name: 'RequestTimeoutError' }),
      'NETWORK',
    ],
    ['a TimeoutError name', Object.assign(new Error('socket timeout'), { name: 'TimeoutError' }), 'NETWORK'],
    ['a network error in the cause', new Error('fetch failed', { cause: withCode('ECONNRESET') }), 'NETWORK'],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ABORTED'],
    [
      'an AbortError as cause',
      new Error('wrapped', { cause: new DOMException('x', 'AbortError') }),
      'ABORTED',
    ],
    ['a plain error', new Error('ValidationException: bad'), undefined],
    [
      'an HTTP 500 error object',
      { name: 'InternalServerException', $metadata: { httpStatusCode: 500 } },
      undefined,
    ],
    ['a string', 'ECONNRESET', undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
  ] as const)('%s', (_name, error, expected) => {
    expect(transportErrorCode(error)).toBe(expected)
  })

  it('answers ABORTED when the call signal fired, whatever the error looks like', () => {
    expect(transportErrorCode(withCode('ECONNRESET'), AbortSignal.abort())).toBe('ABORTED')
    expect(transportErrorCode(new Error('plain'), AbortSignal.abort())).toBe('ABORTED')
    expect(transportErrorCode(withCode('ECONNRESET'), new AbortController().signal)).toBe('NETWORK')
  })

  it('stops following a cause chain after a few links, even a cyclic one', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' }
    const b = { message: 'b', cause: a }
    a.cause = b
    expect(transportErrorCode(a)).toBeUndefined()
    let deep: unknown = withCode('ECONNRESET')
    for (let i = 0; i < 6; i++) deep = { message: `layer ${i}`, cause: deep }
    expect(transportErrorCode(deep)).toBeUndefined()
  })
})
