import { RunError } from './run-error.js'

/**
 * Something loaded on first use, once: an SDK, a signing stack, a package, one of core's chunks
 * (core's bundle makes each module it imports this way a chunk of its own, so a controller that
 * never uses it never reads or parses it). Every caller gets the same promise; a failed load is
 * tried again by the next caller.
 *
 * @example
 * const sdk = loadOnce(() => import('@aws-sdk/client-sfn'))
 * const { SFNClient } = await sdk()
 */
export function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
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
