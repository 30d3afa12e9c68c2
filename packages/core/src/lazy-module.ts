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

/** What `clientsOnFirstUse` loads: an adapter's clients, region by region. */
export interface LoadedClients<C> {
  /** The client of a region (`undefined`: the default one). */
  client(region: string | undefined): C
  /** Releases the clients' connections. */
  close?(): Promise<void>
}

/** An adapter's clients whose code is imported by the first call (`clientsOnFirstUse`). */
export interface ClientsOnFirstUse<C, L extends LoadedClients<C>> {
  /** The client of a region: a promise of it until the clients are loaded, the client itself after. */
  client(region: string | undefined): C | Promise<C>
  /** The clients once loaded; undefined before the first call's load has finished. */
  readonly loaded: L | undefined
  /** Closes the clients, once loaded (a load under way is waited for; one never started, skipped). */
  close(): Promise<void>
}

/**
 * An adapter's clients built by code it imports on the first call (`load`, through `loadOnce`: a
 * failed import is tried again by the next call), so a controller that is only constructed never
 * reads that code. From then on `client()` answers at once, without a promise.
 *
 * @example
 * const clients = clientsOnFirstUse(() =>
 *   import('@runstop/aws-json').then(({ createAwsJsonClients }) => createAwsJsonClients(service, settings, port)),
 * )
 */
export function clientsOnFirstUse<C, L extends LoadedClients<C>>(
  load: () => Promise<L>,
): ClientsOnFirstUse<C, L> {
  let loaded: L | undefined
  let loading: Promise<L> | undefined
  const loadClients = loadOnce(() =>
    load().then((clients) => {
      loaded = clients
      return clients
    }),
  )
  return {
    client(region) {
      if (loaded !== undefined) return loaded.client(region)
      loading = loadClients()
      return loading.then((clients) => clients.client(region))
    },
    get loaded() {
      return loaded
    },
    async close() {
      // A close() during the first call's load still closes the clients that load makes.
      const clients = loaded ?? (await loading?.catch(() => undefined))
      await clients?.close?.()
    },
  }
}
