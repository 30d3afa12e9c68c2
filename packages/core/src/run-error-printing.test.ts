import { Socket } from 'node:net'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'

const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEFAKESESSIONTOKENvalue0123456789abcdef'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/airflow-serverless/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`

/** Every way a RunError gets printed: message, String, JSON, toJSON, stack, util.inspect (deep). */
function everyPrint(error: RunError): string {
  return [
    error.message,
    String(error),
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    error.stack ?? '',
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    inspect(error.cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(error.details, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join('\n')
}

/** Something like what an SDK rejects with: the body echoes the token, the raw exchange hangs off it. */
function sdkLikeError(): Error {
  const socket = new Socket()
  const request = {
    _header: `POST / HTTP/1.1\r\nAuthorization: ${AUTHORIZATION}\r\nX-Amz-Security-Token: ${SESSION_TOKEN}\r\n`,
    socket,
  }
  const inner = new Error(`deep down: token ${SESSION_TOKEN}`)
  const error = Object.assign(
    new Error(`The security token included in the request is invalid: ${SESSION_TOKEN}`, { cause: inner }),
    {
      name: 'UnrecognizedClientException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'req-1', attempts: 1 },
      $response: { statusCode: 403, headers: { 'x-amzn-requestid': 'req-1' }, body: { req: request } },
      data: {
        Code: 'InvalidSecurityToken',
        Message: `echo ${SESSION_TOKEN}`,
        nested: { deeper: { key: SECRET } },
      },
      requestOptions: { headers: { Authorization: AUTHORIZATION }, secretAccessKey: SECRET },
    },
  )
  socket.destroy()
  return error
}

describe('RunError: no secret reachable by any printing path', () => {
  it('redacts the cause once, at construction: message, stack, fields and the cause chain', () => {
    const raw = sdkLikeError()
    const error = new RunError({
      code: 'UNAUTHENTICATED',
      message: `MWAA Serverless StopWorkflowRun failed: ${raw.message}`,
      provider: 'mwaa-serverless',
      operation: 'stop',
      secrets: [SECRET, SESSION_TOKEN],
      details: { Reason: `echo ${SESSION_TOKEN}` },
      cause: raw,
    })
    const printed = everyPrint(error)
    expect(printed).not.toContain(SESSION_TOKEN)
    expect(printed).not.toContain(SECRET)
    expect(printed).not.toContain(SIGNATURE)
    expect(printed).not.toMatch(/authorization/i)
    // Still useful for debugging: the error name, request id and HTTP status are kept.
    const cause = error.cause as Error & Record<string, unknown>
    expect(cause.name).toBe('UnrecognizedClientException')
    expect(cause.$metadata).toEqual({ httpStatusCode: 403, requestId: 'req-1', attempts: 1 })
    expect((cause.data as Record<string, unknown>).Code).toBe('InvalidSecurityToken')
    expect((cause.cause as Error).message).toBe('deep down: token [REDACTED]')
  })

  it('keeps redacting through with() and wrapping RunErrors', () => {
    const first = new RunError({
      code: 'UNAVAILABLE',
      message: 'x',
      provider: 'p',
      secrets: [SESSION_TOKEN],
      cause: sdkLikeError(),
    })
    const wrapped = new RunError({ code: 'TIMEOUT', message: 'late', provider: 'p', cause: first })
    expect(wrapped.cause).toBe(first)
    for (const error of [first.with({ operation: 'get' }), wrapped]) {
      const printed = everyPrint(error)
      expect(printed).not.toContain(SESSION_TOKEN)
      expect(printed).not.toContain(SIGNATURE)
    }
  })
})

describe('RunError.toJSON never throws', () => {
  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = cyclic
  const throwing = Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  const cases: [string, Partial<ConstructorParameters<typeof RunError>[0]>][] = [
    ['a BigInt in the handle', { handle: { provider: 'p', id: 1n } as unknown as RunHandle }],
    ['a BigInt in details', { details: { n: 12n } }],
    ['a cycle in details', { details: { cyclic } }],
    ['a throwing getter in details', { details: { throwing } }],
    ['a throwing getter in the handle', { handle: throwing as unknown as RunHandle }],
    ['a revoked proxy as the handle', { handle: revoked() as RunHandle }],
    ['a throwing getter in the last snapshot', { lastSnapshot: throwing as unknown as RunSnapshot }],
    ['a cyclic cause', { cause: cyclic }],
    ['a throwing cause', { cause: throwing }],
  ]
  it.each(cases)('%s', (_name, extra) => {
    const error = new RunError({ code: 'VALIDATION', message: 'bad', provider: 'p', ...extra })
    expect(() => JSON.stringify(error)).not.toThrow()
    expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toThrow()
    expect(JSON.parse(JSON.stringify(error)).code).toBe('VALIDATION')
  })

  it('writes a BigInt as its decimal string and a cycle as a marker', () => {
    const error = new RunError({
      code: 'VALIDATION',
      message: 'bad',
      provider: 'p',
      details: { n: 12n, cyclic },
    })
    expect(error.toJSON().details).toEqual({ n: '12', cyclic: { a: 1, self: '[Circular]' } })
  })
})

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}
