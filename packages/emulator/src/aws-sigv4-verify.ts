import { createHash } from 'node:crypto'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import type { EmulatorRequest } from './types.js'

export type SigV4Result =
  | { readonly ok: true; readonly region: string; readonly accessKeyId: string }
  | {
      readonly ok: false
      /** The AWS error name to answer: MissingAuthenticationToken, UnrecognizedClientException, InvalidSignatureException, IncompleteSignatureException. */
      readonly code: string
      readonly message: string
    }

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/

const Sha256 = Hash.bind(null, 'sha256')

/**
 * Verifies an AWS Signature Version 4 request the way the service would: re-signs it with the
 * known secret (through the SDK's own signer, so canonicalisation matches the clients) and
 * compares signatures. Answers the AWS error a real endpoint gives for each failure.
 */
export async function verifySigV4(
  request: EmulatorRequest,
  expected: { service: string; accessKeyId: string; secretAccessKey: string },
): Promise<SigV4Result> {
  const authorization = request.headers.authorization
  if (!authorization)
    return { ok: false, code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  const match = AUTH.exec(authorization.trim())
  if (!match)
    return {
      ok: false,
      code: 'IncompleteSignatureException',
      message: 'Authorization header requires Credential, SignedHeaders and Signature.',
    }
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] =
    match as unknown as string[]
  if (accessKeyId !== expected.accessKeyId)
    return {
      ok: false,
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    }
  if (service !== expected.service)
    return {
      ok: false,
      code: 'InvalidSignatureException',
      message: `Credential should be scoped to correct service: '${expected.service}'.`,
    }
  const amzDate = request.headers['x-amz-date'] ?? ''
  const signingDate = parseAmzDate(amzDate)
  if (!signingDate || !amzDate.startsWith(shortDate as string))
    return {
      ok: false,
      code: 'IncompleteSignatureException',
      message: 'Missing or invalid X-Amz-Date header.',
    }
  if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60 * 1000)
    return { ok: false, code: 'InvalidSignatureException', message: 'Signature expired.' }

  // A signed x-amz-content-sha256 stands in for the body in the signature, so check it against the body.
  const declaredHash = request.headers['x-amz-content-sha256']
  if (
    declaredHash !== undefined &&
    declaredHash !== 'UNSIGNED-PAYLOAD' &&
    declaredHash !== createHash('sha256').update(request.body).digest('hex')
  )
    return {
      ok: false,
      code: 'InvalidSignatureException',
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    }
  const signedNames = (signedHeaderList as string).split(';')
  const headers: Record<string, string> = {}
  for (const name of signedNames) {
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue
    const value = request.headers[name]
    if (value !== undefined) headers[name] = value
  }
  const query: Record<string, string | string[]> = {}
  for (const key of new Set(request.query.keys())) {
    const values = request.query.getAll(key)
    query[key] = values.length === 1 ? (values[0] as string) : values
  }
  const [hostname, port] = (request.headers.host ?? '').split(':')
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: hostname ?? '',
    port: port ? Number(port) : undefined,
    path: request.path,
    query,
    headers,
    body: request.body.length > 0 ? request.body : undefined,
  })
  const sessionToken = request.headers['x-amz-security-token']
  const signer = new SignatureV4({
    service: service as string,
    region: region as string,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: accessKeyId as string,
      secretAccessKey: expected.secretAccessKey,
      sessionToken,
    },
  })
  const signed = await signer.sign(toSign, { signingDate, signableHeaders: new Set(signedNames) })
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1]
  if (recomputed !== signature)
    return {
      ok: false,
      code: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    }
  return { ok: true, region: region as string, accessKeyId: accessKeyId as string }
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))
}
