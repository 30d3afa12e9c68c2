import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { acs3Authorization, acsDate, EMPTY_SHA256, encodeParams, percentEncode } from './acs3-signature.js'

// The anchor: the real SDK's signer, @alicloud/openapi-util's getAuthorization (what
// @alicloud/openapi-client's callApi signs every RPC request with), over the same inputs.
const OpenApiUtil = createRequire(import.meta.url)('@alicloud/openapi-util').default as {
  getAuthorization(
    request: {
      pathname: string
      method: string
      query: Record<string, string>
      headers: Record<string, string>
    },
    algorithm: string,
    payload: string,
    accessKeyId: string,
    accessKeySecret: string,
  ): string
  encode?(value: string): string
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex')
const BASE = {
  host: 'cn-hangzhou.fnf.aliyuncs.com',
  'x-acs-version': '2019-03-15',
  'x-acs-action': 'DescribeExecution',
  'user-agent': 'test-agent/1',
  'x-acs-date': '2024-05-06T07:08:09Z',
  'x-acs-signature-nonce': '1c0b6f8e-3a5d-4f7e-9e0a-2b8c4d6f8a10',
  accept: 'application/json',
}

const CASES: [string, 'GET' | 'POST', Record<string, unknown>, Record<string, string>, string][] = [
  ['a GET with two parameters', 'GET', { FlowName: 'orders', ExecutionName: 'run-1' }, {}, 'secret'],
  [
    "a GET whose values need encoding (space, !'()*, ~, /, &=, ü, emoji)",
    'GET',
    { FlowName: "a b!'()*~/&=ü😀", ExecutionName: 'x+y%z', Limit: 99 },
    {},
    'another/secret+=',
  ],
  ['a GET without parameters', 'GET', {}, {}, 'secret'],
  ['a GET with an undefined parameter (left out)', 'GET', { FlowName: 'f', NextToken: undefined }, {}, 's'],
  [
    'a POST (form body, content-type signed)',
    'POST',
    { FlowName: 'f', ExecutionName: 'e', Cause: 'a b&c=d ü' },
    { 'content-type': 'application/x-www-form-urlencoded' },
    'secret',
  ],
  [
    'an STS request (x-acs-accesskey-id and x-acs-security-token signed)',
    'GET',
    { FlowName: 'f' },
    { 'x-acs-accesskey-id': 'STS.AK', 'x-acs-security-token': 'CAIS token/with+chars==' },
    'sts-secret',
  ],
  [
    'header values with spaces around them (trimmed)',
    'GET',
    { FlowName: 'f' },
    { 'x-acs-credentials-provider': '  static_sts ', host: ' 127.0.0.1:4510 ' },
    'secret',
  ],
]

describe('acs3Authorization: the same Authorization as openapi-util’s getAuthorization', () => {
  it.each(CASES)('%s', (_name, method, params, extraHeaders, secret) => {
    const post = method === 'POST'
    const { canonical, wire } = encodeParams(params)
    const payloadHash = post ? hex(wire) : EMPTY_SHA256
    const headers = { ...BASE, ...extraHeaders, 'x-acs-content-sha256': payloadHash }
    const ours = acs3Authorization({
      method,
      canonicalQuery: post ? '' : canonical,
      headers,
      payloadHash,
      accessKeyId: 'LTAI-test-key',
      accessKeySecret: secret,
    })
    // The SDK takes the query as a map of text values, and skips nothing but undefined ones.
    const query = Object.fromEntries(
      Object.entries(params)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    )
    const sdk = OpenApiUtil.getAuthorization(
      { pathname: '/', method, query: post ? {} : query, headers },
      'ACS3-HMAC-SHA256',
      payloadHash,
      'LTAI-test-key',
      secret,
    )
    expect(ours).toBe(sdk)
    expect(ours).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI-test-key,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$/,
    )
  })

  it('signs host, content-type and the x-acs-* headers only, sorted', () => {
    const headers = {
      ...BASE,
      'content-type': 'x',
      'x-acs-content-sha256': EMPTY_SHA256,
      authorization: 'no',
    }
    const auth = acs3Authorization({
      method: 'POST',
      canonicalQuery: '',
      headers,
      payloadHash: EMPTY_SHA256,
      accessKeyId: 'AK',
      accessKeySecret: 'S',
    })
    expect(auth).toContain(
      'SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,',
    )
  })
})

describe('encoding and the date', () => {
  it.each([
    ['plain', 'plain'],
    ["!'()*", '%21%27%28%29%2A'],
    ['a b+c', 'a%20b%2Bc'],
    ['~-_.', '~-_.'],
    ['ü', '%C3%BC'],
  ])('percentEncode(%j) = %j, as openapi-util encodes', (value, encoded) => {
    expect(percentEncode(value)).toBe(encoded)
  })

  it('encodeParams sorts by name, leaves out undefined values and encodes names only on the wire', () => {
    expect(encodeParams({ b: 2, a: 'x y', c: undefined, 'N(1)': '!' })).toEqual({
      canonical: 'N(1)=%21&a=x%20y&b=2',
      wire: 'N%281%29=%21&a=x%20y&b=2',
    })
  })

  it('x-acs-date is UTC to the second, as openapi-util’s getTimestamp writes it', () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const date = acsDate()
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(Date.parse(date)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(date)).toBeLessThanOrEqual(Date.now())
  })
})
