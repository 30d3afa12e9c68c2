import { createHash, createHmac, getHashes, timingSafeEqual } from 'node:crypto'
import type { EmulatorRequest } from '../types.js'
import type { ParsedRequest } from './protocol.js'

/** Alibaba Cloud rejects requests whose timestamp is more than 15 minutes off its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

export type AuthResult =
  | { readonly ok: true; readonly accessKeyId: string }
  | {
      readonly ok: false
      /** A code of the error table (InvalidAccessKeyID, SignatureNotMatch, RequestTimeTooSkewed, ...). */
      readonly code: string
      /** Values for the code's message template. */
      readonly args?: readonly string[]
      /** An explanation appended to the message. */
      readonly detail?: string
    }

export interface ExpectedCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
}

/**
 * openapi-util's `encode`: `encodeURIComponent`, plus `!'()*`, which it leaves alone. Used for
 * both the ACS3 canonical query string and the v1 string to sign.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A')
}

/** `YYYY-MM-DDTHH:mm:ssZ` (milliseconds tolerated), the format both signers send. */
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/

function checkTimestamp(value: string, field: string, now: number): AuthResult | undefined {
  const at = UTC_TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(at))
    return {
      ok: false,
      code: 'InvalidArgument',
      detail: `${field} '${value}' is not a UTC time in the form yyyy-MM-ddTHH:mm:ssZ.`,
    }
  if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS)
    return { ok: false, code: 'RequestTimeTooSkewed', args: [value, new Date(now).toISOString()] }
  return undefined
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const ACS3_AUTHORIZATION =
  /^(ACS3-[A-Z0-9-]+)\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/

/** ACS3 algorithms and their node hash names; SM3 only where the OpenSSL build has it. */
function acs3Hash(algorithm: string): string | undefined {
  if (algorithm === 'ACS3-HMAC-SHA256') return 'sha256'
  if (algorithm === 'ACS3-HMAC-SM3' && getHashes().includes('sm3')) return 'sm3'
  return undefined
}

/** Headers the service needs signed, whatever else the client signs. */
const REQUIRED_SIGNED = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-content-sha256']

/**
 * Verifies an ACS3-HMAC-SHA256 request the way openapi-util's `getAuthorization` builds it:
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *                      SignedHeaders \n HashedRequestPayload
 *   CanonicalQueryString = sorted `key=percentEncode(value)` joined by `&` (keys as sent)
 *   CanonicalHeaders = for each signed header, sorted: `name:trimmed value\n`
 *   StringToSign = Algorithm \n hex(hash(CanonicalRequest))
 *   Signature = hex(HMAC(secret, StringToSign))
 */
export function verifyAcs3(
  request: EmulatorRequest,
  parsed: ParsedRequest,
  expected: ExpectedCredentials,
  now: number,
): AuthResult {
  const match = ACS3_AUTHORIZATION.exec((request.headers.authorization ?? '').trim())
  if (!match)
    return {
      ok: false,
      code: 'SignatureNotMatch',
      detail:
        'The Authorization header must be "<algorithm> Credential=...,SignedHeaders=...,Signature=...".',
    }
  const [, algorithm, accessKeyId, signedHeaderList, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ]
  const hashName = acs3Hash(algorithm)
  if (!hashName)
    return {
      ok: false,
      code: 'SignatureNotMatch',
      detail: `Signature algorithm ${algorithm} is not supported.`,
    }
  for (const header of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!request.headers[header]) return { ok: false, code: 'MissingRequiredHeader', args: [header] }
  }
  if (accessKeyId !== expected.accessKeyId)
    return { ok: false, code: 'InvalidAccessKeyID', args: [accessKeyId] }
  const skew = checkTimestamp(request.headers['x-acs-date'] ?? '', 'x-acs-date', now)
  if (skew) return skew

  const signedHeaders = signedHeaderList.split(';')
  const missing = REQUIRED_SIGNED.filter((h) => !signedHeaders.includes(h))
  if (missing.length > 0)
    return { ok: false, code: 'SignatureNotMatch', detail: `Headers not signed: ${missing.join(', ')}.` }
  const payloadHash = createHash(hashName).update(request.body).digest('hex')
  if (!safeEqual(payloadHash, (request.headers['x-acs-content-sha256'] ?? '').toLowerCase()))
    return { ok: false, code: 'SignatureNotMatch', detail: 'x-acs-content-sha256 does not match the body.' }

  const canonicalQuery = Object.keys(parsed.query)
    .sort()
    .map((key) => `${key}=${percentEncode(parsed.query[key] ?? '')}`)
    .join('&')
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`)
    .join('')
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery,
    canonicalHeaders,
    [...signedHeaders].sort().join(';'),
    payloadHash,
  ].join('\n')
  const stringToSign = `${algorithm}\n${createHash(hashName).update(canonicalRequest).digest('hex')}`
  const expectedSignature = createHmac(hashName, expected.accessKeySecret).update(stringToSign).digest('hex')
  if (!safeEqual(expectedSignature, signature.toLowerCase())) return { ok: false, code: 'SignatureNotMatch' }
  return { ok: true, accessKeyId }
}

/**
 * Verifies a v1 (HMAC-SHA1) RPC request as openapi-util's `getRPCSignature` and pop-core sign it:
 *
 *   CanonicalizedQueryString = every parameter but Signature (query and form body), sorted by
 *                              key, `percentEncode(key)=percentEncode(value)` joined by `&`
 *   StringToSign = Method & percentEncode('/') & percentEncode(CanonicalizedQueryString)
 *   Signature = base64(HMAC-SHA1(secret + '&', StringToSign))
 */
export function verifyV1(
  request: EmulatorRequest,
  parsed: ParsedRequest,
  expected: ExpectedCredentials,
  now: number,
): AuthResult {
  const params = parsed.params
  for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
    if (params[name] === undefined || params[name] === '')
      return { ok: false, code: 'MissingRequiredParams', args: [name] }
  }
  if ((params.SignatureMethod ?? 'HMAC-SHA1') !== 'HMAC-SHA1')
    return {
      ok: false,
      code: 'InvalidArgument',
      detail: `SignatureMethod '${params.SignatureMethod}' is not supported; use HMAC-SHA1.`,
    }
  if (params.SignatureVersion !== undefined && params.SignatureVersion !== '1.0')
    return {
      ok: false,
      code: 'InvalidArgument',
      detail: `SignatureVersion '${params.SignatureVersion}' is not supported; use 1.0.`,
    }
  const accessKeyId = params.AccessKeyId ?? ''
  if (accessKeyId !== expected.accessKeyId)
    return { ok: false, code: 'InvalidAccessKeyID', args: [accessKeyId] }
  const skew = checkTimestamp(params.Timestamp ?? '', 'Timestamp', now)
  if (skew) return skew

  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&')
  const stringToSign = `${request.method}&${percentEncode('/')}&${percentEncode(canonical)}`
  const expectedSignature = createHmac('sha1', `${expected.accessKeySecret}&`)
    .update(stringToSign)
    .digest('base64')
  if (!safeEqual(expectedSignature, params.Signature ?? '')) return { ok: false, code: 'SignatureNotMatch' }
  return { ok: true, accessKeyId }
}
