import { AsyncLocalStorage } from 'node:async_hooks'
import diagnosticsChannel from 'node:diagnostics_channel'
import type { ClientRequest, IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/**
 * What one adapter call learns about, and asks of, the HTTP requests Node's `http`/`https` client
 * makes on its behalf. The Alibaba SDKs keep neither the HTTP status of an answer whose body is
 * not JSON (they throw a bare `SyntaxError`) nor an AbortSignal, and their only connect limit is
 * a socket idle timer that also runs while the service prepares its answer; watching the requests
 * themselves gives all three, for the built-in client and a client passed in alike.
 */
export interface HttpCallWatch {
  /** The status of the last response seen, set as its headers arrive. */
  status?: number
  /** When it fires, the call's requests are destroyed (their sockets released). */
  readonly signal?: AbortSignal
  /** A limit for opening each new connection, in ms (a pooled connection is already open). */
  readonly connectTimeoutMs?: number
}

const watches = new AsyncLocalStorage<HttpCallWatch>()
let subscribed = false

function connectTimeoutError(limitMs: number): Error {
  return Object.assign(new Error(`Opening the connection took longer than ${limitMs} ms.`), {
    name: 'ConnectTimeoutError',
    code: 'ETIMEDOUT',
  })
}

function watchRequest(watch: HttpCallWatch, request: ClientRequest): void {
  request.once('response', (response: IncomingMessage) => {
    watch.status = response.statusCode
  })
  const { signal, connectTimeoutMs } = watch
  if (signal !== undefined) {
    // A plain Error: the SDK's HTTP layer appends to `message`, which a DOMException cannot take.
    const destroy = () =>
      request.destroy(Object.assign(new Error('The call was aborted.'), { name: 'AbortError' }))
    if (signal.aborted) destroy()
    else {
      signal.addEventListener('abort', destroy, { once: true })
      request.once('close', () => signal.removeEventListener('abort', destroy))
    }
  }
  if (connectTimeoutMs !== undefined) {
    const limit = (socket: Socket) => {
      if (!socket.connecting) return
      const timer = setTimeout(() => request.destroy(connectTimeoutError(connectTimeoutMs)), connectTimeoutMs)
      timer.unref()
      const clear = () => clearTimeout(timer)
      socket.once('connect', clear)
      socket.once('close', clear)
    }
    // The channel may publish after the request already has its socket.
    if (request.socket) limit(request.socket)
    else request.once('socket', limit)
  }
}

/** Node publishes every client request here, synchronously, in the async context that sent it. */
function onRequestStart(message: unknown): void {
  const watch = watches.getStore()
  const request = (message as { request?: ClientRequest } | undefined)?.request
  if (watch !== undefined && request !== undefined) watchRequest(watch, request)
}

/** Runs `work` with its HTTP requests watched: see {@link HttpCallWatch}. */
export function watchHttpCall<T>(watch: HttpCallWatch, work: () => Promise<T>): Promise<T> {
  if (!subscribed) {
    diagnosticsChannel.subscribe('http.client.request.start', onRequestStart)
    subscribed = true
  }
  return watches.run(watch, work)
}
