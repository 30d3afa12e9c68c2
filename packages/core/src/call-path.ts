import { loadOnce } from './lazy-module.js'

// The controller's call path (controller-calls.ts: calls, retries, deadlines, waiting, hooks and
// listing; it imports the batch engine, a chunk of its own, for the first batch) is a chunk of
// core's bundle: a controller that is only constructed never reads it (cold start). The
// process's first call or batch imports it, here.

/** The call path's module. */
export type CallPathModule = typeof import('./controller-calls.js')

let loaded: CallPathModule | undefined

/** Imports the call path, once (a failed import is tried again by the next caller). */
export const loadCallPath = loadOnce(() =>
  import('./controller-calls.js').then((module) => {
    loaded = module
    return module
  }),
)

/** The call path's module once some call of this process has loaded it; undefined before. */
export function loadedCallPath(): CallPathModule | undefined {
  return loaded
}
