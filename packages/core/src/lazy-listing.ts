import { err, type Result } from 'neverthrow'
import type { ListRunsOptions } from './controller-types.js'
import { chunkLoadError } from './lazy-module.js'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'

/** What a listing needs of the controller's call path (a chunk of core's bundle): its `listRuns`. */
export interface ListingPath {
  listRuns(scope: RunScope, options?: ListRunsOptions): AsyncIterable<Result<RunSnapshot, RunError>>
}

/**
 * `listRuns` before the controller's call path (which holds the listing) may be loaded: nothing
 * happens until the caller iterates, as with the listing's own; `path` is asked for then. A failed
 * load is the one item, an `Err`, as any failure of a listing is its last item.
 */
export function listRunsOnFirstUse(
  path: () => ListingPath | Promise<ListingPath>,
  scope: RunScope,
  options?: ListRunsOptions,
): AsyncIterable<Result<RunSnapshot, RunError>> {
  return {
    async *[Symbol.asyncIterator]() {
      let loaded: ListingPath
      try {
        loaded = await path()
      } catch (cause) {
        const error = chunkLoadError("the controller's call path", cause)
        yield err(error.with({ operation: 'list', handle: scope as RunHandle }))
        return
      }
      yield* loaded.listRuns(scope, options)
    },
  }
}
