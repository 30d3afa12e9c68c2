import type { AsyncLocalStorage } from 'node:async_hooks'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { cannotFire, watchAbort } from './abort-signal.js'

/**
 * What one call learns about, and asks of, the HTTP requests Node's `http`/`https` client makes on
 * its behalf, whatever SDK sends them: the HTTP status (SDKs that throw a bare `SyntaxError` for a
 * non-JSON page drop it) and an abort (SDKs without an AbortSignal).
 */
export interface HttpCallWatch {
  /** The status of the last response seen, set as its headers arrive. */
  status?: number
  /** When it fires, the call's requests are destroyed (their sockets released). */
  readonly signal?: AbortSignal
}

// async_hooks and diagnostics_channel are imported on the first watched call: they stay out of
// core's import cost (cold starts). Once they are, calls are watched without waiting on a promise.
let watches: Promise<AsyncLocalStorage<HttpCallWatch>> | undefined
let storage: AsyncLocalStorage<HttpCallWatch> | undefined

function watchRequest(watch: HttpCallWatch, request: ClientRequest): void {
  request.once('response', (response: IncomingMessage) => {
    watch.status = response.statusCode
  })
  const { signal } = watch
  // The controller's signal of a call without deadline nor caller's signal never fires.
  if (signal !== undefined && !cannotFire(signal)) {
    // A plain Error: the SDK's HTTP layer appends to `message`, which a DOMException cannot take.
    const destroy = () =>
      request.destroy(Object.assign(new Error('The call was aborted.'), { name: 'AbortError' }))
    if (signal.aborted) destroy()
    else request.once('close', watchAbort(signal, destroy))
  }
}

/** Node publishes every client request here, synchronously, in the async context that sent it. */
async function startWatching(): Promise<AsyncLocalStorage<HttpCallWatch>> {
  const [{ AsyncLocalStorage }, { subscribe }] = await Promise.all([
    import('node:async_hooks'),
    import('node:diagnostics_channel'),
  ])
  const watching = new AsyncLocalStorage<HttpCallWatch>()
  subscribe('http.client.request.start', (message: unknown) => {
    const watch = watching.getStore()
    const request = (message as { request?: ClientRequest } | undefined)?.request
    if (watch !== undefined && request !== undefined) watchRequest(watch, request)
  })
  storage = watching
  return watching
}

/** Runs `work` with its HTTP requests watched: see {@link HttpCallWatch}. Never throws: rejects. */
export function watchHttpCall<T>(watch: HttpCallWatch, work: () => Promise<T>): Promise<T> {
  if (storage === undefined) {
    watches ??= startWatching()
    return watches.then((ready) => ready.run(watch, work))
  }
  try {
    return storage.run(watch, work)
  } catch (error) {
    return Promise.reject(error)
  }
}
