import {
  checkStringField,
  type HttpHandlerLike,
  type KeepAliveCallOptions,
  keepAliveHandler,
  keepAliveTransport,
  wholeAtLeastOne,
} from '@runstop/core'
import {
  acs3Authorization,
  acsDate,
  EMPTY_SHA256,
  encodeParams,
  sha256Hex,
  signatureNonce,
} from './acs3-signature.js'
import { type AlibabaRpcReply, readAnswer } from './alibaba-answer.js'
import {
  type AlibabaCredentialsSetting,
  credentialSource,
  invalidSetting,
  type SigningCredentials,
} from './credentials.js'
import { rpcEndpoint } from './endpoint.js'
import { defaultCredentialChain } from './load-sdk.js'
import { ALIBABA_REGION } from './region.js'
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_SOCKETS, NO_LIMIT_MS } from './transport-defaults.js'

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

/** What one call of a built-in client's method may carry besides its parameters. */
export interface AlibabaCallOptions {
  /** When it fires, the request is destroyed (or, still waiting for a connection, never sent). */
  readonly signal?: AbortSignal | undefined
}

/**
 * A built-in client: one method per action, taking the action's parameters (PascalCase, as the
 * API reference names them; undefined ones are left out) and resolving to what openapi-client's
 * `callApi` resolves to, `{ body, statusCode, headers }`. It rejects with an error
 * `readAlibabaError` reads as it reads openapi-client's.
 */
export type AlibabaRpcClient<M extends string = string> = {
  readonly [K in M]: (params: object, options?: AlibabaCallOptions) => Promise<AlibabaRpcReply>
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
   * Most connections the built-in clients open to one endpoint (so one region) at once; more
   * concurrent calls wait for a free one (an abort while waiting sends nothing). Default 50
   * (`DEFAULT_MAX_SOCKETS`). A client you pass in is not limited.
   */
  readonly maxSockets?: number
}

/** A positive whole number of ms, at most `NO_LIMIT_MS`; `fallback` when not given. */
export function limitMs<F extends number | undefined>(
  provider: string,
  value: number | undefined,
  fallback: F,
  name: string,
): number | F {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0 || value > NO_LIMIT_MS)
    throw invalidSetting(
      provider,
      `${name} must be a positive number of milliseconds (at most ${NO_LIMIT_MS}).`,
    )
  return Math.ceil(value)
}

const USER_AGENT = `runstop/@runstop/alibaba-openapi Node.js/${process.version}`

/** The built-in clients of one RPC API, region by region, sharing credentials and connections. */
export interface AlibabaRpcTransport<M extends string = string> {
  /**
   * The built-in client of a region (cheap, no I/O: keep it). A bad region or setting throws a
   * `VALIDATION` RunError.
   */
  client(region: string): AlibabaRpcClient<M>
  /** Destroys the pooled connections (and any request under way); a later call opens new ones. */
  close(): Promise<void>
}

/**
 * The built-in clients of an RPC API. They speak Alibaba's RPC style over node:http(s) themselves,
 * sending exactly what openapi-client's `callApi` sends for `style: 'RPC'` (ACS3-HMAC-SHA256; a
 * `GET` action's parameters as the query, a `POST` action's as a form body), because through
 * openapi-client a call cost ~25% more CPU than the raw SDK call (issue 11): the SDK takes no
 * AbortSignal, drops the HTTP status of a non-JSON answer and sends through httpx's process-wide
 * keep-alive agent, which cannot be limited or closed, and the guard that made up for that
 * (`AsyncLocalStorage`, which on Node 20 turns on promise hooks for the whole process) cost more
 * than the call itself. Here the requests go through core's keep-alive handler on agents of their
 * own: at most `maxSockets` connections per endpoint, `connectTimeoutMs` on new connections,
 * `readTimeoutMs` if set, the call's signal, every answer's status kept, and `close()`.
 * Credentials: the AccessKey pair as given, else the provider's `getCredential()` per request (by
 * default `@alicloud/credentials`' default chain, required on the first request). One attempt per
 * call: runstop's controller retries. Nothing is loaded or checked here.
 */
export function createAlibabaRpcTransport<M extends string>(
  api: AlibabaRpcApi<M>,
  settings: AlibabaOpenApiSettings = {},
): AlibabaRpcTransport<M> {
  const { provider } = api
  const maxSockets = wholeAtLeastOne(settings.maxSockets, DEFAULT_MAX_SOCKETS)
  // The settings, once checked (the first client() that finds them valid), shared by every region.
  let checked:
    | {
        connectTimeoutMs: number
        callOptions: { readTimeoutMs?: number }
        credentials: SigningCredentials | (() => Promise<SigningCredentials>)
      }
    | undefined
  let handler: HttpHandlerLike | undefined

  const check = () => {
    if (checked !== undefined) return checked
    const connectTimeoutMs = limitMs(
      provider,
      settings.connectTimeoutMs,
      DEFAULT_CONNECT_TIMEOUT_MS,
      'connectTimeoutMs',
    )
    const readTimeoutMs = limitMs(provider, settings.readTimeoutMs, undefined, 'readTimeoutMs')
    const credentials = credentialSource(provider, settings.credentials, defaultCredentialChain)
    checked = {
      connectTimeoutMs,
      callOptions: readTimeoutMs === undefined ? {} : { readTimeoutMs },
      credentials,
    }
    return checked
  }

  function client(region: string): AlibabaRpcClient<M> {
    const refused = checkStringField(provider, api.product, { provider, region }, 'region', ALIBABA_REGION)
    if (refused) throw refused
    const { protocol, hostname, port, host } = rpcEndpoint(
      provider,
      settings.endpoint ?? api.endpoint,
      region,
    )
    const { connectTimeoutMs, callOptions, credentials } = check()

    const methods = Object.entries<AlibabaRpcAction>(api.actions).map(([name, { action, method }]) => {
      const post = method === 'POST'
      /** One signed request: the parameters as the query (GET) or as a form body (POST). */
      const exchange = (
        keys: SigningCredentials,
        params: { canonical: string; wire: string },
        signal?: AbortSignal,
      ) => {
        const body = post ? params.wire : ''
        const payloadHash = post ? sha256Hex(body) : EMPTY_SHA256
        const headers: Record<string, string> = {
          host,
          'x-acs-version': api.version,
          'x-acs-action': action,
          'user-agent': USER_AGENT,
          'x-acs-date': acsDate(),
          'x-acs-signature-nonce': signatureNonce(),
          accept: 'application/json',
        }
        if (post) headers['content-type'] = 'application/x-www-form-urlencoded'
        headers['x-acs-content-sha256'] = payloadHash
        if (keys.securityToken !== undefined) {
          headers['x-acs-accesskey-id'] = keys.accessKeyId
          headers['x-acs-security-token'] = keys.securityToken
        }
        if (keys.providerName !== undefined) headers['x-acs-credentials-provider'] = keys.providerName
        headers.authorization = acs3Authorization({
          method,
          canonicalQuery: post ? '' : params.canonical,
          headers,
          payloadHash,
          accessKeyId: keys.accessKeyId,
          accessKeySecret: keys.accessKeySecret,
        })
        const path = post || params.wire === '' ? '/' : `/?${params.wire}`
        const request = { protocol, hostname, port, method, path, headers, body }
        const options: KeepAliveCallOptions =
          signal === undefined ? callOptions : { ...callOptions, abortSignal: signal }
        handler ??= keepAliveHandler(keepAliveTransport({ maxSockets, connectTimeoutMs }))
        return handler
          .handle(request, options)
          .then(({ response }) => readAnswer(response.statusCode, response.headers, response.body as string))
      }
      const send = (params: object, options?: AlibabaCallOptions): Promise<AlibabaRpcReply> => {
        try {
          const signal = options?.signal
          const encoded = encodeParams(params)
          return typeof credentials === 'function'
            ? credentials().then((keys) => exchange(keys, encoded, signal))
            : exchange(credentials, encoded, signal)
        } catch (error) {
          return Promise.reject(error)
        }
      }
      return [name, send] as const
    })
    return Object.fromEntries(methods) as AlibabaRpcClient<M>
  }

  return {
    client,
    close: async () => {
      handler?.destroy?.()
      handler = undefined
    },
  }
}
