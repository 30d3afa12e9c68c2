import type * as Crypto from 'node:crypto'

/** The signature algorithm the built-in client signs with, as `@alicloud/openapi-client` does by default. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

// node:crypto is fetched on the first signature: nothing is loaded when the package is imported.
let crypto: typeof Crypto | undefined
const cryptoModule = () => {
  crypto ??= process.getBuiltinModule('node:crypto') as typeof Crypto
  return crypto
}

/** The hex SHA-256 of `text`: the `x-acs-content-sha256` of a body. */
export const sha256Hex = (text: string) => cryptoModule().createHash('sha256').update(text).digest('hex')

/** The `x-acs-content-sha256` of an empty body (every GET). */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** openapi-util's `encode`: `encodeURIComponent`, and `!'()*` too, which it leaves alone. */
export const percentEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The parameters of a call (undefined ones left out, others as text) sorted by name: the canonical
 * query (names as they are, values percent-encoded, as openapi-util signs them) and the same
 * encoded as sent (names percent-encoded too).
 */
export function encodeParams(params: object): { canonical: string; wire: string } {
  const names = Object.keys(params).sort()
  let canonical = ''
  let wire = ''
  for (const name of names) {
    const value = (params as Record<string, unknown>)[name]
    if (value === undefined) continue
    const encoded = percentEncode(String(value))
    const and = canonical === '' ? '' : '&'
    canonical += `${and}${name}=${encoded}`
    wire += `${and}${percentEncode(name)}=${encoded}`
  }
  return { canonical, wire }
}

/** What one request is signed over. */
export interface Acs3Input {
  /** `GET` or `POST`. */
  readonly method: string
  /** The canonical query string: sorted by name, `name=percentEncode(value)` joined by `&` ('' for none). */
  readonly canonicalQuery: string
  /** The headers as sent, names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** `x-acs-content-sha256`: the hex SHA-256 of the body. */
  readonly payloadHash: string
  /** The AccessKey id. */
  readonly accessKeyId: string
  /** The AccessKey secret. */
  readonly accessKeySecret: string
}

/**
 * The `Authorization` header of an ACS3-HMAC-SHA256 request to `/`, as `@alicloud/openapi-util`'s
 * `getAuthorization` builds it: the signed headers are `host`, `content-type` and every `x-acs-*`
 * header (sorted, values trimmed); the string to sign is the algorithm and the hex SHA-256 of
 * `method \n / \n query \n headers \n signed names \n payload hash`, signed with HMAC-SHA256.
 */
export function acs3Authorization(input: Acs3Input): string {
  const { headers } = input
  const names = Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort()
  let canonicalHeaders = ''
  for (const name of names) canonicalHeaders += `${name}:${(headers[name] as string).trim()}\n`
  const signed = names.join(';')
  const canonicalRequest = `${input.method}\n/\n${input.canonicalQuery}\n${canonicalHeaders}\n${signed}\n${input.payloadHash}`
  const { createHmac } = cryptoModule()
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign).digest('hex')
  return `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signed},Signature=${signature}`
}

/** A fresh `x-acs-signature-nonce`. */
export const signatureNonce = () => cryptoModule().randomUUID()

/** `x-acs-date`: the time in UTC, to the second (`2024-01-01T00:00:00Z`), as openapi-util writes it. */
export const acsDate = () => `${new Date().toISOString().slice(0, 19)}Z`
