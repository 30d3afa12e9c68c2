import type * as Http from 'node:http'
import type * as Https from 'node:https'
import { watchAbort } from '@runstop/core'
import type { HttpRequest } from '@smithy/protocol-http'

/** What the client sends with: the shape of `@smithy/node-http-handler`'s `handle`. */
export interface HttpHandlerLike {
  /** Closes the handler's agents and their sockets. */
  destroy?(): void
  /** Sends a signed request and reads the answer. */
  handle(
    request: HttpRequest,
    options?: { abortSignal?: AbortSignal },
  ): Promise<{
    /** The answer: status, headers (lower-case names) and body. */
    response: {
      /** The HTTP status. */
      statusCode: number
      /** The headers, one string per name (repeated headers joined with `, `). */
      headers: Record<string, string | undefined>
      /** The body: a string, bytes or a stream of chunks. */
      body?: unknown
    }
  }>
}

/** node:http and node:https with their keep-alive agents, imported by the caller on first use. */
export interface KeepAliveTransport {
  /** `node:http`. */
  readonly http: typeof Http
  /** `node:https`. */
  readonly https: typeof Https
  /** The keep-alive agent of `http:` endpoints. */
  readonly httpAgent: Http.Agent
  /** The keep-alive agent of `https:` endpoints. */
  readonly httpsAgent: Https.Agent
}

/** The error an aborted request rejects with (named `AbortError`, as the SDK's handler does). */
export function abortError(): Error {
  const error = new Error('The request was aborted.')
  error.name = 'AbortError'
  return error
}

/**
 * The headers of an answer, names in lower case, repeated ones joined with `, `: read straight from
 * `rawHeaders`, which costs less than Node's lazily built `headers` object and a flattened copy of it.
 */
function headersOf(raw: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase()
    const value = raw[i + 1] as string
    const earlier = out[name]
    out[name] = earlier === undefined ? value : `${earlier}, ${value}`
  }
  return out
}

/** A URL's IPv6 host keeps its brackets; the socket wants the bare address. */
const bareHost = (hostname: string) =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname

/**
 * Sends a signed request on a keep-alive agent and reads the whole (small JSON) answer. The
 * headers and the body leave in one write (`end(body)`), which the SDK's `NodeHttpHandler` does
 * not do: it costs a second write per request. Like that handler: no timeout of its own, an
 * abort destroys the request and rejects with an `AbortError`, socket errors reject as they are
 * (`ECONNREFUSED`, `ECONNRESET`… for `transportErrorCode`).
 */
export function keepAliveHandler(transport: KeepAliveTransport): HttpHandlerLike {
  return {
    destroy: () => {
      transport.httpAgent.destroy()
      transport.httpsAgent.destroy()
    },
    handle: (request: HttpRequest, options: { abortSignal?: AbortSignal } = {}) =>
      new Promise((resolve, reject) => {
        const signal = options.abortSignal
        if (signal?.aborted) {
          reject(abortError())
          return
        }
        const secure = request.protocol === 'https:'
        const req = (secure ? transport.https : transport.http).request(
          {
            protocol: secure ? 'https:' : 'http:',
            hostname: bareHost(request.hostname),
            ...(request.port === undefined ? {} : { port: request.port }),
            method: request.method,
            path: request.path,
            headers: request.headers,
            agent: secure ? transport.httpsAgent : transport.httpAgent,
          },
          (response) => {
            const chunks: Buffer[] = []
            response.on('data', (chunk: Buffer) => chunks.push(chunk))
            response.on('error', fail)
            response.on('end', () => {
              unwatch?.()
              // A small JSON answer is usually one chunk: no concatenated copy then.
              const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
              resolve({
                response: {
                  statusCode: response.statusCode ?? 0,
                  headers: headersOf(response.rawHeaders),
                  body: body.toString('utf8'),
                },
              })
            })
          },
        )
        function fail(error: unknown) {
          unwatch?.()
          reject(error)
        }
        // One listener per signal, not one per request (`watchAbort`).
        const unwatch =
          signal === undefined
            ? undefined
            : watchAbort(signal, () => {
                const error = abortError()
                req.destroy(error)
                fail(error)
              })
        req.on('error', fail)
        req.end(typeof request.body === 'string' ? request.body : undefined)
      }),
  }
}

/** A keep-alive handler of at most `maxSockets` connections per agent; node:http(s) imported here. */
export async function createKeepAliveHandler(maxSockets: number): Promise<HttpHandlerLike> {
  const [http, https] = await Promise.all([import('node:http'), import('node:https')])
  return keepAliveHandler({
    http,
    https,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
  })
}
