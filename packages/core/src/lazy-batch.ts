import { reportOfNoStops } from './batch-defaults.js'
import { loadCallPath } from './call-path.js'
import type { BatchEntry, BatchStopReport, BatchStream } from './controller-types.js'
import { chunkLoadError, loadOnce } from './lazy-module.js'
import type { RunError } from './run-error.js'

// The batch engine (batch.ts, with its pacer and queues) is a chunk of core's bundle that the
// controller's call path (another chunk) imports for the first batch: `stopMany` and `stopEach`
// here take the engine's arguments, whatever they are, and hand them over. Imported only from
// the call path, the engine shares its modules with it without a third file.

type Batch = typeof import('./batch.js')

/** The batch engine's module, through the call path; `load` is a test seam. */
export function lazyBatch(
  load: () => Promise<Batch> = () => loadCallPath().then((path) => path.loadBatch()),
) {
  const engine = loadOnce(load)

  /** `stopMany`, once the engine is loaded. Never rejects: a failed load is the report's `inputError`. */
  function stopMany(...args: Parameters<Batch['stopMany']>): Promise<BatchStopReport> {
    return engine().then(
      (batch) => batch.stopMany(...args),
      (cause: unknown) => reportOfNoStops(0, Date.now(), false, chunkLoadError('the batch engine', cause)),
    )
  }

  /**
   * `stopEach`: the stream is returned at once, as the engine's is; the first `next()` loads the
   * engine (nothing starts before it in either case) and every call after it goes straight to the
   * engine's stream. A failed load ends the stream at once, its `summary()` carrying the error.
   */
  function stopEach(...args: Parameters<Batch['stopEach']>): BatchStream {
    let stream: BatchStream | undefined
    let iterator: AsyncIterator<BatchEntry> | undefined
    let failure: RunError | undefined
    let starting: Promise<void> | undefined
    let left = false
    const called = Date.now()
    const done: IteratorResult<BatchEntry> = { value: undefined, done: true }
    const start = () => {
      starting ??= engine().then(
        (batch) => {
          stream = batch.stopEach(...args)
          iterator = stream[Symbol.asyncIterator]()
        },
        (cause: unknown) => {
          failure = chunkLoadError('the batch engine', cause)
        },
      )
      return starting
    }
    const entries: AsyncIterator<BatchEntry> = {
      next: () => {
        if (iterator !== undefined) return iterator.next()
        if (left) return Promise.resolve(done)
        // A consumer that left while the engine was loading gets nothing started.
        return start().then(() => (iterator === undefined || left ? done : iterator.next()))
      },
      return: () => {
        left = true
        return iterator?.return?.() ?? Promise.resolve(done)
      },
    }
    return {
      [Symbol.asyncIterator]: () => entries,
      summary: () => stream?.summary() ?? reportOfNoStops(0, called, false, failure),
    }
  }

  return { stopMany, stopEach }
}

export const { stopMany, stopEach } = lazyBatch()
