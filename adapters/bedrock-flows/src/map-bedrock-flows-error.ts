import { AWS_COMMON_ERRORS, awsErrorMapper, type RunErrorCode } from '@runstop/core'
import { PROVIDER } from './bedrock-flows-handle.js'

/**
 * Bedrock Agent Runtime error names to RunError codes: every exception StopFlowExecution documents,
 * ServiceQuotaExceeded from the service model, and the AWS front door's (`AWS_COMMON_ERRORS`).
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

/** Turns whatever a Bedrock call failed with into a RunError (`awsErrorMapper` with this table). */
export const mapError = awsErrorMapper(BEDROCK_FLOWS_API)
