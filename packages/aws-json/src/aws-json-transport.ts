import {
  createClientCache,
  createKeepAliveHandler,
  DEFAULT_MAX_SOCKETS,
  type HttpHandlerLike,
  wholeAtLeastOne,
} from '@runstop/core'
import { type AwsJsonClient, type AwsJsonService, createAwsJsonClient } from './aws-json-client.js'
import { type CredentialsSetting, credentialProvider } from './credentials.js'

/** The settings of a transport: what an adapter's settings give for its built-in client. */
export interface AwsJsonSettings {
  /** Handed to the default credential chain only (for providers that call STS): a client's region is the one asked for. */
  readonly region?: string
  /** A full URL such as `http://127.0.0.1:4510`, used for every region. Default: the service's endpoint of the region. */
  readonly endpoint?: string
  /** Static credentials or a credential provider. Default: the AWS SDK's default chain. */
  readonly credentials?: CredentialsSetting
  /**
   * Most connections opened to the service at once (all regions together); more concurrent calls
   * wait for a free connection. Default 50 (`DEFAULT_MAX_SOCKETS`).
   */
  readonly maxSockets?: number
}

/** Clients of one service that share credentials and one keep-alive connection pool. */
export interface AwsJsonTransport {
  /** A new client for a region (cheap, no I/O: keep it). */
  client(region: string): AwsJsonClient
  /** The secret values the credentials have handed out so far, for scrubbing error text. */
  secrets(): string[]
  /** Destroys the pooled connections; a later call opens new ones. */
  close(): Promise<void>
}

/**
 * The transport of a service: its clients share one credential provider and one keep-alive
 * handler (node:http, node:https and the handler are imported on the first request; a failed
 * import is tried again on the next). Nothing is loaded or opened here.
 */
export function createAwsJsonTransport(
  service: AwsJsonService,
  settings: AwsJsonSettings = {},
): AwsJsonTransport {
  const { provider, secrets } = credentialProvider(settings.credentials, settings.region)
  const maxSockets = wholeAtLeastOne(settings.maxSockets, DEFAULT_MAX_SOCKETS)
  let handler: Promise<HttpHandlerLike> | undefined
  // The handler once loaded, given as it is: a call then waits for nothing to get it.
  let loaded: HttpHandlerLike | undefined
  const httpHandler = () => {
    if (loaded !== undefined) return loaded
    if (handler === undefined) {
      const loading: Promise<HttpHandlerLike> = createKeepAliveHandler(maxSockets).then(
        (ready) => {
          // Not when `close()` came first: that handler is being destroyed.
          if (handler === loading) loaded = ready
          return ready
        },
        (error: unknown) => {
          if (handler === loading) handler = undefined
          throw error
        },
      )
      handler = loading
    }
    return handler
  }
  return {
    secrets,
    client: (region) =>
      createAwsJsonClient({
        service,
        region,
        endpoint: settings.endpoint ?? service.endpoint(region),
        credentials: provider,
        httpHandler,
      }),
    close: async () => {
      const closing = handler
      handler = undefined
      loaded = undefined
      ;(await closing?.catch(() => undefined))?.destroy?.()
    },
  }
}

/** What `createAwsJsonClients` takes: the transport's settings and the user's own client, if any. */
export interface AwsJsonClientsSettings<C> extends AwsJsonSettings {
  /** A client to use as given for every region, or a function giving the client of a region. */
  readonly client?: C | ((region: string) => C)
}

/** The clients of an adapter: one per region, made on first use. */
export interface AwsJsonClients<C> {
  /** The client of a region (`us-east-1` when none is named). */
  client(region?: string): C
  /** The secret values the built-in clients' credentials have handed out so far. */
  secrets(): string[]
  /** Destroys the built-in clients' connections; a client the user gave is left alone. */
  close(): Promise<void>
}

/**
 * An adapter's clients of one service: the user's client (or their function's, asked once per
 * region), else `port` of a built-in client for the region (sharing one transport). No I/O here.
 */
export function createAwsJsonClients<C>(
  service: AwsJsonService,
  settings: AwsJsonClientsSettings<C>,
  port: (client: AwsJsonClient) => C,
): AwsJsonClients<C> {
  const transport = createAwsJsonTransport(service, settings)
  const given = settings.client
  const clients = createClientCache<C>((region) => {
    if (typeof given === 'function') return (given as (region: string) => C)(region)
    return given ?? port(transport.client(region))
  })
  return {
    client: (region = 'us-east-1') => clients.get(region),
    secrets: transport.secrets,
    close: () => clients.close().then(transport.close),
  }
}
