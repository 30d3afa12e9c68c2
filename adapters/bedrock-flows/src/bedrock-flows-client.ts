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
  /** `StopFlowExecution`: asks Bedrock to stop the execution. */
  send(
    command: StopFlowExecutionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<StopFlowExecutionCommandOutput>
  /** `GetFlowExecution`: reads the execution's status. */
  send(
    command: GetFlowExecutionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<GetFlowExecutionCommandOutput>
  /** `ListFlowExecutions`: one page of a flow alias's executions. */
  send(
    command: ListFlowExecutionsCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<ListFlowExecutionsCommandOutput>
}

/** AWS credentials: a static identity or an SDK credential provider (e.g. `fromIni()`). */
export type BedrockFlowsCredentials = NonNullable<BedrockAgentRuntimeClientConfig['credentials']>

/** Settings of `createBedrockFlowsAdapter`: region, endpoint, credentials, HTTP stack, or a client of your own. */
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
   *   at most `maxSockets` connections, default 50).
   * - `'2'`: HTTP/2 sessions carrying concurrent streams (`NodeHttp2Handler`), at most
   *   `maxConcurrentStreams` calls per session.
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
  /**
   * With `httpVersion: '2'`: calls one HTTP/2 connection of the built-in client carries at once;
   * more concurrent calls open another connection. Default 100 (`DEFAULT_MAX_CONCURRENT_STREAMS`),
   * so 200 concurrent calls use 2 connections. Ignored when `requestHandler` or `client` is given.
   */
  readonly maxConcurrentStreams?: number
  /**
   * With HTTP/1.1 (the default): most connections the built-in clients open at once, all regions
   * together; more concurrent calls queue for a free one. Default 50 (`DEFAULT_MAX_SOCKETS`).
   * Ignored when `requestHandler` or `client` is given.
   */
  readonly maxSockets?: number
}

/** Connections the built-in HTTP/1.1 handler opens at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50

/** Concurrent calls per HTTP/2 connection of the built-in client, unless configured. */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100

export type BedrockAgentRuntimeModule = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** Loads the SDK. A dynamic `import()`, so a program that never stops a Bedrock run never loads it. */
export const loadBedrockAgentRuntime = (): Promise<BedrockAgentRuntimeModule> =>
  import('@aws-sdk/client-bedrock-agent-runtime')

type HttpHandlerModule = typeof import('@smithy/node-http-handler')

/** The handler the adapter's own clients share: connections reused across calls and regions. */
function reusingHandler(
  module: HttpHandlerModule,
  settings: BedrockFlowsAdapterSettings,
): NonNullable<BedrockAgentRuntimeClientConfig['requestHandler']> {
  if (settings.httpVersion === '2')
    return new module.NodeHttp2Handler({
      disableConcurrentStreams: false,
      maxConcurrentStreams: limit(settings.maxConcurrentStreams, DEFAULT_MAX_CONCURRENT_STREAMS),
    })
  const maxSockets = limit(settings.maxSockets, DEFAULT_MAX_SOCKETS)
  return new module.NodeHttpHandler({ httpAgent: { maxSockets }, httpsAgent: { maxSockets } })
}

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
  let handler: BedrockAgentRuntimeClientConfig['requestHandler'] | undefined
  // The HTTP stack is loaded with the SDK, and only when the adapter builds clients itself.
  const needsHandler = settings.client === undefined && settings.requestHandler === undefined
  const sdk = () => {
    loading ??= Promise.all([load(), needsHandler ? import('@smithy/node-http-handler') : undefined]).then(
      ([module, handlers]) => {
        if (handlers !== undefined) handler ??= reusingHandler(handlers, settings)
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
      // One shared, reusing handler (the SDK's default opens an HTTP/2 session per call).
      const requestHandler = settings.requestHandler ?? handler
      if (requestHandler !== undefined) config.requestHandler = requestHandler
      const client = new module.BedrockAgentRuntimeClient(config)
      built.add(client)
      return client
    },
    (client) => {
      // Destroying a built client destroys its handler (the shared one too: every client closes).
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

function limit(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback
}
