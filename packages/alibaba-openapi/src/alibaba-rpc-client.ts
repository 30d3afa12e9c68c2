import { checkStringField } from '@runstop/core'
import { type AlibabaCredentialsSetting, credentialConfig, invalidSetting } from './credentials.js'
import { rpcEndpoint } from './endpoint.js'
import { loadAlibabaSdk } from './load-sdk.js'
import { ALIBABA_REGION } from './region.js'

/** The longest timer Node keeps (2^31 - 1 ms, ~24.8 days): "no limit" for the SDK's timers. */
export const NO_LIMIT_MS = 2_147_483_647

/** One action of an RPC-style API: its name and the HTTP method its generated SDK sends it with. */
export interface AlibabaRpcAction {
  /** The `Action`, e.g. `DescribeExecution`. */
  readonly action: string
  /** `GET` sends the parameters as a query, `POST` as a form body. */
  readonly method: 'GET' | 'POST'
}

/** An Alibaba Cloud OpenAPI (POP) product spoken RPC style: all the built-in client needs to know. */
export interface AlibabaRpcApi<M extends string = string> {
  /** The runstop provider name the errors of a bad setting carry, e.g. `alibaba-cloudflow`. */
  readonly provider: string
  /** The product's name in messages, e.g. `CloudFlow`. */
  readonly product: string
  /** The API version, e.g. `2019-03-15`. */
  readonly version: string
  /** The default endpoint; `{region}` is replaced by the client's region. */
  readonly endpoint: string
  /** The client's methods, each the action it sends: `{ describeExecution: { action: 'DescribeExecution', method: 'GET' } }`. */
  readonly actions: Readonly<Record<M, AlibabaRpcAction>>
}

/**
 * A built-in client: one method per action, taking the action's parameters (PascalCase, as the
 * API reference names them; undefined ones are left out) and resolving to what `callApi` resolves
 * to, `{ body, statusCode, headers }`. It rejects with the SDK's error.
 */
export type AlibabaRpcClient<M extends string = string> = {
  readonly [K in M]: (params: object) => Promise<unknown>
}

/** The settings of the built-in client. */
export interface AlibabaOpenApiSettings {
  /** The default region (a call's own region wins). Default `cn-hangzhou`. */
  readonly region?: string
  /**
   * A full URL such as `http://127.0.0.1:4510`; `{region}` in it is replaced by the client's
   * region. The scheme is the protocol; nothing may follow host and port. Default: the API's own.
   */
  readonly endpoint?: string
  /**
   * An AccessKey pair (and STS token), or an `@alicloud/credentials` client. Default: the default
   * chain of `@alicloud/credentials` (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` /
   * `ALIBABA_CLOUD_SECURITY_TOKEN`, OIDC, the CLI profile, `~/.alibabacloud/credentials`, the ECS
   * RAM role, a credentials URI).
   */
  readonly credentials?: AlibabaCredentialsSetting
  /** The limit for opening a connection (TCP connect), in ms. Default 3,000. */
  readonly connectTimeoutMs?: number
  /**
   * The limit from the connection being open to the whole answer read, in ms. Default: none; the
   * call's own deadline and signal bound the wait, so a provider answering within the deadline
   * succeeds however slow it is.
   */
  readonly readTimeoutMs?: number
  /**
   * Most requests (so connections) the built-in clients have open at once, all regions together;
   * more concurrent calls wait for a free slot (an abort while waiting sends nothing). Default 50
   * (`DEFAULT_MAX_SOCKETS`). A client you pass in is not limited.
   */
  readonly maxSockets?: number
}

/** The defined fields of `params` as text (an undefined one would be sent as "undefined"). */
function textFields(params: object): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) if (value !== undefined) fields[key] = String(value)
  return fields
}

/** A positive whole number of ms, at most `NO_LIMIT_MS`; `fallback` when not given. */
export function limitMs(provider: string, value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0 || value > NO_LIMIT_MS)
    throw invalidSetting(
      provider,
      `${name} must be a positive number of milliseconds (at most ${NO_LIMIT_MS}).`,
    )
  return Math.ceil(value)
}

/**
 * The built-in client of an RPC API for one region: `@alicloud/openapi-client` `callApi`, RPC
 * style, ACS3-HMAC-SHA256, as the product's generated SDK sends it, its own retries off (one
 * attempt per call). httpx's `connectTimeout` is an idle timer that also runs while the service
 * prepares its answer, so it gets the read limit; the connect limit proper is enforced on the
 * socket by `createAlibabaRpcClients`' `HttpCallGuard`. A bad region or setting throws a
 * `VALIDATION` RunError; the SDKs are required on the first call.
 */
export function createAlibabaRpcClient<M extends string>(
  api: AlibabaRpcApi<M>,
  settings: AlibabaOpenApiSettings,
  region: string,
): AlibabaRpcClient<M> {
  const { provider } = api
  const refused = checkStringField(provider, api.product, { provider, region }, 'region', ALIBABA_REGION)
  if (refused) throw refused
  const { protocol, endpoint } = rpcEndpoint(provider, settings.endpoint ?? api.endpoint, region)
  limitMs(provider, settings.connectTimeoutMs, 0, 'connectTimeoutMs')
  const readTimeout = limitMs(provider, settings.readTimeoutMs, NO_LIMIT_MS, 'readTimeoutMs')
  const { openApi, credentials } = loadAlibabaSdk()
  const config = { endpoint, protocol, regionId: region, connectTimeout: readTimeout, readTimeout }
  const client = new openApi.default(
    new openApi.Config({
      ...config,
      ...credentialConfig(provider, settings.credentials, credentials.default),
    }),
  )
  // callApi only reads these fields: a plain object spares tea-util (and its moment, lodash and ws).
  const runtime = { autoretry: false, maxAttempts: 1, connectTimeout: readTimeout, readTimeout } as never
  const common = { version: api.version, protocol, pathname: '/', authType: 'AK', style: 'RPC' }
  // Each action's Params once: callApi only reads them, and a tea model costs ~9 µs to build.
  const methods = Object.entries<AlibabaRpcAction>(api.actions).map(([name, { action, method }]) => {
    const request = new openApi.Params({
      ...common,
      action,
      method,
      reqBodyType: 'formData',
      bodyType: 'json',
    })
    const send = (params: object) => {
      const query = textFields(params)
      const options = new openApi.OpenApiRequest(method === 'GET' ? { query } : { body: query })
      return client.callApi(request, options, runtime)
    }
    return [name, send] as const
  })
  return Object.fromEntries(methods) as AlibabaRpcClient<M>
}
