import type {
  BedrockAgentRuntimeClient,
  BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime'
import type { AwsAdapterSettingsOf, AwsClientsOptions } from '@runstop/core'

/** The port the adapter calls: the `send` of a `BedrockAgentRuntimeClient` (or any client with the same `send`). */
export type BedrockFlowsClient = Pick<BedrockAgentRuntimeClient, 'send'>

/** `AwsAdapterSettings` of a `BedrockAgentRuntimeClient` (HTTP/1.1 keep-alive, or `httpVersion: '2'`). */
export type BedrockFlowsAdapterSettings = AwsAdapterSettingsOf<
  BedrockFlowsClient,
  BedrockAgentRuntimeClientConfig
>

type BedrockAgentRuntime = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** The SDK, imported on first use (a program that never stops a Bedrock run never loads it), and its client. */
export const BEDROCK_FLOWS_SDK: AwsClientsOptions<BedrockAgentRuntime, BedrockFlowsClient> = {
  load: () => import('@aws-sdk/client-bedrock-agent-runtime'),
  http: () => import('@smithy/node-http-handler'),
  create: (sdk, config) => new sdk.BedrockAgentRuntimeClient(config),
}
