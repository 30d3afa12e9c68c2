export { type StepFunctionsScope, validateScope } from './list-step-functions-runs.js'
export { mapError, STEP_FUNCTIONS_ERROR_TABLE } from './map-step-functions-error.js'
export { mapStatus, STEP_FUNCTIONS_STATUS_TABLE } from './map-step-functions-status.js'
export { createStepFunctionsAdapter } from './step-functions-adapter.js'
export type { StepFunctionsAdapterSettings, StepFunctionsClient } from './step-functions-client.js'
export {
  EXECUTION_ARN,
  PROVIDER,
  type StepFunctionsHandle,
  stepFunctionsHandle,
  validateHandle,
} from './step-functions-handle.js'
