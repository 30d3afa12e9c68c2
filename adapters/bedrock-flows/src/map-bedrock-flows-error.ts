import { AWS_COMMON_ERRORS, awsErrorMapper, type RunErrorCode } from '@runstop/core'
import { PROVIDER } from './bedrock-flows-handle.js'

/**
 * Bedrock Agent Runtime error names to RunError codes: every exception StopFlowExecution documents
 * (ResourceNotFound, Conflict, Validation, InternalServer, DependencyFailed, BadGateway,
 * Throttling, AccessDenied), ServiceQuotaExceeded from the service model, and the errors of the
 * AWS front door for credentials and signatures (`AWS_COMMON_ERRORS`).
 */
export const BEDROCK_FLOWS_ERROR_TABLE: Readonly<Record<string, RunErrorCode>> = {
  ...AWS_COMMON_ERRORS,
  ValidationException: 'VALIDATION',
  ResourceNotFoundException: 'NOT_FOUND',
  ConflictException: 'CONFLICT',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  BadGatewayException: 'UNAVAILABLE',
  DependencyFailedException: 'DEPENDENCY_FAILED',
}

/** The service's name, its operations (each sent as `<Operation>Command`) and its error table. */
export const BEDROCK_FLOWS_API = {
  provider: PROVIDER,
  service: 'Bedrock flows',
  operations: { stop: 'StopFlowExecution', get: 'GetFlowExecution', list: 'ListFlowExecutions' },
  table: BEDROCK_FLOWS_ERROR_TABLE,
} as const

/**
 * Turns whatever a Bedrock call failed with into a RunError (`awsErrorMapper`): by the SDK
 * error's name first, then by HTTP status (424 is DEPENDENCY_FAILED), then transport failures;
 * anything else is `UNKNOWN`. The original error is kept, scrubbed, as `cause`.
 */
export const mapError = awsErrorMapper(BEDROCK_FLOWS_API)
