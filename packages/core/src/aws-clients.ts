import { type AwsHttpSettings, type HttpHandlerModule, reusingHttpHandler } from './aws-http-handler.js'
import { rememberCredentials } from './remembered-credentials.js'
import {
  awsClientConfig,
  type SdkAdapterSettings,
  type SdkClientConfigTypes,
} from './sdk-adapter-settings.js'
import { createSdkClients, type SdkClients } from './sdk-clients.js'

/** The settings of an adapter on an AWS SDK v3 client: `SdkAdapterSettings` and the HTTP stack's. */
export interface AwsAdapterSettings<C, Credentials = unknown, Handler = unknown>
  extends SdkAdapterSettings<C, Credentials, Handler>,
    AwsHttpSettings {}

/** `AwsAdapterSettings` of the client port `C`, typed by the SDK's client `Config` (its credentials and handler). */
export type AwsAdapterSettingsOf<C, Config extends SdkClientConfigTypes> = AwsAdapterSettings<
  C,
  NonNullable<Config['credentials']>,
  Config['requestHandler']
>

/**
 * The `send` of an AWS SDK v3 client for one command: intersect one per operation to type the
 * port an adapter calls, so any client with the same `send` (the SDK's own, a test double) fits.
 */
export type AwsSdkSend<Command, Output> = (
  command: Command,
  options?: { abortSignal?: AbortSignal },
) => Promise<Output>

/** The config `createAwsClients` builds each client with (see `awsClientConfig`). */
export type AwsClientConfig = ReturnType<typeof awsClientConfig>

/** What `createAwsClients` needs: the SDK, the HTTP stack, and the client's constructor call. */
export interface AwsClientsOptions<M, C> {
  /** Loads the SDK module, e.g. `() => import('@aws-sdk/client-sfn')`: on first use only. */
  readonly load: () => Promise<M>
  /** Loads `@smithy/node-http-handler`: with the SDK, and only when the adapter builds the handler. */
  readonly http: () => Promise<HttpHandlerModule>
  /** Builds a client from the loaded module, e.g. `(sdk, config) => new sdk.SFNClient(config)`. */
  readonly create: (sdk: M, config: AwsClientConfig) => C
}

/** `SdkClients` that also know the secrets to scrub from errors. */
export interface AwsClients<M, C> extends SdkClients<M, C> {
  /** The configured secrets and those a credential provider has answered so far. */
  secrets(): string[]
}

/**
 * The clients of an AWS adapter: the SDK imported on first use, a client per region built with
 * `awsClientConfig` (`maxAttempts: 1`: the controller owns retries), all sharing one reusing HTTP
 * handler (`reusingHttpHandler`; a `requestHandler` setting is used instead) that `close()` frees
 * with them, and the credentials remembered (`rememberCredentials`) so errors can scrub what a
 * provider answered. A `client` setting is used as given.
 */
export function createAwsClients<M, C>(
  settings: AwsAdapterSettings<C>,
  options: AwsClientsOptions<M, C>,
): AwsClients<M, C> {
  const credentials = rememberCredentials(settings.credentials)
  const buildsHandler = settings.client === undefined && settings.requestHandler === undefined
  let http: HttpHandlerModule | undefined
  let shared: unknown
  const clients = createSdkClients<M, C>({
    load: async () => {
      const [sdk, module] = await Promise.all([options.load(), buildsHandler ? options.http() : undefined])
      http = module
      return sdk
    },
    client: settings.client,
    create: (sdk, region) => {
      if (http !== undefined) shared ??= reusingHttpHandler(http, settings)
      const requestHandler = settings.requestHandler ?? shared
      return options.create(
        sdk,
        awsClientConfig({ ...settings, credentials: credentials.value, requestHandler }, region),
      )
    },
  })
  return {
    ...clients,
    secrets: credentials.secrets,
    // Destroying the built clients destroys the shared handler too: the next client gets a new one.
    close: () => clients.close().finally(() => (shared = undefined)),
  }
}
