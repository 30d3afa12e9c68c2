import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2'
import net, { type AddressInfo } from 'node:net'
import type { EmulatorRequest, EmulatorResponse } from './types.js'

/** Answers one request: `reply` with a response, or `reset` to drop the connection unanswered. */
export type RequestHandler = (
  request: EmulatorRequest,
  answer: { reply(response: EmulatorResponse): void; reset(): void },
) => void

export interface Listener {
  /** `http://host:port` */
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0')

/**
 * Listens for HTTP/1.1 and HTTP/2 with prior knowledge (h2c) on one port. The AWS SDK's default
 * handler speaks h2c to an `http:` endpoint and fails against a plain HTTP/1 server, so the
 * first bytes of each connection decide which server gets it.
 */
export async function listen(
  handler: RequestHandler,
  options: { host: string; port: number },
): Promise<Listener> {
  const sockets = new Set<net.Socket>()
  const h1 = http.createServer((req, res) => dispatch(req, res, '1.1', handler))
  h1.keepAliveTimeout = 5_000
  const h2 = http2.createServer((req, res) => dispatch(req, res, '2', handler))
  h2.on('sessionError', () => {})

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.once('data', (first) => {
      socket.pause()
      socket.unshift(first)
      const isH2 = first
        .subarray(0, H2_PREFACE.length)
        .equals(H2_PREFACE.subarray(0, Math.min(first.length, H2_PREFACE.length)))
      ;(isH2 ? h2 : h1).emit('connection', socket)
      process.nextTick(() => socket.resume())
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        h1.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function dispatch(
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
  httpVersion: '1.1' | '2',
  handler: RequestHandler,
): void {
  const chunks: Buffer[] = []
  let size = 0
  let tooLarge = false
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > MAX_BODY_BYTES) tooLarge = true
    else chunks.push(chunk)
  })
  req.on('error', () => {})
  req.on('end', () => {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    }
    if (!headers.host && headers[':authority']) headers.host = headers[':authority']
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const request: EmulatorRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: q === -1 ? rawUrl : rawUrl.slice(0, q),
      query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
      headers,
      body: Buffer.concat(chunks),
      httpVersion,
    }
    let answered = false
    const reply = (response: EmulatorResponse) => {
      if (answered) return
      answered = true
      const body = response.body ?? ''
      const out: Record<string, string | number> = {
        ...response.headers,
        'content-length': Buffer.byteLength(body),
      }
      try {
        ;(res as ServerResponse).writeHead(response.status, out)
        res.end(body)
      } catch {
        // The client went away; nothing to answer.
      }
    }
    const reset = () => {
      if (answered) return
      answered = true
      if (httpVersion === '2')
        (req as Http2ServerRequest).stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR)
      else req.socket.destroy()
    }
    if (tooLarge) {
      reply({ status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request entity too large' })
      return
    }
    try {
      handler(request, { reply, reset })
    } catch {
      reply({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'emulator error' })
    }
  })
}
