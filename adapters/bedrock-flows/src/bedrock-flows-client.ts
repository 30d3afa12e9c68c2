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
  /**
   * Calls one HTTP/2 connection of the built-in client carries at once; more concurrent calls
   * open another connection. Default 100 (`DEFAULT_MAX_CONCURRENT_STREAMS`), so 200 concurrent
   * calls use 2 connections (the SDK's own default opens one connection per call). Ignored when
   * `requestHandler` or `client` is given.
   */
  readonly maxConcurrentStreams?: number
}

/** Concurrent calls per HTTP/2 connection of the built-in client, unless configured. */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100

export type BedrockAgentRuntimeModule = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** Loads the SDK. A dynamic `import()`, so a program that never stops a Bedrock run never loads it. */
export const loadBedrockAgentRuntime = (): Promise<BedrockAgentRuntimeModule> =>
  import('@aws-sdk/client-bedrock-agent-runtime')

export interface ClientSource {
  /** The SDK module, loaded on first use (a failed load is tried again next time). */
  sdk(): Promise<BedrockAgentRuntimeModule>
  /** The client for a region, created on first use. */
  client(region: string | undefined): Promise<BedrockFlowsClient>
  /** Destroys the clients this source built (their HTTP/2 sessions); a user's client is left open. */
  close(): Promise<void>
  /** Secret keys and session tokens a configured credential provider has answered so far, to scrub from errors. */
  resolvedSecrets(): readonly string[]
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
  const built = new WeakSet<object>()
  const resolved = new Set<string>()
  // A credential provider's answers are remembered, so an error echoing them can be scrubbed.
  const remembering = (credentials: BedrockFlowsCredentials): BedrockFlowsCredentials => {
    if (typeof credentials !== 'function') return credentials
    return async (...args: Parameters<typeof credentials>) => {
      const identity = await credentials(...args)
      for (const value of [identity?.secretAccessKey, identity?.sessionToken])
        if (typeof value === 'string' && value !== '') resolved.add(value)
      return identity
    }
  }
  const clients = createClientCache<BedrockFlowsClient>(
    (key) => {
      const region = key === '' ? undefined : key
      if (typeof userClient === 'function') return userClient(region)
      if (userClient !== undefined) return userClient
      const module = loaded as BedrockAgentRuntimeModule
      const config: BedrockAgentRuntimeClientConfig = { maxAttempts: 1 }
      if (region !== undefined) config.region = region
      if (settings.endpoint !== undefined) config.endpoint = settings.endpoint
      if (settings.credentials !== undefined) config.credentials = remembering(settings.credentials)
      // The SDK's default handler opens one HTTP/2 session per call (`disableConcurrentStreams`);
      // sharing sessions bounds the connections (options object: the SDK builds its NodeHttp2Handler).
      config.requestHandler = settings.requestHandler ?? {
        disableConcurrentStreams: false,
        maxConcurrentStreams: streamLimit(settings.maxConcurrentStreams),
      }
      const client = new module.BedrockAgentRuntimeClient(config)
      built.add(client)
      return client
    },
    (client) => {
      if (built.has(client)) (client as { destroy?: () => void }).destroy?.()
    },
  )
  return {
    sdk,
    client: async (region) => {
      await sdk()
      return clients.get(region ?? '')
    },
    close: () => clients.close(),
    resolvedSecrets: () => [...resolved],
  }
}

function streamLimit(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 1
    ? Math.floor(value)
    : DEFAULT_MAX_CONCURRENT_STREAMS
}
