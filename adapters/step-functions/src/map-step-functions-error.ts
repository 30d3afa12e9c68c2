import { AWS_COMMON_ERRORS, awsErrorMapper, type RunErrorCode } from '@runstop/core'
import { PROVIDER } from './step-functions-handle.js'

/**
 * Error names to codes: what StopExecution, DescribeExecution and ListExecutions declare in the
 * service model, and the AWS front door's errors. The service answers all of them with HTTP 400,
 * so the name decides (a throttle is never the VALIDATION its 400 would say).
 */
export const STEP_FUNCTIONS_ERROR_TABLE: Readonly<Record<string, RunErrorCode>> = {
  ...AWS_COMMON_ERRORS,
  ExecutionDoesNotExist: 'NOT_FOUND',
  InvalidArn: 'VALIDATION',
  ValidationException: 'VALIDATION',
  KmsAccessDeniedException: 'ACCESS_DENIED',
  KmsInvalidStateException: 'DEPENDENCY_FAILED',
  KmsThrottlingException: 'THROTTLED',
  ThrottlingException: 'THROTTLED',
  InvalidToken: 'VALIDATION',
  StateMachineDoesNotExist: 'NOT_FOUND',
  ResourceNotFound: 'NOT_FOUND',
  StateMachineTypeNotSupported: 'NOT_SUPPORTED',
  InternalFailure: 'UNAVAILABLE',
}

/** The service's name, its operations (each sent as `<Operation>Command`) and its error table. */
export const STEP_FUNCTIONS_API = {
  provider: PROVIDER,
  service: 'Step Functions',
  operations: { stop: 'StopExecution', get: 'DescribeExecution', list: 'ListExecutions' },
  table: STEP_FUNCTIONS_ERROR_TABLE,
} as const

/** Turns what a Step Functions call failed with into a RunError (by name, never `instanceof`). */
export const mapError = awsErrorMapper(STEP_FUNCTIONS_API)
