export { DEFAULT_MAX_CONCURRENT_STREAMS, DEFAULT_MAX_SOCKETS } from '@runstop/core'
export { createBedrockFlowsAdapter } from './bedrock-flows-adapter.js'
export type { BedrockFlowsAdapterSettings, BedrockFlowsClient } from './bedrock-flows-client.js'
export {
  type BedrockFlowsHandle,
  type BedrockFlowsHandleInput,
  bedrockFlowsHandle,
  PROVIDER,
  validateHandle,
} from './bedrock-flows-handle.js'
export { type BedrockFlowsScope, validateScope } from './list-bedrock-flows-runs.js'
export { mapError } from './map-bedrock-flows-error.js'
export { mapStatus } from './map-bedrock-flows-status.js'
