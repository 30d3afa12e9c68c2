// The neverthrow values runstop's packages use, from the copy bundled into @runstop/core (one
// copy for all of them; see the README's "neverthrow" note). Types come from neverthrow itself.
export { err, errAsync, ok, okAsync, type Result, ResultAsync } from 'neverthrow'
export { abortOptions, watchAbort } from './abort-signal.js'
export type {
  AdapterCapabilities,
  GetContext,
  ListContext,
  RunAdapter,
  RunPage,
  SpecificationVersion,
  StopContext,
} from './adapter.js'
export { arnRegion } from './arn-region.js'
export {
  type AwsAdapterSettings,
  type AwsAdapterSettingsOf,
  type AwsClientConfig,
  type AwsClients,
  type AwsClientsOptions,
  type AwsSdkSend,
  createAwsClients,
} from './aws-clients.js'
export {
  type AwsHttpSettings,
  DEFAULT_MAX_CONCURRENT_STREAMS,
  DEFAULT_MAX_SOCKETS,
  type HttpHandlerModule,
  reusingHttpHandler,
} from './aws-http-handler.js'
export {
  type AwsCommandInput,
  type AwsSdkAdapterDefinition,
  type AwsSdkReply,
  defineAwsSdkAdapter,
  type HandleIds,
  handleIds,
} from './aws-sdk-adapter.js'
export {
  AWS_COMMON_ERRORS,
  type AwsErrorMapContext,
  type AwsErrorMapperOptions,
  type AwsSdkErrorContext,
  awsErrorMapper,
  mapAwsSdkError,
} from './aws-sdk-error.js'
export {
  AWS_CREDENTIALS_HINT,
  AWS_REGION_HINT,
  awsSetupProblem,
  type SetupProblem,
} from './aws-setup-error.js'
export { DEFAULT_BATCH, isOutcomeUnknown } from './batch-defaults.js'
export { buildSnapshot, type SnapshotParts } from './build-snapshot.js'
export {
  AWS_REGION,
  checkFields,
  checkStringField,
  type FieldRule,
  type FieldRules,
  refuseHandle,
} from './check-fields.js'
export { type ClientCache, createClientCache } from './client-cache.js'
export { checkClientRegion } from './client-region.js'
export { type AcceptedStop, confirmAcceptedStop } from './confirm-accepted-stop.js'
export { createRunController } from './controller.js'
export type {
  AttemptEvent,
  BatchCounts,
  BatchEntry,
  BatchFailure,
  BatchProgress,
  BatchStopReport,
  BatchStream,
  CallEndEvent,
  CallEvent,
  CallMethod,
  CallOptions,
  ControllerOptions,
  ListRunsOptions,
  ResultEvent,
  RetryEvent,
  RetryOptions,
  RunController,
  RunHooks,
  StopAllOptions,
  StopAllReport,
  StopEachOptions,
  StopManyOptions,
  StopOptions,
  WaitOptions,
} from './controller-types.js'
export {
  type AdapterCall,
  type AdapterClients,
  type AdapterDefinition,
  defineAdapter,
} from './define-adapter.js'
export { checkHandleShape, formatHandle, parseHandle } from './handle-codec.js'
export {
  createHttpCallGuard,
  type HttpCall,
  type HttpCallGuard,
} from './http-call-guard.js'
export { runErrorCodeForHttpStatus } from './http-status-code.js'
export { type IdFieldRule, type IdFields, readIdFields } from './id-fields.js'
export {
  abortError,
  createKeepAliveHandler,
  type HttpHandlerLike,
  type KeepAliveCallOptions,
  type KeepAliveOptions,
  type KeepAliveRequest,
  type KeepAliveTransport,
  keepAliveHandler,
  keepAliveTransport,
} from './keep-alive-handler.js'
export { type ClientsOnFirstUse, clientsOnFirstUse, type LoadedClients, loadOnce } from './lazy-module.js'
export { type ListPageOptions, listPage, serverStatusFilter } from './list-page.js'
export { nonEmptyString } from './non-empty-string.js'
export { parseTimestamp } from './parse-timestamp.js'
export { copyHandle } from './plain-handle.js'
export { REDACTED, redact, redactCause, redactData } from './redact.js'
export { type RegionAsked, regionAsked, withRegionHint } from './region-hint.js'
export { type RememberedCredentials, rememberCredentials } from './remembered-credentials.js'
export {
  computeBackoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  resolveRetryPolicy,
} from './retry-policy.js'
export {
  isRetryableByDefault,
  RUN_ERROR_CODES,
  RunError,
  type RunErrorCode,
  type RunErrorJSON,
  type RunErrorOptions,
  type RunOperation,
} from './run-error.js'
export { type RunFields, runParts } from './run-fields.js'
export type { RunHandle } from './run-handle.js'
export { checkScopeShape, formatScope, parseScope, type RunScope } from './run-scope.js'
export type { RunSnapshot } from './run-snapshot.js'
export { createStatusMapper, isTerminal, RUN_STATUSES, type RunStatus } from './run-status.js'
export {
  awsClientConfig,
  type KeepAliveHandlerClass,
  type SdkAdapterSettings,
  type SdkAdapterSettingsOf,
  type SdkClientConfigTypes,
} from './sdk-adapter-settings.js'
export {
  type ClientSetting,
  createSdkClients,
  type SdkClients,
  type SdkClientsOptions,
} from './sdk-clients.js'
export { splitSdkOutput } from './sdk-output.js'
export {
  type ErrorCodeRule,
  errorCodeRules,
  mapServiceError,
  type ServiceErrorContext,
  type ServiceErrorFields,
} from './service-error.js'
export { secretsOf } from './settings-secrets.js'
export { MAX_TIMER_MS } from './sleep.js'
export { nextPassToken, type PassPosition, readPassToken, statusPasses } from './status-passes.js'
export { DEFAULT_STOP_ALL_STATUSES } from './stop-all.js'
export {
  alreadyTerminal,
  confirmStopWithGet,
  isAcceptedStopError,
  isAmbiguousStopError,
  type StopReply,
  settleStop,
  settleStopReply,
  stopResultFromReply,
} from './stop-outcome.js'
export type { StopOutcome, StopResult } from './stop-result.js'
export { transportErrorCode } from './transport-error.js'
export { DEFAULT_WAIT } from './wait-defaults.js'
export { wholeAtLeastOne } from './whole-number.js'
