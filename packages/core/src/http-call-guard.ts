import type { Socket } from 'node:net'
import { cannotFire, raceSignal } from './call-signal.js'
import { type HttpCallWatch, watchHttpCall } from './http-call-watch.js'
import { createRequestGate } from './request-gate.js'

/** What `createHttpCallGuard` does for every call it runs. */
export interface HttpCallGuardOptions {
  /** Most calls (so connections) in flight at once; more wait in order. Default: no bound. */
  readonly maxInFlight?: number
  /** A limit for opening each new connection, in ms (a pooled connection is already open). */
  readonly connectTimeoutMs?: number
  /** Remember the sockets the calls use, so that `close()` destroys them. */
  readonly trackSockets?: boolean
}

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
  /** Destroys the sockets remembered (`trackSockets`); call it once no call is in flight. */
  close(): void
}

/** What `work` settles with, or a rejection with the signal's reason as soon as it fires. */
async function untilSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const raced = await raceSignal(work, signal)
  if (!raced.done) throw signal.reason
  return raced.value
}

/**
 * For an SDK over Node's `http`/`https` that takes no AbortSignal, drops the HTTP status of a
 * non-JSON answer, or keeps a keep-alive agent nobody can close (Alibaba's tea SDKs). Each call
 * waits for one of `maxInFlight` slots (an abort while waiting sends nothing), then runs with its
 * requests watched through Node's `http.client.request.start` diagnostics channel: the status seen
 * goes to `call.httpStatus`, an abort destroys the requests and rejects at once with the signal's
 * reason, `connectTimeoutMs` bounds each new connection, and sockets are remembered for `close()`.
 * A call that resolves although its answer had a non-2xx status rejects with an `HttpStatusError`
 * (`statusCode`, `body`). Node's async_hooks and diagnostics_channel are loaded on first use.
 */
export function createHttpCallGuard(options: HttpCallGuardOptions = {}): HttpCallGuard {
  const { maxInFlight, connectTimeoutMs } = options
  const gate = maxInFlight === undefined ? undefined : createRequestGate(maxInFlight)
  const sockets = options.trackSockets ? new Set<Socket>() : undefined
  return {
    async send(request, call) {
      const { signal } = call
      if (signal.aborted) throw signal.reason
      const leave = gate === undefined ? undefined : await gate.enter(signal)
      const watch: HttpCallWatch = { signal, connectTimeoutMs, sockets }
      const sending = watchHttpCall(watch, request)
      // The slot is freed when the request settles, not when an abort stops waiting for it.
      if (leave !== undefined) sending.then(leave, leave)
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
    close() {
      for (const socket of sockets ?? []) socket.destroy()
      sockets?.clear()
    },
  }
}
