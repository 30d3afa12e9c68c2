import type {
  BedrockAgentRuntimeClientConfig,
  GetFlowExecutionCommand,
  GetFlowExecutionCommandOutput,
  StopFlowExecutionCommand,
  StopFlowExecutionCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime'
import { createClientCache } from '@runstop/core'

/**
 * The port the adapter calls: the `send` of an AWS SDK v3 client. `BedrockAgentRuntimeClient` from
 * `@aws-sdk/client-bedrock-agent-runtime` is one; so is any object with the same `send`.
 */
export interface BedrockFlowsClient {
  send(
    command: StopFlowExecutionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<StopFlowExecutionCommandOutput>
  send(
    command: GetFlowExecutionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<GetFlowExecutionCommandOutput>
}

/** AWS credentials: a static identity or an SDK credential provider (e.g. `fromIni()`). */
export type BedrockFlowsCredentials = NonNullable<BedrockAgentRuntimeClientConfig['credentials']>

export interface BedrockFlowsAdapterSettings {
  /** The default region; a handle's `region` overrides it. Without both, the SDK's region chain (`AWS_REGION`, profile). */
  readonly region?: string
  /** A full URL such as `http://127.0.0.1:4510` (the emulator, a VPC endpoint, a proxy). */
  readonly endpoint?: string
  /** `{ accessKeyId, secretAccessKey, sessionToken? }` or a credential provider. Default: the SDK's chain. */
  readonly credentials?: BedrockFlowsCredentials
  /**
   * How the clients the adapter builds reach the service; every region's client shares one
   * connection pool, and connections are reused from call to call.
   * - `'1.1'` (default): HTTP/1.1 with keep-alive (`NodeHttpHandler` of `@smithy/node-http-handler`,
   *   at most 50 connections per host, as the AWS SDK's own default for HTTP/1.1).
   * - `'2'`: one HTTP/2 session per endpoint carrying concurrent streams (`NodeHttp2Handler`).
   *
   * The SDK's own default for this client (HTTP/2 with `disableConcurrentStreams`) opens a new
   * connection for every request; runstop does not use it. Ignored when `requestHandler` is given.
   */
  readonly httpVersion?: '1.1' | '2'
  /**
   * The HTTP handler of the clients the adapter builds, used as given (it overrides
   * `httpVersion`): e.g. `new NodeHttpHandler({ httpsAgent })` for a proxy agent.
   */
  readonly requestHandler?: BedrockAgentRuntimeClientConfig['requestHandler']
  /**
   * A client you built, used as given (its retries, handler, region and credentials). Either one
   * client for every handle, or a function giving the client for a region (called once per
   * region; `undefined` when neither the handle nor `region` names one).
   */
  readonly client?: BedrockFlowsClient | ((region: string | undefined) => BedrockFlowsClient)
}

export type BedrockAgentRuntimeModule = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** Loads the SDK. A dynamic `import()`, so a program that never stops a Bedrock run never loads it. */
export const loadBedrockAgentRuntime = (): Promise<BedrockAgentRuntimeModule> =>
  import('@aws-sdk/client-bedrock-agent-runtime')

type HttpHandlerModule = typeof import('@smithy/node-http-handler')

/** The handler the adapter's own clients share: connections reused across calls and regions. */
function reusingHandler(
  module: HttpHandlerModule,
  httpVersion: '1.1' | '2' | undefined,
): NonNullable<BedrockAgentRuntimeClientConfig['requestHandler']> {
  return httpVersion === '2'
    ? new module.NodeHttp2Handler({ disableConcurrentStreams: false })
    : new module.NodeHttpHandler()
}

export interface ClientSource {
  /** The SDK module, loaded on first use (a failed load is tried again next time). */
  sdk(): Promise<BedrockAgentRuntimeModule>
  /** The client for a region, created on first use. */
  client(region: string | undefined): Promise<BedrockFlowsClient>
}

/**
 * Clients per region. Clients the adapter builds have `maxAttempts: 1`: the runstop controller owns
 * retries, so attempts never multiply. A user's own client is used as given.
 */
export function createClientSource(
  settings: BedrockFlowsAdapterSettings,
  load: () => Promise<BedrockAgentRuntimeModule> = loadBedrockAgentRuntime,
): ClientSource {
  let loading: Promise<BedrockAgentRuntimeModule> | undefined
  let loaded: BedrockAgentRuntimeModule | undefined
  let handler: BedrockAgentRuntimeClientConfig['requestHandler'] | undefined
  // The HTTP stack is loaded with the SDK, and only when the adapter builds clients itself.
  const needsHandler = settings.client === undefined && settings.requestHandler === undefined
  const sdk = () => {
    loading ??= Promise.all([load(), needsHandler ? import('@smithy/node-http-handler') : undefined]).then(
      ([module, handlers]) => {
        if (handlers !== undefined) handler ??= reusingHandler(handlers, settings.httpVersion)
        loaded = module
        return module
      },
      (error: unknown) => {
        loading = undefined
        throw error
      },
    )
    return loading
  }
  const userClient = settings.client
  const clients = createClientCache<BedrockFlowsClient>((key) => {
    const region = key === '' ? undefined : key
    if (typeof userClient === 'function') return userClient(region)
    if (userClient !== undefined) return userClient
    const module = loaded as BedrockAgentRuntimeModule
    const config: BedrockAgentRuntimeClientConfig = { maxAttempts: 1 }
    if (region !== undefined) config.region = region
    if (settings.endpoint !== undefined) config.endpoint = settings.endpoint
    if (settings.credentials !== undefined) config.credentials = settings.credentials
    const requestHandler = settings.requestHandler ?? handler
    if (requestHandler !== undefined) config.requestHandler = requestHandler
    return new module.BedrockAgentRuntimeClient(config)
  })
  return {
    sdk,
    client: async (region) => {
      await sdk()
      return clients.get(region ?? '')
    },
  }
}
