import type { setMaxListeners as SetMaxListeners } from 'node:events'

// The AbortSignal helpers the adapters' request paths use on every call (`cannotFire`,
// `watchAbort`, `abortOptions`, `raceSignal`) and the registries they read. Kept apart from the
// controller's call scopes (call-signal.ts), which live in the call path's chunk: this much is
// in core's main file, read at start-up.

/**
 * `events.setMaxListeners`, fetched when first needed: a static `import` of `node:events` makes node
 * build that builtin's ES module namespace at every start (~12 KB), which a controller that is
 * only constructed does not need.
 */
export function setMaxListeners(n: number, signal: AbortSignal): void {
  const events = process.getBuiltinModule('node:events') as { setMaxListeners: typeof SetMaxListeners }
  events.setMaxListeners(n, signal)
}

/** The signal of every call that nothing can end early, once made (`unendingSignal`). */
let unending: AbortSignal | undefined

/**
 * The one signal of every call that nothing can end early (no caller's signal, no deadline): it
 * never fires, so no request watches it (`cannotFire`).
 */
export function unendingSignal(): AbortSignal {
  if (unending === undefined) {
    unending = new AbortController().signal
    setMaxListeners(0, unending)
  }
  return unending
}

/** One side of a race against a shared signal: told when the signal fires first. */
export interface SignalRacer {
  lose(): void
}

/**
 * The races waiting on each shared signal: one listener on the signal ends them all, instead of
 * an EventTarget listener added and removed per attempt.
 */
const SHARED_RACES = new WeakMap<AbortSignal, Set<SignalRacer>>()

/**
 * The racers of a shared signal (`createSharedAbort`), or undefined for any other signal. A racer
 * added here is told (`lose`) when the signal fires, and must delete itself when it wins. Not
 * for a signal that has already fired.
 */
export function sharedRacers(signal: AbortSignal): Set<SignalRacer> | undefined {
  return SHARED_RACES.get(signal)
}

/**
 * Makes `signal` a shared one (`createSharedAbort`'s): `sharedRacers` answers its racers, and
 * `watchAbort` and `raceSignal` join them instead of adding listeners of their own.
 */
export function shareSignal(signal: AbortSignal, racers: Set<SignalRacer>): void {
  SHARED_RACES.set(signal, racers)
}

/** The watchers of other signals (`watchAbort`), each set made with the signal's one listener. */
const WATCHED = new WeakMap<AbortSignal, Set<SignalRacer>>()

/**
 * Calls `onAbort` when `signal` fires, and answers the function that stops watching (call it when
 * the request ends). A signal gets one `abort` listener however many requests watch it, the first
 * time it is watched; the watchers join and leave a Set. A batch's shared signal
 * (`createSharedAbort`) uses its own set of racers. Adding and removing an EventTarget listener per
 * request cost about 25 µs of CPU per call between real requests (Node's EventTarget code runs
 * cold), and most calls share one long-lived signal. For HTTP clients that take no AbortSignal
 * of their own (the awsJson client, the Alibaba guard). Not for a signal that has already fired.
 * The signal the controller gives a call that nothing can end early is not watched at all.
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  // The signal of a call that nothing can end early (the controller's, without a signal or a
  // deadline): nothing to watch, no set entry per request.
  if (cannotFire(signal)) return keepWatching
  let watchers = SHARED_RACES.get(signal) ?? WATCHED.get(signal)
  if (watchers === undefined) {
    const all = new Set<SignalRacer>()
    watchers = all
    WATCHED.set(signal, all)
    signal.addEventListener(
      'abort',
      () => {
        WATCHED.delete(signal)
        for (const watcher of all) watcher.lose()
        all.clear()
      },
      { once: true },
    )
  }
  const own = watchers
  const watcher: SignalRacer = { lose: onAbort }
  own.add(watcher)
  return () => {
    own.delete(watcher)
  }
}

const keepWatching = () => {}

/** Whether `signal` is the shared one of calls that nothing can end early (no race needed). */
export function cannotFire(signal: AbortSignal): boolean {
  return signal === unending
}

/**
 * The options of an SDK-shaped request (`{ abortSignal }`, as the AWS SDK's `send` and runstop's
 * awsJson clients take them) for a call's signal: none when the signal cannot fire (a controller
 * call with neither a caller's signal nor a deadline), so that the client's HTTP handler watches
 * nothing and reads no signal per request.
 *
 * @example
 * send: (client, handle, signal) => client.getThing(input(handle), abortOptions(signal))
 */
export function abortOptions(signal: AbortSignal): AbortOptions {
  return cannotFire(signal) ? {} : { abortSignal: signal }
}

/** What `abortOptions` gives: the options object of an SDK-shaped request. */
export interface AbortOptions {
  /** The call's signal; absent when nothing can end the call early. */
  abortSignal?: AbortSignal
}

/**
 * Settles with `{ done: true, value }` when `work` settles first, or `{ done: false }` as soon as
 * `signal` fires, without waiting for `work` (a stuck request must not hold the call). The
 * listener is removed either way; a late rejection of `work` is swallowed.
 */
export function raceSignal<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<{ readonly done: true; readonly value: T } | { readonly done: false }> {
  // A signal that cannot fire needs no listener and no race.
  if (cannotFire(signal)) return work.then((value) => ({ done: true, value }))
  if (signal.aborted) {
    work.catch(() => {})
    return Promise.resolve({ done: false })
  }
  const races = SHARED_RACES.get(signal)
  if (races !== undefined)
    return new Promise((resolve, reject) => {
      const racer: SignalRacer = {
        lose: () => {
          work.catch(() => {})
          resolve({ done: false })
        },
      }
      races.add(racer)
      work.then(
        (value) => {
          races.delete(racer)
          resolve({ done: true, value })
        },
        (error: unknown) => {
          races.delete(racer)
          reject(error)
        },
      )
    })
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {})
      resolve({ done: false })
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve({ done: true, value })
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
