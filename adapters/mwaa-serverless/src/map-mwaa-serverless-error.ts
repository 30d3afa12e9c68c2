import { AWS_COMMON_ERRORS, awsErrorMapper, type RunErrorCode } from '@runstop/core'
import { PROVIDER } from './mwaa-serverless-handle.js'

/**
 * Error names to codes, by name first (seeds 000/001 for the service's own errors, the AWS front
 * door's common errors for authentication and unknown operations).
 */
export const MWAA_SERVERLESS_ERROR_CODES: Readonly<Record<string, RunErrorCode>> = {
  ...AWS_COMMON_ERRORS,
  ValidationException: 'VALIDATION',
  ResourceNotFoundException: 'NOT_FOUND',
  ConflictException: 'CONFLICT',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  OperationTimeoutException: 'TIMEOUT',
}

/**
 * Turns anything a client threw into a RunError (core's `mapAwsSdkError`, by name, never
 * `instanceof`): the official client's ServiceException and the built-in client's
 * `AwsJsonServiceError` have the same shape, so one table serves both. The modelled members of
 * the service's errors are kept in `details`.
 */
export const mapError = awsErrorMapper({
  provider: PROVIDER,
  service: 'MWAA Serverless',
  operations: { stop: 'StopWorkflowRun', get: 'GetWorkflowRun', list: 'ListWorkflowRuns' },
  table: MWAA_SERVERLESS_ERROR_CODES,
  detailFields: ['FieldList', 'Reason', 'ResourceId', 'ResourceType', 'QuotaCode', 'ServiceCode'],
})
