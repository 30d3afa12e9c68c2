import { createClientCache } from './client-cache.js'
import { loadOnce } from './lazy-module.js'

/** What an adapter's `client` setting may be: one ready-made client, or one per region. */
export type ClientSetting<C> = C | ((region: string | undefined) => C)

/** What `createSdkClients` needs: how to load the SDK and build a client. */
export interface SdkClientsOptions<M, C> {
  /** Loads the SDK module, e.g. `() => import('@aws-sdk/client-sfn')`: called on first use only. */
  readonly load: () => Promise<M>
  /** Builds the client for a region from the loaded module (turn the SDK's own retries off here). */
  readonly create: (sdk: M, region: string | undefined) => C
  /** The user's own client (used as given), or a function giving the client for a region. */
  readonly client?: ClientSetting<C> | undefined
  /**
   * How `close()` frees a client the adapter built. Default: its `destroy()` (an AWS SDK v3
   * client's, which closes its sockets). Clients the user passed (one, or from their function)
   * are theirs and are never released.
   */
  readonly release?: (client: C) => unknown
}

const destroy = (client: unknown) => (client as { destroy?: () => unknown }).destroy?.()

/** Lazily loaded SDK clients, one per region. */
export interface SdkClients<M, C> {
  /** The SDK module, loaded on first use; a failed load is tried again on the next call. */
  sdk(): Promise<M>
  /** The client for a region, created on first use (the SDK is loaded first, always). */
  client(region: string | undefined): Promise<C>
  /**
   * True when the user passed one ready-made client: it is bound to one region, so a handle
   * cannot choose another (`capabilities.perHandleRegion` is false; see `checkClientRegion`).
   */
  readonly oneClient: boolean
  /** Releases the clients built so far (see `release`); a later call builds new ones. */
  close(): Promise<void>
}

/**
 * The SDK of a provider, imported on first use (a program that never touches the provider never
 * loads it), and one client per region built on first use, so one adapter serves runs in many
 * regions. A client the user passes is used as given (its retries, handler and credentials).
 */
export function createSdkClients<M, C>(options: SdkClientsOptions<M, C>): SdkClients<M, C> {
  const sdk = loadOnce(options.load)
  const given = options.client
  const oneClient = given !== undefined && typeof given !== 'function'
  let loaded: M | undefined
  const clients = createClientCache<C>(
    (key) => {
      const region = key === '' ? undefined : key
      if (typeof given === 'function') return (given as (region: string | undefined) => C)(region)
      if (given !== undefined) return given
      return options.create(loaded as M, region)
    },
    given === undefined ? (options.release ?? destroy) : undefined,
  )
  return {
    sdk,
    oneClient,
    close: () => clients.close(),
    client: async (region) => {
      // Loaded even for a user's client: the adapter builds its commands from the module.
      loaded = await sdk()
      return clients.get(region ?? '')
    },
  }
}
