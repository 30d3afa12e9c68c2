export { mapError } from './map-mwaa-serverless-error.js'
export { mapStatus } from './map-mwaa-serverless-status.js'
export { createMwaaServerlessAdapter } from './mwaa-serverless-adapter.js'
export {
  DEFAULT_MAX_SOCKETS,
  type ListWorkflowRunsInput,
  type ListWorkflowRunsOutput,
  type MwaaServerlessAdapterSettings,
  type MwaaServerlessClient,
} from './mwaa-serverless-client.js'
export {
  type MwaaServerlessHandle,
  type MwaaServerlessHandleInput,
  mwaaServerlessHandle,
  PROVIDER,
  validateHandle,
} from './mwaa-serverless-handle.js'
export { type MwaaServerlessScope, validateScope } from './mwaa-serverless-scope.js'
