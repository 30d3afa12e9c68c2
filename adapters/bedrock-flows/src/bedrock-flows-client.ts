import type {
  BedrockAgentRuntimeClientConfig,
  GetFlowExecutionCommand,
  GetFlowExecutionCommandOutput,
  ListFlowExecutionsCommand,
  ListFlowExecutionsCommandOutput,
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
  send(
    command: ListFlowExecutionsCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<ListFlowExecutionsCommandOutput>
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
   * The HTTP handler of the clients the adapter builds. Default: the SDK's own (HTTP/2,
   * `NodeHttp2Handler`). Pass `new NodeHttpHandler()` from `@smithy/node-http-handler` for HTTP/1.1
   * (a proxy or endpoint without HTTP/2).
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
  const sdk = () => {
    loading ??= load().then(
      (module) => {
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
    if (settings.requestHandler !== undefined) config.requestHandler = settings.requestHandler
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
