import { createClientCache, createHttpCallGuard, type HttpCall, secretsOf } from '@runstop/core'
import {
  type AlibabaOpenApiSettings,
  type AlibabaRpcApi,
  type AlibabaRpcClient,
  createAlibabaRpcClient,
  NO_LIMIT_MS,
} from './alibaba-rpc-client.js'
import { DEFAULT_REGION } from './region.js'

/** Connections the built-in clients open at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50
/** The built-in clients' limit for opening a connection, unless `connectTimeoutMs` says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000

/** The settings of `createAlibabaRpcClients`: the built-in client's, and the user's own client. */
export interface AlibabaRpcClientsSettings<C> extends AlibabaOpenApiSettings {
  /**
   * A client to use instead of the built-in one: one object (every call uses it, so calls cannot
   * name another region), or a function of the region called once per region.
   */
  readonly client?: C | ((region: string) => C)
}

/** An adapter's clients of one RPC API, one per region, and the guard every request goes through. */
export interface AlibabaRpcClients<C> {
  /** The client of a region (`settings.region`, else `cn-hangzhou`, when none is named), made on first use. */
  client(region: string | undefined): C
  /** True when the user passed one ready-made client: it serves one region only. */
  readonly oneClient: boolean
  /**
   * Runs one SDK call through the `HttpCallGuard` (`defineAdapter`'s `send`): the HTTP status it
   * saw lands on `call.httpStatus`, an abort destroys its request, and the built-in clients' calls
   * hold one of `maxSockets` slots and have their connect limit.
   */
  send<T>(request: () => Promise<T>, call: HttpCall): Promise<T>
  /**
   * The secret values to keep out of errors: the configured AccessKey secret and STS token, and
   * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN` (the default chain reads them).
   */
  readonly secrets: readonly string[]
  /** Destroys the sockets of the built-in clients' requests (a client you passed is left alone). */
  close(): Promise<void>
}

/**
 * The clients of an adapter over one RPC API: the user's client (or their function's, asked once
 * per region), else `port` of a built-in client (`createAlibabaRpcClient`) for the region. Every
 * request goes through one `HttpCallGuard` (the Alibaba SDKs take no AbortSignal and drop the
 * status of a non-JSON answer); for the built-in clients it also keeps at most `maxSockets`
 * requests out, bounds each connect, and remembers their sockets for `close()`: openapi-client
 * sends through httpx's process-wide keep-alive agent, which cannot be replaced or closed. Nothing
 * is loaded or sent here; a bad setting is a `VALIDATION` RunError thrown by the first `client()`.
 */
export function createAlibabaRpcClients<M extends string, C>(
  api: AlibabaRpcApi<M>,
  settings: AlibabaRpcClientsSettings<C>,
  port: (client: AlibabaRpcClient<M>) => C,
): AlibabaRpcClients<C> {
  const given = settings.client
  const { maxSockets = DEFAULT_MAX_SOCKETS, connectTimeoutMs: connect = DEFAULT_CONNECT_TIMEOUT_MS } =
    settings
  // A bad connectTimeoutMs is reported as VALIDATION by the first call, when the client is built.
  const guard = createHttpCallGuard(
    given === undefined
      ? {
          trackSockets: true,
          maxInFlight:
            Number.isFinite(maxSockets) && maxSockets >= 1 ? Math.floor(maxSockets) : DEFAULT_MAX_SOCKETS,
          ...(connect > 0 && connect <= NO_LIMIT_MS ? { connectTimeoutMs: Math.ceil(connect) } : {}),
        }
      : {},
  )
  const clients = createClientCache<C>((region) => {
    if (typeof given === 'function') return (given as (region: string) => C)(region)
    return given ?? port(createAlibabaRpcClient(api, settings, region))
  })
  const { ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ALIBABA_CLOUD_SECURITY_TOKEN: token } = process.env
  return {
    client: (region) => clients.get(region ?? settings.region ?? DEFAULT_REGION),
    oneClient: given !== undefined && typeof given !== 'function',
    send: guard.send,
    secrets: secretsOf(settings.credentials, secret, token),
    close: () => clients.close().then(guard.close),
  }
}
