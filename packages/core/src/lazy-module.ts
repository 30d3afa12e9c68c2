import { RunError } from './run-error.js'

/**
 * A module imported on first use (core's bundle makes each such module a chunk of its own, so a
 * controller that never uses it never reads or parses it): the same promise for every caller; a
 * failed import is tried again by the next caller.
 */
export function lazyModule<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    })
    return loading
  }
}

/** What a call answers when the chunk it needs could not be loaded (a broken install). */
export function chunkLoadError(what: string, cause: unknown): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `Loading ${what} failed${cause instanceof Error ? `: ${cause.message}` : ''}.`,
    provider: 'runstop',
    cause,
  })
}
