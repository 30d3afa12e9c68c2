import type {
  BedrockAgentRuntimeClient,
  BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime'
import type { AwsAdapterSettings, AwsClientsOptions } from '@runstop/core'

/** The port the adapter calls: the `send` of a `BedrockAgentRuntimeClient` (or any client with the same `send`). */
export type BedrockFlowsClient = Pick<BedrockAgentRuntimeClient, 'send'>

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

/** The SDK, imported on first use (a program that never stops a Bedrock run never loads it), and its client. */
export const BEDROCK_FLOWS_SDK: AwsClientsOptions<
  typeof import('@aws-sdk/client-bedrock-agent-runtime'),
  BedrockFlowsClient
> = {
  load: () => import('@aws-sdk/client-bedrock-agent-runtime'),
  http: () => import('@smithy/node-http-handler'),
  create: (sdk, config) => new sdk.BedrockAgentRuntimeClient(config),
}
