import type * as CredentialsModule from '@alicloud/credentials'
import type * as OpenApiModule from '@alicloud/openapi-client'
import {
  type ClientSetting,
  createHttpCallGuard,
  createSdkClients,
  RunError,
  type SdkAdapterSettings,
} from '@runstop/core'
import { checkRegion, PROVIDER } from './alibaba-cloudflow-handle.js'

/** The region used when neither the handle nor the settings name one. */
export const DEFAULT_REGION = 'cn-hangzhou'
/** Connections the built-in client opens at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50
/** The longest timer Node keeps (2^31 - 1 ms, ~24.8 days): "no limit" for the SDK's timers. */
const NO_LIMIT_MS = 2_147_483_647

/** Alibaba Cloud credentials in the SDK's own shape (an AccessKey pair, plus an STS token if any). */
export interface AlibabaCloudFlowCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
}

/** A credentials client of `@alicloud/credentials` (RAM role, OIDC, a profile…): its `getCredential()`. */
export interface AlibabaCredentialProvider {
  getCredential(): Promise<unknown>
}

type Names = { FlowName: string; ExecutionName: string }

/**
 * The port the adapter calls: the methods and parameter spelling of `@alicloud/fnf-2019-03-15`, so
 * such a client is passed as is. They resolve to the response body, or to `{ body, statusCode }`
 * (the built-in `callApi` client), and reject with the SDK's error (`code`, `data.RequestId`).
 */
export interface AlibabaCloudFlowClient {
  /** `StopExecution`: asks CloudFlow to stop the execution (`Cause` 1–4096, `Error` 1–128 characters). */
  stopExecution(params: Names & { Cause?: string; Error?: string }): Promise<unknown>
  /** `DescribeExecution`: reads the execution's status. */
  describeExecution(params: Names): Promise<unknown>
  /** `ListExecutions` (`Limit` 1–99, one `Status`), for `listRuns` / `stopAll`: without it, no listing. */
  listExecutions?(params: {
    FlowName: string
    NextToken?: string
    Limit?: number
    Status?: string
  }): Promise<unknown>
}

/**
 * Settings of `createAlibabaCloudFlowAdapter`. `region` defaults to `cn-hangzhou`; `endpoint` to
 * `https://{region}.fnf.aliyuncs.com` (`{region}` is replaced by the run's region; the URL's scheme
 * is the protocol, and nothing may follow host and port). Without `credentials`, the default chain
 * of `@alicloud/credentials` (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`,
 * OIDC, the CLI profile, `~/.alibabacloud/credentials`, the ECS RAM role, a credentials URI).
 */
export interface AlibabaCloudFlowAdapterSettings
  extends Omit<
    SdkAdapterSettings<never, AlibabaCloudFlowCredentials | AlibabaCredentialProvider>,
    'client' | 'requestHandler' | 'maxSockets'
  > {
  /**
   * A client to use instead of the built-in one: one object (all runs use it, so handles cannot
   * name another region), or a function of the region called once per region.
   */
  readonly client?: AlibabaCloudFlowClient | ((region: string) => AlibabaCloudFlowClient)
  /** The built-in client's limit for opening a connection (TCP connect), in ms. Default 3,000. */
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

const invalidSetting = (message: string) => new RunError({ code: 'VALIDATION', message, provider: PROVIDER })

function limitMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0 || value > NO_LIMIT_MS)
    throw invalidSetting(`${name} must be a positive number of milliseconds (at most ${NO_LIMIT_MS}).`)
  return Math.ceil(value)
}

/** Splits an endpoint URL (a bare host is HTTPS) into the SDK's `protocol` and `endpoint` (host and port). */
function resolveEndpoint(template = 'https://{region}.fnf.aliyuncs.com', region: string) {
  const text = template.replaceAll('{region}', region)
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`
  if (!URL.canParse(full))
    throw invalidSetting(
      `endpoint '${template}' is not a URL; pass e.g. 'https://cn-hangzhou.fnf.aliyuncs.com'.`,
    )
  const url = new URL(full)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidSetting(`endpoint '${template}' must use http or https.`)
  if (`${url.pathname}${url.search}${url.hash}${url.username}`.replace(/^\/$/, '') !== '')
    throw invalidSetting(`endpoint '${template}' must be scheme://host[:port] only: RPC calls go to '/'.`)
  return { protocol: url.protocol.slice(0, -1), endpoint: url.host }
}

function credentialConfig(credentials: AlibabaCloudFlowAdapterSettings['credentials'], sdk: Sdk) {
  if (credentials === undefined) return { credential: new sdk.credentials.default() }
  if (typeof (credentials as { getCredential?: unknown }).getCredential === 'function')
    return { credential: credentials }
  const { accessKeyId, accessKeySecret, securityToken } = credentials as Partial<AlibabaCloudFlowCredentials>
  if (![accessKeyId, accessKeySecret].every((key) => typeof key === 'string' && key !== ''))
    throw invalidSetting(
      'credentials need a non-empty accessKeyId and accessKeySecret (and optionally securityToken), or an @alicloud/credentials client.',
    )
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) }
}

// The Alibaba SDKs are CommonJS: required when the first built-in client is made. node:module is
// fetched then too: importing it at load time costs node's source-map internals at every start.
type Sdk = { openApi: typeof OpenApiModule.default; credentials: typeof CredentialsModule.default }
let sdk: Sdk | undefined
function loadSdk(): Sdk {
  if (sdk !== undefined) return sdk
  const requireCjs = process.getBuiltinModule('node:module').createRequire(import.meta.url)
  sdk = { openApi: requireCjs('@alicloud/openapi-client'), credentials: requireCjs('@alicloud/credentials') }
  return sdk
}

/**
 * The built-in client: `@alicloud/openapi-client` `callApi`, RPC style, ACS3-HMAC-SHA256, as the
 * generated fnf20190315 SDK sends it, its own retries off (one attempt per call). httpx's
 * `connectTimeout` is an idle timer that also runs while the service prepares its answer, so it
 * gets the read limit; the connect limit proper is the adapter's `HttpCallGuard`'s.
 */
function createOpenApiFlowClient(
  settings: AlibabaCloudFlowAdapterSettings,
  region: string,
): AlibabaCloudFlowClient {
  const refused = checkRegion(region)
  if (refused) throw refused
  const { protocol, endpoint } = resolveEndpoint(settings.endpoint, region)
  limitMs(settings.connectTimeoutMs, 0, 'connectTimeoutMs')
  const readTimeout = limitMs(settings.readTimeoutMs, NO_LIMIT_MS, 'readTimeoutMs')
  const { openApi } = loadSdk()
  const config = { endpoint, protocol, regionId: region, connectTimeout: readTimeout, readTimeout }
  const client = new openApi.default(
    new openApi.Config({ ...config, ...credentialConfig(settings.credentials, loadSdk()) }),
  )
  // callApi only reads these fields: a plain object spares tea-util (and its moment, lodash and ws).
  const runtime = { autoretry: false, maxAttempts: 1, connectTimeout: readTimeout, readTimeout } as never
  const call = (action: string, method: 'GET' | 'POST', params: object) => {
    // Undefined fields would be sent as the text "undefined".
    const fields = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined))
    const query = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]))
    const common = { version: '2019-03-15', protocol, pathname: '/', authType: 'AK', style: 'RPC' }
    const api = new openApi.Params({ ...common, action, method, reqBodyType: 'formData', bodyType: 'json' })
    return client.callApi(
      api,
      new openApi.OpenApiRequest(method === 'GET' ? { query } : { body: query }),
      runtime,
    )
  }
  return {
    stopExecution: (params) => call('StopExecution', 'POST', params),
    describeExecution: (params) => call('DescribeExecution', 'GET', params),
    listExecutions: (params) => call('ListExecutions', 'GET', params),
  }
}

/**
 * The clients of the adapter, one per region (`createSdkClients`), and the guard its requests go
 * through: the built-in client's requests hold one of `maxSockets` slots, have their connect limit
 * and sockets (closed by `close()`: httpx's keep-alive agent cannot be replaced or closed).
 */
export function createAlibabaCloudFlowClients(settings: AlibabaCloudFlowAdapterSettings) {
  const { maxSockets = DEFAULT_MAX_SOCKETS, connectTimeoutMs: connect = 3_000 } = settings
  // A bad connectTimeoutMs is reported as VALIDATION by the first call, when the client is built.
  const guard = createHttpCallGuard(
    settings.client === undefined
      ? {
          trackSockets: true,
          maxInFlight:
            Number.isFinite(maxSockets) && maxSockets >= 1 ? Math.floor(maxSockets) : DEFAULT_MAX_SOCKETS,
          ...(connect > 0 && connect <= NO_LIMIT_MS ? { connectTimeoutMs: Math.ceil(connect) } : {}),
        }
      : {},
  )
  const clients = createSdkClients<void, AlibabaCloudFlowClient>({
    load: async () => {},
    create: (_sdk, region) => createOpenApiFlowClient(settings, region ?? DEFAULT_REGION),
    // Always called with a region (the handle's, else the settings' or the default).
    client: settings.client as ClientSetting<AlibabaCloudFlowClient>,
  })
  return { clients, guard }
}
