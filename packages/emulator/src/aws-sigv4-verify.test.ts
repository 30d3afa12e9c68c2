import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { verifySigV4 } from './aws-sigv4-verify.js'
import type { EmulatorRequest } from './types.js'

const secret = 'sigv4-test-secret-value'
const key = 'AKIDSIGV4TEST'

async function signed(options: {
  service?: string
  region?: string
  path?: string
  body?: string
  sessionToken?: string
}) {
  const signer = new SignatureV4({
    service: options.service ?? 'bedrock',
    region: options.region ?? 'eu-west-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: key, secretAccessKey: secret, sessionToken: options.sessionToken },
  })
  const path = options.path ?? '/flows/f%3Ax/aliases/a/executions/e'
  const body = options.body ?? '{"a":1}'
  const request = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4510,
      path,
      query: { q: 'a b' },
      headers: { host: '127.0.0.1:4510', 'content-type': 'application/json' },
      body,
    }),
  )
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
  )
  return {
    method: 'POST',
    path,
    query: new URLSearchParams('q=a%20b'),
    headers,
    body: Buffer.from(body),
    httpVersion: '1.1',
  } satisfies EmulatorRequest
}

const expected = { service: 'bedrock', accessKeyId: key, secretAccessKey: secret }

describe('verifySigV4', () => {
  it('accepts a request signed by the SDK signer and reports the scope region', async () => {
    expect(await verifySigV4(await signed({}), expected)).toEqual({
      ok: true,
      region: 'eu-west-1',
      accessKeyId: key,
    })
  })

  it('accepts a request with a session token', async () => {
    expect((await verifySigV4(await signed({ sessionToken: 'tok' }), expected)).ok).toBe(true)
  })

  it('rejects a wrong secret with InvalidSignatureException', async () => {
    const result = await verifySigV4(await signed({}), { ...expected, secretAccessKey: 'other-secret' })
    expect(result).toMatchObject({ ok: false, code: 'InvalidSignatureException' })
  })

  it('rejects a tampered body', async () => {
    const request = await signed({})
    const result = await verifySigV4({ ...request, body: Buffer.from('{"a":2}') }, expected)
    expect(result).toMatchObject({ ok: false, code: 'InvalidSignatureException' })
  })

  it('rejects an unknown access key with UnrecognizedClientException', async () => {
    const result = await verifySigV4(await signed({}), { ...expected, accessKeyId: 'AKIDSOMEONEELSE' })
    expect(result).toMatchObject({ ok: false, code: 'UnrecognizedClientException' })
  })

  it('rejects a signature scoped to another service', async () => {
    const result = await verifySigV4(await signed({ service: 'airflow-serverless' }), expected)
    expect(result).toMatchObject({ ok: false, code: 'InvalidSignatureException' })
  })

  it('answers MissingAuthenticationTokenException without an Authorization header', async () => {
    const request = await signed({})
    const { authorization: _dropped, ...headers } = request.headers
    expect(await verifySigV4({ ...request, headers }, expected)).toMatchObject({
      ok: false,
      code: 'MissingAuthenticationTokenException',
    })
  })

  it('answers IncompleteSignatureException for a malformed Authorization header', async () => {
    const request = await signed({})
    const result = await verifySigV4(
      { ...request, headers: { ...request.headers, authorization: 'AWS4 nonsense' } },
      expected,
    )
    expect(result).toMatchObject({ ok: false, code: 'IncompleteSignatureException' })
  })
})
