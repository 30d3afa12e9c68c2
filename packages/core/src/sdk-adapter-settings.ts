import type { ClientSetting } from './sdk-clients.js'

/** The settings every SDK-based adapter takes (DESIGN.md, "Adapter SPI"). */
export interface SdkAdapterSettings<C, Credentials = unknown, Handler = unknown> {
  /** The default region; a handle's own region (or its ARN's) wins. Without both, the SDK's chain. */
  readonly region?: string
  /** A full URL such as `http://127.0.0.1:4510` (the emulator, a VPC endpoint, a proxy). */
  readonly endpoint?: string
  /** Credentials in the provider's own shape, or a credential provider. Default: the SDK's chain. */
  readonly credentials?: Credentials
  /** The HTTP handler of the clients the adapter builds. Default: the SDK's own. */
  readonly requestHandler?: Handler
  /**
   * A client you built, used as given (its retries, handler, region and credentials): one for every
   * handle (then `region` is the region it serves), or a function giving the client for a region.
   */
  readonly client?: ClientSetting<C>
  /**
   * Connections (per origin) of the HTTP/1.1 keep-alive handler an adapter builds for each client
   * when no `requestHandler` is given. Default 50.
   */
  readonly maxSockets?: number
}

/** What `SdkAdapterSettingsOf` reads of an SDK client's config type (e.g. `SFNClientConfig`). */
export interface SdkClientConfigTypes {
  /** The credentials the client takes (static, or a provider). */
  readonly credentials?: unknown
  /** The HTTP handler the client takes. */
  readonly requestHandler?: unknown
}

/** `SdkAdapterSettings` of the client port `C`, typed by the SDK's client `Config`: its credentials and handler. */
export type SdkAdapterSettingsOf<C, Config extends SdkClientConfigTypes> = SdkAdapterSettings<
  C,
  NonNullable<Config['credentials']>,
  Config['requestHandler']
>

/** A keep-alive HTTP handler class such as `NodeHttpHandler` of `@smithy/node-http-handler`. */
export type KeepAliveHandlerClass = new (options: {
  httpAgent: { maxSockets: number }
  httpsAgent: { maxSockets: number }
}) => unknown

/**
 * The config of an AWS SDK v3 client an adapter builds: `maxAttempts: 1` (the controller owns
 * retries, so attempts never multiply) and the settings that were given, none set to undefined.
 * With `Handler` and no `requestHandler`, a new `Handler` of at most `maxSockets` (default 50)
 * connections, so the SDK's unbounded default is never used.
 */
export function awsClientConfig(
  settings: SdkAdapterSettings<unknown>,
  region: string | undefined,
  Handler?: KeepAliveHandlerClass,
): {
  /** Always 1: runstop retries, so the SDK must not. */
  maxAttempts: 1
  /** The client's region, when one was given. */
  region?: string
  /** The endpoint setting, when given. */
  endpoint?: string
  /** The credentials setting, when given. */
  credentials?: never
  /** The given handler, or a keep-alive one of at most `maxSockets` connections. */
  requestHandler?: never
} {
  const maxSockets = settings.maxSockets ?? 50
  if (Handler !== undefined && settings.requestHandler === undefined)
    return awsClientConfig(
      { ...settings, requestHandler: new Handler({ httpAgent: { maxSockets }, httpsAgent: { maxSockets } }) },
      region,
    )
  return {
    maxAttempts: 1,
    ...(region === undefined ? {} : { region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials as never }),
    ...(settings.requestHandler === undefined ? {} : { requestHandler: settings.requestHandler as never }),
  }
}
