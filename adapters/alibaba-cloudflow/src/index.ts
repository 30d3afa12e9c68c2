export { createAlibabaCloudFlowAdapter } from './alibaba-cloudflow-adapter.js'
export type { AlibabaCloudFlowAdapterSettings, AlibabaCloudFlowClient } from './alibaba-cloudflow-client.js'
export { DEFAULT_MAX_SOCKETS } from './alibaba-cloudflow-client.js'
export {
  type AlibabaCloudFlowHandle,
  type AlibabaCloudFlowHandleInput,
  type AlibabaCloudFlowScope,
  alibabaCloudFlowHandle,
  PROVIDER,
  validateHandle,
  validateScope,
} from './alibaba-cloudflow-handle.js'
export { mapError } from './map-alibaba-cloudflow-error.js'
export { mapStatus } from './map-alibaba-cloudflow-status.js'
