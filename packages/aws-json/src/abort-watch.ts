/** The requests watching each signal: one `abort` listener per signal serves them all. */
const watching = new WeakMap<AbortSignal, Set<() => void>>()

/**
 * Calls `onAbort` when `signal` fires, and answers the function that stops watching. Each signal
 * gets one `abort` listener, the first time it is watched, and keeps it: the requests watching it
 * join and leave a Set. Adding and removing an EventTarget listener per request cost about 25 µs
 * of CPU per call on a busy machine (Node's EventTarget code runs cold between requests; measured
 * with `bench/per-call-cpu.bench.mjs`), and most calls share one long-lived signal (the
 * controller's signal of calls that nothing can end early, or a batch's).
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let watchers = watching.get(signal)
  if (watchers === undefined) {
    const all = new Set<() => void>()
    watchers = all
    watching.set(signal, all)
    signal.addEventListener(
      'abort',
      () => {
        watching.delete(signal)
        for (const watcher of all) watcher()
        all.clear()
      },
      { once: true },
    )
  }
  const own = watchers
  own.add(onAbort)
  return () => {
    own.delete(onAbort)
  }
}
