import type {
  BedrockAgentRuntimeClientConfig,
  GetFlowExecutionCommand,
  GetFlowExecutionCommandOutput,
  ListFlowExecutionsCommand,
  ListFlowExecutionsCommandOutput,
  StopFlowExecutionCommand,
  StopFlowExecutionCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime'
import {
  type AwsAdapterSettings,
  type AwsClients,
  createAwsClients,
  type AwsSdkSend as Send,
} from '@runstop/core'

/**
 * The port the adapter calls: the `send` of an AWS SDK v3 client. `BedrockAgentRuntimeClient` from
 * `@aws-sdk/client-bedrock-agent-runtime` is one; so is any object with the same `send`.
 */
export interface BedrockFlowsClient {
  /** `StopFlowExecution`, `GetFlowExecution` and `ListFlowExecutions`, as the SDK client sends them. */
  send: Send<StopFlowExecutionCommand, StopFlowExecutionCommandOutput> &
    Send<GetFlowExecutionCommand, GetFlowExecutionCommandOutput> &
    Send<ListFlowExecutionsCommand, ListFlowExecutionsCommandOutput>
}

/**
 * Settings of `createBedrockFlowsAdapter` (`AwsAdapterSettings`): `region`, `endpoint`,
 * `credentials` (static or a provider), `httpVersion` (`'1.1'` keep-alive, the default, of at most
 * `maxSockets` connections, or `'2'` of `maxConcurrentStreams` calls per session; one pool for every
 * region's client), `requestHandler`, or a `client` of your own (one, or a function of the region).
 */
export type BedrockFlowsAdapterSettings = AwsAdapterSettings<
  BedrockFlowsClient,
  NonNullable<BedrockAgentRuntimeClientConfig['credentials']>,
  BedrockAgentRuntimeClientConfig['requestHandler']
>

/** The SDK module the adapter builds its commands and clients from. */
export type BedrockAgentRuntimeModule = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** Loads the SDK. A dynamic `import()`, so a program that never stops a Bedrock run never loads it. */
export const loadBedrockAgentRuntime = (): Promise<BedrockAgentRuntimeModule> =>
  import('@aws-sdk/client-bedrock-agent-runtime')

/** The adapter's clients (`createAwsClients`): a `BedrockAgentRuntimeClient` per region, on first use. */
export const createBedrockFlowsClients = (
  settings: BedrockFlowsAdapterSettings,
  load = loadBedrockAgentRuntime,
): AwsClients<BedrockAgentRuntimeModule, BedrockFlowsClient> =>
  createAwsClients(settings, {
    load,
    http: () => import('@smithy/node-http-handler'),
    create: (sdk, config) => new sdk.BedrockAgentRuntimeClient(config),
  })
