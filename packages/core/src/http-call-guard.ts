import { cannotFire, raceSignal } from './abort-signal.js'
import { type HttpCallWatch, watchHttpCall } from './http-call-watch.js'

/** One call through the guard: its signal in, the HTTP status its requests got out. */
export interface HttpCall {
  /** When it fires, the call stops waiting and its requests are destroyed. */
  readonly signal: AbortSignal
  /** Set by the guard: the status of the last response the call's requests got. */
  httpStatus?: number
}

/** Makes calls of an SDK that takes no AbortSignal truthful; see {@link createHttpCallGuard}. */
export interface HttpCallGuard {
  /** Runs `request` (one SDK call) guarded: see {@link createHttpCallGuard}. */
  send<T>(request: () => Promise<T>, call: HttpCall): Promise<T>
}

/** What `work` settles with, or a rejection with the signal's reason as soon as it fires. */
async function untilSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const raced = await raceSignal(work, signal)
  if (!raced.done) throw signal.reason
  return raced.value
}

/**
 * For an SDK over Node's `http`/`https` that takes no AbortSignal and drops the HTTP status of a
 * non-JSON answer (Alibaba's tea SDKs, such as a `@alicloud/fnf-2019-03-15` client a user passes).
 * Each call runs with its requests watched through Node's `http.client.request.start` diagnostics
 * channel: the status seen goes to `call.httpStatus`, and an abort destroys the requests and
 * rejects at once with the signal's reason. A call that resolves although its answer had a non-2xx
 * status rejects with an `HttpStatusError` (`statusCode`, `body`). Node's async_hooks and
 * diagnostics_channel are loaded on first use. (It costs: on Node 20 its `AsyncLocalStorage` turns
 * on promise hooks for the whole process. A client that speaks HTTP itself needs none of it: see
 * `keepAliveHandler`.)
 */
export function createHttpCallGuard(): HttpCallGuard {
  return {
    async send(request, call) {
      const { signal } = call
      if (signal.aborted) throw signal.reason
      const watch: HttpCallWatch = { signal }
      const sending = watchHttpCall(watch, request)
      try {
        // A signal that cannot fire needs no race (the controller's, without deadline or signal).
        const value = cannotFire(signal) ? await sending : await untilSignal(sending, signal)
        const status = watch.status
        if (status !== undefined && (status < 200 || status > 299))
          throw Object.assign(new Error(`The answer was HTTP ${status}.`), {
            name: 'HttpStatusError',
            statusCode: status,
            body: value,
          })
        return value
      } finally {
        if (watch.status !== undefined) call.httpStatus = watch.status
      }
    },
  }
}
