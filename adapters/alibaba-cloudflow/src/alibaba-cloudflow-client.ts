import diagnosticsChannel from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type * as CredentialsModule from '@alicloud/credentials'
import type * as OpenApiModule from '@alicloud/openapi-client'
import { createClientCache, RunError } from '@runstop/core'
import { checkRegion, PROVIDER } from './alibaba-cloudflow-handle.js'
import { createRequestGate } from './request-gate.js'

/** The FnF API version both operations belong to. */
export const API_VERSION = '2019-03-15'
/** The region used when neither the handle nor the settings name one. */
export const DEFAULT_REGION = 'cn-hangzhou'
/** The public regional endpoint; `{region}` is replaced by the run's region. */
export const DEFAULT_ENDPOINT = 'https://{region}.fnf.aliyuncs.com'
/** Connection set-up limit of the built-in client, in ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000
/** The longest timer Node keeps (2^31 - 1 ms, ~24.8 days): "no limit" for the SDK's timers. */
const NO_LIMIT_MS = 2_147_483_647

/** Alibaba Cloud credentials in the SDK's own shape (an AccessKey pair, plus an STS token if any). */
export interface AlibabaCloudFlowCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
}

/**
 * A credentials client of `@alicloud/credentials` (`new Credential(config)`): RAM role, OIDC,
 * ECS RAM role, a profile… Anything with its `getCredential()` method.
 */
export interface AlibabaCredentialProvider {
  getCredential(): Promise<unknown>
}

/** `StopExecution` parameters, in the API's own spelling. */
export interface StopExecutionParams {
  readonly FlowName: string
  readonly ExecutionName: string
  /** The reason for stopping, 1–4096 characters. */
  readonly Cause?: string
  /** The error for stopping, 1–128 characters. */
  readonly Error?: string
}

/** `DescribeExecution` parameters, in the API's own spelling. */
export interface DescribeExecutionParams {
  readonly FlowName: string
  readonly ExecutionName: string
}

/** `ListExecutions` parameters, in the API's own spelling. */
export interface ListExecutionsParams {
  readonly FlowName: string
  readonly NextToken?: string
  /** Executions per page, 1–99. */
  readonly Limit?: number
  /** One execution state: the service filters by it. */
  readonly Status?: string
}

/** The execution fields of a StopExecution / DescribeExecution response body (seed 003). */
export interface AlibabaCloudFlowExecution {
  readonly RequestId?: string
  readonly Name?: string
  readonly FlowName?: string
  /** Starting, Running, Stopped, Succeeded, Failed or TimedOut. */
  readonly Status?: string
  /** ISO 8601, e.g. `2019-01-01T01:01:01.001Z`. */
  readonly StartedTime?: string
  readonly StoppedTime?: string
  readonly Input?: string
  readonly Output?: string
  readonly FlowDefinition?: string
  readonly [field: string]: unknown
}

/** A `callApi`-style response: the JSON body under `body`, beside the HTTP status and headers. */
export interface AlibabaCloudFlowResponse {
  readonly body?: AlibabaCloudFlowExecution
  readonly statusCode?: number
  readonly headers?: Readonly<Record<string, unknown>>
}

/** What a client method resolves to: the body itself (fnf-2019-03-15) or `{ body, statusCode }` (callApi). */
export type AlibabaCloudFlowReply = AlibabaCloudFlowExecution | AlibabaCloudFlowResponse

/**
 * The port the adapter calls: the method names and parameter spelling of `@alicloud/fnf-2019-03-15`
 * (`new Client({ endpoint, accessKeyId, accessKeySecret })`, `client.stopExecution({ FlowName,
 * ExecutionName, Cause, Error })`), so such a client is passed as is. The adapter's own client,
 * built on `@alicloud/openapi-client` `callApi`, implements it too and resolves to `{ body,
 * statusCode, headers }`. Failures reject with the SDK's error (`code`, `data.RequestId`, and
 * `statusCode` where the client knows it).
 */
export interface AlibabaCloudFlowClient {
  /** `StopExecution`: asks CloudFlow to stop the execution. */
  stopExecution(params: StopExecutionParams): Promise<AlibabaCloudFlowReply>
  /** `DescribeExecution`: reads the execution's status. */
  describeExecution(params: DescribeExecutionParams): Promise<AlibabaCloudFlowReply>
  /**
   * Used by `listRuns` / `stopAll`; a client without it can stop and get, not list. Resolves to
   * `{ Executions, NextToken, RequestId }` (or that under `body`).
   */
  listExecutions?(params: ListExecutionsParams): Promise<unknown>
}

/** Settings of `createAlibabaCloudFlowAdapter`: region, endpoint, credentials, transport, or a client of your own. */
export interface AlibabaCloudFlowAdapterSettings {
  /** The default region of runs whose handle names none. Default `cn-hangzhou`. */
  readonly region?: string
  /**
   * A full URL: `http://127.0.0.1:4510` (the scheme becomes the protocol, host and port the
   * endpoint). `{region}` in it is replaced by the run's region. Default
   * `https://{region}.fnf.aliyuncs.com`.
   */
  readonly endpoint?: string
  /**
   * An AccessKey pair (with an STS token if any), or an `@alicloud/credentials` client. Absent:
   * the default chain of `@alicloud/credentials` (`ALIBABA_CLOUD_ACCESS_KEY_ID` /
   * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`, OIDC, the CLI profile,
   * `~/.alibabacloud/credentials`, the ECS RAM role, a credentials URI).
   */
  readonly credentials?: AlibabaCloudFlowCredentials | AlibabaCredentialProvider
  /**
   * A client to use instead of the built-in one: one object (all runs use it, so handles cannot
   * name another region), or a function of the region called once per region.
   */
  readonly client?: AlibabaCloudFlowClient | ((region: string) => AlibabaCloudFlowClient)
  /**
   * The built-in client's limit for opening a connection (TCP connect), in ms. Default 3,000.
   * Waiting for the answer is not part of it.
   */
  readonly connectTimeoutMs?: number
  /**
   * The built-in client's limit from the connection being open to the whole answer read, in ms.
   * Default: none; the call's own deadline (`timeoutMs`) and signal bound the wait, as on the AWS
   * adapters, so a provider answering within the deadline succeeds however slow it is.
   */
  readonly readTimeoutMs?: number
  /**
   * Most requests (so connections) the built-in client has open at once, all regions together;
   * more concurrent calls wait for a free slot (an abort while waiting sends nothing). Default 50
   * (`DEFAULT_MAX_SOCKETS`). A client you pass in is not limited.
   */
  readonly maxSockets?: number
}

/** Connections the built-in client opens at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50

type OpenApi = typeof OpenApiModule.default
type Credentials = typeof CredentialsModule.default
type OpenApiClient = InstanceType<OpenApi['default']>

/**
 * The runtime options `callApi` reads, as a plain object: `callApi` only reads fields, so this
 * package needs no `@alicloud/tea-util` (and its moment, lodash and ws) for a `RuntimeOptions`.
 */
interface CallRuntime {
  readonly autoretry: boolean
  readonly maxAttempts: number
  readonly connectTimeout: number
  readonly readTimeout: number
}

// The Alibaba SDKs are CommonJS. `require` gives the same module object under Node and bundlers'
// test runners alike, and keeps them unloaded until the first call that needs them.
const requireCjs = createRequire(import.meta.url)
let sdk: { openApi: OpenApi; credentials: Credentials } | undefined
function loadSdk() {
  sdk ??= {
    openApi: requireCjs('@alicloud/openapi-client') as OpenApi,
    credentials: requireCjs('@alicloud/credentials') as Credentials,
  }
  return sdk
}

function invalidSetting(message: string): RunError {
  return new RunError({ code: 'VALIDATION', message, provider: PROVIDER })
}

/** Splits an endpoint URL into the SDK's `protocol` and `endpoint` (host and port). */
export function resolveEndpoint(
  endpoint: string | undefined,
  region: string,
): { readonly protocol: 'http' | 'https'; readonly host: string } {
  const template = endpoint ?? DEFAULT_ENDPOINT
  const text = template.replaceAll('{region}', region)
  // A bare host name is taken as HTTPS; `host:port` alone would otherwise parse as a URL scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw invalidSetting(
      `endpoint '${template}' is not a URL; pass e.g. 'https://cn-hangzhou.fnf.aliyuncs.com'.`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidSetting(`endpoint '${template}' must use http or https.`)
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== ''
  )
    throw invalidSetting(`endpoint '${template}' must be scheme://host[:port] only: RPC calls go to '/'.`)
  return { protocol: url.protocol === 'http:' ? 'http' : 'https', host: url.host }
}

function isCredentialProvider(value: unknown): value is AlibabaCredentialProvider {
  return typeof (value as { getCredential?: unknown } | null)?.getCredential === 'function'
}

function credentialConfig(
  credentials: AlibabaCloudFlowAdapterSettings['credentials'],
  modules: ReturnType<typeof loadSdk>,
): Record<string, unknown> {
  if (credentials === undefined) return { credential: new modules.credentials.default() }
  if (isCredentialProvider(credentials)) return { credential: credentials }
  const { accessKeyId, accessKeySecret, securityToken } = credentials as Partial<AlibabaCloudFlowCredentials>
  if (
    typeof accessKeyId !== 'string' ||
    accessKeyId === '' ||
    typeof accessKeySecret !== 'string' ||
    accessKeySecret === ''
  )
    throw invalidSetting(
      'credentials need a non-empty accessKeyId and accessKeySecret (and optionally securityToken), or an @alicloud/credentials client.',
    )
  return {
    accessKeyId,
    accessKeySecret,
    ...(typeof securityToken === 'string' && securityToken !== '' ? { securityToken } : {}),
  }
}

function timeout(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0 || value > NO_LIMIT_MS)
    throw invalidSetting(`${name} must be a positive number of milliseconds (at most ${NO_LIMIT_MS}).`)
  return Math.ceil(value)
}

/**
 * The connect limit the adapter enforces on the built-in client's sockets: undefined for a client
 * passed in (its own settings rule) and for a bad value, which the first call reports as
 * `VALIDATION` when it builds the client.
 */
export function builtInConnectTimeoutMs(settings: AlibabaCloudFlowAdapterSettings): number | undefined {
  if (settings.client !== undefined) return undefined
  const value = settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  return Number.isFinite(value) && value > 0 && value <= NO_LIMIT_MS ? Math.ceil(value) : undefined
}

/** Drops undefined fields: the SDK would send them as the text "undefined". */
function defined(params: object): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value
  return out
}

/**
 * The built-in client: `@alicloud/openapi-client` `callApi`, RPC style, ACS3-HMAC-SHA256 signing,
 * `StopExecution` as a form POST and `DescribeExecution` as a GET, as the generated fnf20190315
 * SDK sends them. Its own retries are off (`autoretry: false`, `maxAttempts: 1`): one attempt per
 * call, the controller retries.
 *
 * Timeouts: the SDK's HTTP layer (httpx) uses `connectTimeout` as the socket's idle timer, which
 * also runs while the service prepares its answer, so it gets the read limit; the connect limit
 * proper is enforced by the adapter on the socket ({@link builtInConnectTimeoutMs}).
 */
export function createOpenApiFlowClient(options: {
  readonly region: string
  readonly endpoint?: string
  readonly credentials?: AlibabaCloudFlowAdapterSettings['credentials']
  readonly connectTimeoutMs?: number
  readonly readTimeoutMs?: number
}): { readonly client: AlibabaCloudFlowClient; close(): void } {
  const { protocol, host } = resolveEndpoint(options.endpoint, options.region)
  timeout(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, 'connectTimeoutMs')
  const readTimeout = timeout(options.readTimeoutMs, NO_LIMIT_MS, 'readTimeoutMs')
  // httpx's idle timer starts before the connection and runs until the answer: the read limit.
  const connectTimeout = readTimeout
  const modules = loadSdk()
  const { openApi } = modules
  const client: OpenApiClient = new openApi.default(
    new openApi.Config({
      endpoint: host,
      protocol,
      regionId: options.region,
      connectTimeout,
      readTimeout,
      ...credentialConfig(options.credentials, modules),
    }),
  )
  // Built once per client: callApi only reads them.
  const params = (action: string, method: 'GET' | 'POST') =>
    new openApi.Params({
      action,
      version: API_VERSION,
      protocol,
      pathname: '/',
      method,
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    })
  const stopParams = params('StopExecution', 'POST')
  const describeParams = params('DescribeExecution', 'GET')
  const listParams = params('ListExecutions', 'GET')
  const callRuntime: CallRuntime = { autoretry: false, maxAttempts: 1, connectTimeout, readTimeout }
  const runtime = callRuntime as unknown as Parameters<OpenApiClient['callApi']>[2]
  const sockets = trackSockets(host)
  const flowClient: AlibabaCloudFlowClient = {
    stopExecution: (input) =>
      client.callApi(stopParams, new openApi.OpenApiRequest({ body: defined(input) }), runtime),
    describeExecution: (input) =>
      client.callApi(describeParams, new openApi.OpenApiRequest({ query: defined(input) }), runtime),
    listExecutions: (input) =>
      client.callApi(
        listParams,
        new openApi.OpenApiRequest({
          query: defined({ ...input, Limit: input.Limit === undefined ? undefined : String(input.Limit) }),
        }),
        runtime,
      ),
  }
  return { client: flowClient, close: () => sockets.close() }
}

/** One lazily built client per region, from the settings (or the user's `client`). */
export interface ClientSource {
  client(region: string | undefined): AlibabaCloudFlowClient
  /**
   * Waits for one of the built-in client's `maxSockets` request slots (at once for a user's
   * client) and resolves with the function that frees it; rejects with the signal's reason if the
   * signal fires first.
   */
  enter(signal: AbortSignal): Promise<() => void>
  /** Closes the built-in clients' connections; a user's client is left alone. */
  close(): Promise<void>
}

const leaveNothing = () => {}

export function createClientSource(settings: AlibabaCloudFlowAdapterSettings): ClientSource {
  const given = settings.client
  const gate = given === undefined ? createRequestGate(socketLimit(settings.maxSockets)) : undefined
  const built = new WeakMap<object, () => void>()
  const cache = createClientCache<AlibabaCloudFlowClient>(
    (region) => {
      const regionError = checkRegion(region)
      if (regionError) throw regionError
      if (typeof given === 'function') return given(region)
      if (given !== undefined) return given
      const { client, close } = createOpenApiFlowClient({
        region,
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
        ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
        ...(settings.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: settings.connectTimeoutMs }),
        ...(settings.readTimeoutMs === undefined ? {} : { readTimeoutMs: settings.readTimeoutMs }),
      })
      built.set(client, close)
      return client
    },
    (client) => built.get(client)?.(),
  )
  return {
    client: (region) => cache.get(region ?? settings.region ?? DEFAULT_REGION),
    enter: (signal) => (gate === undefined ? Promise.resolve(leaveNothing) : gate.enter(signal)),
    close: () => cache.close(),
  }
}

function socketLimit(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : DEFAULT_MAX_SOCKETS
}

/**
 * Remembers the sockets of requests to `host` (the Host header openapi-client sends), through
 * Node's `http.client.request.start` diagnostics channel: openapi-client sends through httpx's
 * process-wide keep-alive agent, which it gives no way to replace or close, so this is how the
 * built-in client finds its idle connections to close them. `close()` stops watching and
 * destroys them (call it once no request of the client is in flight).
 */
function trackSockets(host: string): { close(): void } {
  const sockets = new Set<Socket>()
  const onRequest = (message: unknown) => {
    const request = (message as { request?: ClientRequest }).request
    if (request === undefined || request.getHeader('host') !== host) return
    const remember = (socket: Socket) => {
      if (sockets.has(socket)) return
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    }
    // The channel publishes when the request is finished: its socket may be assigned already.
    if (request.socket) remember(request.socket)
    else request.once('socket', remember)
  }
  diagnosticsChannel.subscribe('http.client.request.start', onRequest)
  return {
    close() {
      diagnosticsChannel.unsubscribe('http.client.request.start', onRequest)
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
  }
}
