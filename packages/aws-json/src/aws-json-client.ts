import type * as Crypto from 'node:crypto'
import { abortError, type HttpHandlerLike, loadOnce } from '@runstop/core'
import type { HttpRequest } from '@smithy/protocol-http'
import type { SignatureV4 } from '@smithy/signature-v4'
import {
  AwsJsonServiceError,
  errorFromResponse,
  header,
  metadataOf,
  parseJsonObject,
} from './aws-json-error.js'
import type { CredentialProvider } from './credentials.js'
import { formatsDateOncePerSecond, keepSigningKey } from './signer-memo.js'
import { type TimestampPaths, withDates } from './timestamps.js'

/** The awsJson1_0 content type. */
export const CONTENT_TYPE = 'application/x-amz-json-1.0'

/** What makes a service: its names on the wire and in messages, its endpoints, its timestamps. */
export interface AwsJsonService {
  /** What messages call the service, e.g. `MWAA Serverless`. */
  readonly name: string
  /** The `X-Amz-Target` prefix: requests carry `<target>.<Operation>`. */
  readonly target: string
  /** The SigV4 signing name (the service part of the credential scope). */
  readonly signingName: string
  /** The endpoint of a region, from the service's endpoint rules. */
  endpoint(region: string): string
  /** Where its outputs hold timestamps, turned into `Date`s. */
  readonly timestamps?: TimestampPaths
}

/** Like the official clients' `HttpHandlerOptions`: the signal cancels the request in flight. */
export interface AwsJsonCallOptions {
  /** Cancels the request; the call rejects with an `AbortError`. */
  abortSignal?: AbortSignal
}

/** One region's client: `call` sends one operation. */
export interface AwsJsonClient {
  /**
   * Sends `operation` with `input` as its JSON body and resolves to the output object with
   * `$metadata`; an error answer rejects with an `AwsJsonServiceError`. `O` is the output shape
   * the caller expects: it is not checked.
   */
  call<O>(operation: string, input: unknown, options?: AwsJsonCallOptions): Promise<O>
}

/** What `createAwsJsonClient` needs. */
export interface AwsJsonClientConfig {
  /** The service called. */
  readonly service: AwsJsonService
  /** The region signed for. */
  readonly region: string
  /** A full URL; its path (usually `/`) is where requests are posted. */
  readonly endpoint: string
  /** Resolves the credentials to sign with, on each request. */
  readonly credentials: CredentialProvider
  /**
   * The handler to send with, asked on each request: loaded on first use (a promise), then given
   * as it is, so that a call waits for nothing once it is loaded.
   */
  readonly httpHandler: () => HttpHandlerLike | Promise<HttpHandlerLike>
}

interface SigningStack {
  readonly SignatureV4: typeof SignatureV4
  readonly Hash: typeof import('@smithy/hash-node').Hash
  /** The hex SHA-256 of a body: node:crypto's one-shot `hash`. */
  readonly sha256Hex: (body: string) => string
}

/** A client's signer and what it signs with. */
interface Signing {
  readonly signer: SignatureV4
  readonly sha256Hex: (body: string) => string
}

/** The signing stack, imported on the first request; a failed import is tried again next time. */
const loadSigningStack = loadOnce(
  (): Promise<SigningStack> =>
    Promise.all([import('@smithy/signature-v4'), import('@smithy/hash-node')]).then(([signature, hash]) => {
      // A builtin fetched here, not imported at the top: nothing is loaded until the first request.
      const crypto = process.getBuiltinModule('node:crypto') as typeof Crypto
      return {
        SignatureV4: formatsDateOncePerSecond(signature.SignatureV4),
        Hash: hash.Hash,
        sha256Hex: (body: string) => crypto.hash('sha256', body, 'hex'),
      }
    }),
)

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return ''
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8')
  const chunks: Buffer[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown }).then === 'function'

/**
 * An awsJson1_0 client for one region, on the AWS SDK's building blocks: SigV4
 * (`@smithy/signature-v4`), `POST` to the endpoint with `X-Amz-Target: <target>.<Operation>`, an
 * HTTP handler of the caller's. One attempt per call: no retries here. The signing stack is
 * imported on the first request, not when the client is built; from then on a call awaits only
 * the signer and the answer (one signer per client, which keeps its signing key for the day:
 * `keepSigningKey`).
 */
export function createAwsJsonClient(config: AwsJsonClientConfig): AwsJsonClient {
  const { service } = config
  const url = new URL(config.endpoint)
  // What every request of this client shares, worked out once.
  const where = {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname === '' ? '/' : url.pathname,
  }
  const host = url.host
  let signing: Signing | undefined

  async function newSigning(): Promise<Signing> {
    const stack = await loadSigningStack()
    signing ??= {
      signer: keepSigningKey(
        new stack.SignatureV4({
          service: service.signingName,
          region: config.region,
          sha256: stack.Hash.bind(null, 'sha256'),
          credentials: config.credentials,
        }),
      ),
      sha256Hex: stack.sha256Hex,
    }
    return signing
  }

  async function call(operation: string, input: unknown, options?: AwsJsonCallOptions) {
    const signal = options?.abortSignal
    if (signal?.aborted) throw abortError()
    const body = JSON.stringify(input ?? {})
    const { signer, sha256Hex } = signing ?? (await newSigning())
    // A plain request: the signer copies what it signs into an HttpRequest of its own anyway.
    const signed = (await signer.sign({
      // Field by field: an object spread followed by more fields takes a V8 slow path per call.
      method: 'POST',
      protocol: where.protocol,
      hostname: where.hostname,
      port: where.port,
      path: where.path,
      headers: {
        host,
        'content-type': CONTENT_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${service.target}.${operation}`,
        // The payload hash the signer would add itself (and sign the same), in one native call:
        // its own goes through a hash object, a byte copy, an await and a hex loop (~5 µs a call).
        'x-amz-content-sha256': sha256Hex(body),
      },
      query: {},
      body,
    })) as HttpRequest
    const loading = config.httpHandler()
    const handler = isPromise(loading) ? await loading : loading
    if (signal?.aborted) throw abortError()
    const { response } = await handler.handle(signed, signal === undefined ? {} : { abortSignal: signal })
    const raw = response.body
    const text = typeof raw === 'string' ? raw : await readBody(raw)
    const status = response.statusCode
    if (status < 200 || status > 299) throw errorFromResponse(service.name, status, response.headers, text)
    const requestId = header(response.headers, 'x-amzn-requestid')
    const output = parseJsonObject(text)
    if (output === undefined)
      throw new AwsJsonServiceError({
        name: 'UnknownError',
        message: `${service.name} answered ${operation} with HTTP ${status} and a body that is not a JSON object.`,
        httpStatusCode: status,
        requestId,
      })
    // `output` is this call's own (just parsed): its dates are converted and `$metadata` set in place.
    if (service.timestamps !== undefined) withDates(output, service.timestamps)
    output.$metadata = metadataOf(status, requestId)
    return output
  }

  return { call: call as AwsJsonClient['call'] }
}
