import {
  AWS_COMMON_ERRORS,
  type AwsSdkErrorContext,
  mapAwsSdkError,
  type RunError,
  type RunErrorCode,
} from '@runstop/core'
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

/** Modelled error members kept on `details`. */
const DETAIL_FIELDS = ['FieldList', 'Reason', 'ResourceId', 'ResourceType', 'QuotaCode', 'ServiceCode']

const OPERATION = { stop: 'StopWorkflowRun', get: 'GetWorkflowRun', list: 'ListWorkflowRuns' } as const

/**
 * Turns anything a client threw into a RunError (`mapAwsSdkError`, by name, never `instanceof`):
 * the official client's ServiceException and the built-in client's `AwsJsonServiceError` have the
 * same shape, so one table serves both.
 */
export function mapError(
  error: unknown,
  context: Omit<AwsSdkErrorContext, 'provider' | 'what' | 'table' | 'detailFields'>,
): RunError {
  return mapAwsSdkError(error, {
    ...context,
    provider: PROVIDER,
    what: `MWAA Serverless ${OPERATION[context.operation]}`,
    table: MWAA_SERVERLESS_ERROR_CODES,
    detailFields: DETAIL_FIELDS,
  })
}
