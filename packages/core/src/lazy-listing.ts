import type { Result } from 'neverthrow'
import { chunkLoadError, loadOnce } from './lazy-module.js'
import type { RunError } from './run-error.js'
import type { RunSnapshot } from './run-snapshot.js'

// Listing (list-runs.ts) is a chunk of core's bundle, imported when a listing is first iterated:
// `listRuns` here takes its arguments and hands them over.

type Listing = typeof import('./list-runs.js')

/** The listing's module; `load` is a test seam. */
export function lazyListing(load: () => Promise<Listing> = () => import('./list-runs.js')) {
  const listing = loadOnce(load)

  /**
   * `listRuns`: nothing happens until the caller iterates, as with the listing's own. A failed
   * load is the one item, an `Err`, as any failure of a listing is its last item.
   */
  function listRuns(...args: Parameters<Listing['listRuns']>): AsyncIterable<Result<RunSnapshot, RunError>> {
    const [deps, scope] = args
    return {
      async *[Symbol.asyncIterator]() {
        let module: Listing
        try {
          module = await listing()
        } catch (cause) {
          yield deps.rejected(scope, chunkLoadError('listing', cause).with({ operation: 'list' }))
          return
        }
        yield* module.listRuns(...args)
      },
    }
  }

  return { listRuns }
}

export const { listRuns } = lazyListing()
