export type {
  AdapterCapabilities,
  GetContext,
  RunAdapter,
  SpecificationVersion,
  StopContext,
} from './adapter.js'
export {
  AWS_COMMON_ERRORS,
  type AwsSdkErrorContext,
  mapAwsSdkError,
} from './aws-sdk-error.js'
export { DEFAULT_BATCH } from './batch.js'
export { buildSnapshot, type SnapshotParts } from './build-snapshot.js'
export { checkHandleFor, refuseHandle } from './check-handle-for.js'
export { type ClientCache, createClientCache } from './client-cache.js'
export { checkClientRegion } from './client-region.js'
export { type AcceptedStop, confirmAcceptedStop } from './confirm-accepted-stop.js'
export { createRunController } from './controller.js'
export type {
  AttemptEvent,
  BatchFailure,
  BatchProgress,
  BatchStopReport,
  CallOptions,
  ControllerOptions,
  ResultEvent,
  RetryEvent,
  RetryOptions,
  RunController,
  RunHooks,
  StopManyOptions,
  StopOptions,
  WaitOptions,
} from './controller-types.js'
export { type AdapterClients, type AdapterDefinition, defineAdapter } from './define-adapter.js'
export { checkHandleShape, formatHandle, parseHandle } from './handle-codec.js'
export { runErrorCodeForHttpStatus } from './http-status-code.js'
export { parseTimestamp } from './parse-timestamp.js'
export { REDACTED, redact } from './redact.js'
export {
  computeBackoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  resolveRetryPolicy,
} from './retry.js'
export {
  isRetryableByDefault,
  RUN_ERROR_CODES,
  RunError,
  type RunErrorCode,
  type RunErrorJSON,
  type RunErrorOptions,
  type RunOperation,
} from './run-error.js'
export type { RunHandle } from './run-handle.js'
export type { RunSnapshot } from './run-snapshot.js'
export { createStatusMapper, isTerminal, RUN_STATUSES, type RunStatus } from './run-status.js'
export { awsClientConfig, type SdkAdapterSettings } from './sdk-adapter-settings.js'
export {
  type ClientSetting,
  createSdkClients,
  type SdkClients,
  type SdkClientsOptions,
} from './sdk-clients.js'
export { splitSdkOutput } from './sdk-output.js'
export { secretsOf } from './settings-secrets.js'
export { alreadyTerminal, confirmStopWithGet, stopResultFromReply } from './stop-outcome.js'
export type { StopOutcome, StopResult } from './stop-result.js'
export { transportErrorCode } from './transport-error.js'
export { DEFAULT_WAIT } from './wait.js'
