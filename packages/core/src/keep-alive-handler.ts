import type * as Http from 'node:http'
import type * as Https from 'node:https'
import type { Duplex } from 'node:stream'
import { cannotFire, watchAbort } from './abort-signal.js'

/** A request to send: the fields of `@smithy/protocol-http`'s `HttpRequest` the handler reads. */
export interface KeepAliveRequest {
  /** `https:` or `http:`. */
  readonly protocol: string
  /** The host name or address (an IPv6 address may keep its brackets). */
  readonly hostname: string
  /** The port, when not the scheme's own. */
  readonly port?: number | undefined
  /** The HTTP method. */
  readonly method: string
  /** The path and query string, e.g. `/?Action=DescribeExecution`. */
  readonly path: string
  /** The headers to send, signed. */
  readonly headers: Record<string, string>
  /** The body: a string is sent, anything else is not. */
  readonly body?: unknown
}

/** What one request may ask of the handler besides the request itself. */
export interface KeepAliveCallOptions {
  /** When it fires, the request is destroyed and the call rejects with an `AbortError`. */
  abortSignal?: AbortSignal
  /**
   * A limit, in ms, from the connection being open (at once for a pooled one) to the whole answer
   * read; past it the request is destroyed and the call rejects with a `RequestTimeoutError`.
   */
  readTimeoutMs?: number
}

/** What the client sends with: the shape of `@smithy/node-http-handler`'s `handle`. */
export interface HttpHandlerLike {
  /** Closes the handler's agents and their sockets. */
  destroy?(): void
  /** Sends a signed request and reads the answer. */
  handle(
    request: KeepAliveRequest,
    options?: KeepAliveCallOptions,
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

/** node:http and node:https with their keep-alive agents. */
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

/** The agents of `keepAliveTransport`. */
export interface KeepAliveOptions {
  /** Most connections per host and agent; more requests wait in the agent's queue. */
  readonly maxSockets: number
  /** A limit, in ms, for opening each new connection (TCP connect); a pooled one is already open. */
  readonly connectTimeoutMs?: number | undefined
}

/** The error an aborted request rejects with (named `AbortError`, as the SDK's handler does). */
export function abortError(): Error {
  const error = new Error('The request was aborted.')
  error.name = 'AbortError'
  return error
}

const timeoutError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, code: 'ETIMEDOUT' })

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

/** Calls `then` once `socket` is connected (at once for a pooled socket). */
function whenConnected(
  socket: { connecting?: boolean; once(event: 'connect', then: () => void): unknown },
  then: () => void,
) {
  if (socket.connecting) socket.once('connect', then)
  else then()
}

/**
 * Sends a signed request on a keep-alive agent and reads the whole (small JSON) answer. The
 * headers and the body leave in one write (`end(body)`), which the SDK's `NodeHttpHandler` does
 * not do: it costs a second write per request. Like that handler: no timeout unless asked
 * (`readTimeoutMs`), an abort destroys the request and rejects with an `AbortError` (a request
 * still queued for a connection is never sent), socket errors reject as they are (`ECONNREFUSED`,
 * `ECONNRESET`… for `transportErrorCode`). A signal that cannot fire (`cannotFire`) is not watched.
 */
export function keepAliveHandler(transport: KeepAliveTransport): HttpHandlerLike {
  return {
    destroy: () => {
      transport.httpAgent.destroy()
      transport.httpsAgent.destroy()
    },
    handle: (request, options = {}) =>
      new Promise((resolve, reject) => {
        const given = options.abortSignal
        const signal = given === undefined || cannotFire(given) ? undefined : given
        if (signal?.aborted) {
          reject(abortError())
          return
        }
        const secure = request.protocol === 'https:'
        const req = (secure ? transport.https : transport.http).request(
          {
            // No `protocol`: the agent given sets it (node checks they agree). The option costs
            // ~0.9 KB of garbage per request in node's agent (its options copy takes a slower shape).
            hostname: bareHost(request.hostname),
            // An undefined port is the scheme's default; a spread here would cost V8's slow path.
            port: request.port,
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
              done()
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
        let timer: ReturnType<typeof setTimeout> | undefined
        function done() {
          unwatch?.()
          if (timer !== undefined) clearTimeout(timer)
        }
        function fail(error: unknown) {
          done()
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
        const limit = options.readTimeoutMs
        if (limit !== undefined)
          req.once('socket', (socket) =>
            whenConnected(socket, () => {
              const message = `The answer was not read within ${limit} ms.`
              timer = setTimeout(() => req.destroy(timeoutError('RequestTimeoutError', message)), limit)
            }),
          )
        req.on('error', fail)
        req.end(typeof request.body === 'string' ? request.body : undefined)
      }),
  }
}

/** `agent` with `limitMs` on the TCP connect of each new socket it opens (pooled ones pay nothing). */
function limitConnect<A extends Http.Agent>(agent: A, limitMs: number): A {
  const open = (agent as unknown as { createConnection: (...args: unknown[]) => Duplex | undefined })
    .createConnection
  Object.assign(agent, {
    createConnection(this: A, ...args: unknown[]) {
      const socket = open.apply(this, args) as (Duplex & { connecting?: boolean }) | undefined
      if (socket?.connecting) {
        const message = `Opening the connection took longer than ${limitMs} ms.`
        const timer = setTimeout(() => socket.destroy(timeoutError('ConnectTimeoutError', message)), limitMs)
        timer.unref()
        const clear = () => clearTimeout(timer)
        socket.once('connect', clear)
        socket.once('close', clear)
      }
      return socket
    },
  })
  return agent
}

/**
 * node:http and node:https (the built-in modules, fetched on this first use: nothing is loaded at
 * import) with keep-alive agents of at most `maxSockets` connections per host, each new connection
 * limited to `connectTimeoutMs` to open.
 */
export function keepAliveTransport(options: KeepAliveOptions): KeepAliveTransport {
  const http = process.getBuiltinModule('node:http') as typeof Http
  const https = process.getBuiltinModule('node:https') as typeof Https
  const { maxSockets, connectTimeoutMs } = options
  const limited = <A extends Http.Agent>(agent: A) =>
    connectTimeoutMs === undefined ? agent : limitConnect(agent, connectTimeoutMs)
  return {
    http,
    https,
    httpAgent: limited(new http.Agent({ keepAlive: true, maxSockets })),
    httpsAgent: limited(new https.Agent({ keepAlive: true, maxSockets })),
  }
}

/** A keep-alive handler of at most `maxSockets` connections per host (see `keepAliveTransport`). */
export async function createKeepAliveHandler(
  maxSockets: number,
  options: Omit<KeepAliveOptions, 'maxSockets'> = {},
): Promise<HttpHandlerLike> {
  return keepAliveHandler(keepAliveTransport({ ...options, maxSockets }))
}
