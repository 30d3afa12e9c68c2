import type { ExecutionStatus } from '@aws-sdk/client-sfn'
import {
  checkFields,
  type FieldRule,
  type ListContext,
  type RunError,
  type RunScope,
  serverStatusFilter,
} from '@runstop/core'
import type { Result } from 'neverthrow'
import { STEP_FUNCTIONS_STATUS_TABLE } from './map-step-functions-status.js'
import { ARN_MAX_LENGTH, PREFIX, PROVIDER } from './step-functions-handle.js'

/** The executions of one Standard state machine, newest first. Its region is part of the ARN. */
export interface StepFunctionsScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** `arn:aws:states:<region>:<account>:stateMachine:<name>` (1–256 characters, service model Arn). */
  readonly stateMachineArn: string
}

/** A state machine ARN (its `region` group: the region). */
const STATE_MACHINE_ARN = new RegExp(`^${PREFIX}stateMachine:[^\\s:]{1,80}$`)
const RULE: FieldRule = {
  pattern: STATE_MACHINE_ARN,
  max: ARN_MAX_LENGTH,
  form: 'arn:aws:states:<region>:<account>:stateMachine:<name>',
}

/**
 * Checks a scope locally: a state machine ARN of 1–256 characters, `region` (if any) its own. An
 * Express state machine's ARN has the same shape; ListExecutions answers it NOT_SUPPORTED.
 */
export const validateScope = (scope: unknown): Result<StepFunctionsScope, RunError> =>
  checkFields(PROVIDER, 'Step Functions scope', scope, {
    required: { stateMachineArn: RULE },
    scope: true,
  }).map((checked) => ({ provider: PROVIDER, stateMachineArn: checked.stateMachineArn as string }))

/** `statusFilter` (one value, `serverStatusFilter`): never PENDING_REDRIVE, refused with a stateMachineArn. */
export const statusFilterOf = (statuses: ListContext['statuses']): ExecutionStatus | undefined =>
  serverStatusFilter(STEP_FUNCTIONS_STATUS_TABLE, statuses, ['PENDING_REDRIVE'])

/** The ListExecutions input of a page: the state machine, and `statusFilter` when the service can filter. */
export const listInput = ({ stateMachineArn }: StepFunctionsScope, { statuses }: ListContext) => {
  const statusFilter = statusFilterOf(statuses)
  return statusFilter === undefined ? { stateMachineArn } : { stateMachineArn, statusFilter }
}
