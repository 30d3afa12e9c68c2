/**
 * At most `limit` requests in flight; the rest wait in order. The built-in client goes through one
 * gate per client, so the process-wide keep-alive agent of `httpx` (which openapi-client gives no
 * way to replace) never opens more than `limit` connections for it.
 */
export interface RequestGate {
  /**
   * Resolves with a release function once a slot is free; rejects with the signal's reason if the
   * signal fires first (nothing is sent then).
   */
  enter(signal: AbortSignal): Promise<() => void>
}

export function createRequestGate(limit: number): RequestGate {
  let inFlight = 0
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else inFlight--
  }
  const once = () => {
    let done = false
    return () => {
      if (done) return
      done = true
      release()
    }
  }
  return {
    enter(signal) {
      if (signal.aborted) return Promise.reject(signal.reason)
      if (inFlight < limit) {
        inFlight++
        return Promise.resolve(once())
      }
      return new Promise((resolve, reject) => {
        // The slot passes straight to the next waiter, so `inFlight` stays as it is.
        const take = () => {
          signal.removeEventListener('abort', onAbort)
          resolve(once())
        }
        const onAbort = () => {
          const at = waiting.indexOf(take)
          if (at !== -1) waiting.splice(at, 1)
          reject(signal.reason)
        }
        waiting.push(take)
        signal.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}
