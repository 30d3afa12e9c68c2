import type { Result } from 'neverthrow'
import type { ListRunsOptions } from './controller-types.js'
import { chunkLoadError, lazyModule } from './lazy-module.js'
import type { ListingDeps } from './list-runs.js'
import type { RunError } from './run-error.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'

// Listing (list-runs.ts) is a chunk of core's bundle, imported when a listing is first iterated:
// `listRuns` here keeps its signature and hands over to it.

/** The listing's module; `load` is a test seam. */
export function lazyListing(
  load: () => Promise<typeof import('./list-runs.js')> = () => import('./list-runs.js'),
) {
  const listing = lazyModule(load)

  /**
   * `listRuns`: nothing happens until the caller iterates, as with the listing's own. A failed
   * load is the one item, an `Err`, as any failure of a listing is its last item.
   */
  function listRuns(
    deps: ListingDeps,
    scope: RunScope,
    options?: ListRunsOptions,
  ): AsyncIterable<Result<RunSnapshot, RunError>> {
    return {
      async *[Symbol.asyncIterator]() {
        let module: typeof import('./list-runs.js')
        try {
          module = await listing()
        } catch (cause) {
          yield deps.rejected(scope, chunkLoadError('listing', cause).with({ operation: 'list' }))
          return
        }
        yield* module.listRuns(deps, scope, options)
      },
    }
  }

  return { listRuns }
}

export const { listRuns } = lazyListing()
