import {
  clientsOnFirstUse,
  createClientCache,
  createHttpCallGuard,
  type HttpCall,
  type LoadedClients,
  secretsOf,
} from '@runstop/core'
import type { AlibabaOpenApiSettings, AlibabaRpcApi, AlibabaRpcClient } from './alibaba-rpc-client.js'
import { DEFAULT_REGION } from './region.js'

/** The settings of `createAlibabaRpcClients`: the built-in client's, and the user's own client. */
export interface AlibabaRpcClientsSettings<C> extends AlibabaOpenApiSettings {
  /**
   * A client to use instead of the built-in one: one object (every call uses it, so calls cannot
   * name another region), or a function of the region called once per region.
   */
  readonly client?: C | ((region: string) => C)
}

/** An adapter's clients of one RPC API, one per region, and the `send` every request goes through. */
export interface AlibabaRpcClients<C> {
  /**
   * The client of a region (`settings.region`, else `cn-hangzhou`, when none is named), made on
   * first use. The built-in client's code is loaded on the first call (a promise of the client
   * until then; the client itself after): an adapter that is only constructed never reads it.
   */
  client(region: string | undefined): C | Promise<C>
  /** True when the user passed one ready-made client: it serves one region only. */
  readonly oneClient: boolean
  /**
   * `defineAdapter`'s `send` for a client you pass: its calls run through an `HttpCallGuard` (the
   * HTTP status it saw lands on `call.httpStatus`, an abort destroys its request). Undefined for the
   * built-in clients, which take the call's signal as `{ signal }` and keep every status themselves.
   */
  readonly send: (<T>(request: () => Promise<T>, call: HttpCall) => Promise<T>) | undefined
  /**
   * The secret values to keep out of errors: the configured AccessKey secret and STS token, and
   * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN` (the default chain reads them).
   */
  readonly secrets: readonly string[]
  /** Destroys the built-in clients' connections (a client you passed is left alone). */
  close(): Promise<void>
}

/**
 * The clients of an adapter over one RPC API: the user's client (or their function's, asked once
 * per region), else `port` of a built-in client (`createAlibabaRpcTransport`) for the region, all
 * regions sharing credentials and connections. A client you pass is an SDK that takes no
 * AbortSignal and drops the status of a non-JSON answer (`@alicloud/fnf-2019-03-15`, a tea
 * client): its calls go through an `HttpCallGuard`. Nothing is loaded or sent here; a bad setting
 * is a `VALIDATION` RunError thrown (or, before the built-in client is loaded, rejected) by the
 * first `client()`.
 */
export function createAlibabaRpcClients<M extends string, C>(
  api: AlibabaRpcApi<M>,
  settings: AlibabaRpcClientsSettings<C>,
  port: (client: AlibabaRpcClient<M>) => C,
): AlibabaRpcClients<C> {
  const { ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ALIBABA_CLOUD_SECURITY_TOKEN: token } = process.env
  const secrets = secretsOf(settings.credentials, secret, token)
  const regionOf = (region: string | undefined) => region ?? settings.region ?? DEFAULT_REGION
  const given = settings.client
  if (given !== undefined) {
    const clients = createClientCache<C>((region) =>
      typeof given === 'function' ? (given as (region: string) => C)(region) : given,
    )
    return {
      client: (region) => clients.get(regionOf(region)),
      oneClient: typeof given !== 'function',
      send: createHttpCallGuard().send,
      secrets,
      close: () => clients.close(),
    }
  }
  // The built-in client (signing, credentials, connections) is its own module, imported by the
  // first call (a chunk of the adapter's bundle): nothing of it is read at start-up.
  const builtIn = clientsOnFirstUse<C, LoadedClients<C>>(() =>
    import('./alibaba-rpc-client.js').then(({ createAlibabaRpcTransport }) => {
      const transport = createAlibabaRpcTransport(api, settings)
      const clients = createClientCache<C>((region) => port(transport.client(region)))
      return {
        client: (region) => clients.get(regionOf(region)),
        close: () => clients.close().then(() => transport.close()),
      }
    }),
  )
  return {
    client: (region) => builtIn.client(region),
    oneClient: false,
    send: undefined,
    secrets,
    close: () => builtIn.close(),
  }
}
