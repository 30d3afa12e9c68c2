import { checkFields, type FieldRule, type RunError, type RunHandle, refuseHandle } from '@runstop/core'
import type { Result } from 'neverthrow'

/** The provider string of this adapter. */
export const PROVIDER = 'step-functions'

/** An execution of a Standard state machine. Its region is part of the ARN. */
export interface StepFunctionsHandle extends RunHandle {
  readonly provider: typeof PROVIDER
  /** `arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>`, as StartExecution returns it. */
  readonly executionArn: string
}

/*
 * Service model (botocore data/stepfunctions/2016-11-23/service-2.json): `executionArn` is an
 * `Arn`, 1–256 characters. An execution ARN is `arn:<partition>:states:<region>:<account>:
 * execution:<stateMachine>[/<mapRunLabel>]:<name>`, each name a `Name` (1–80 characters, no white
 * space, brackets, wildcards, `"#%\^|~\`$&,;:/` or control characters). Express executions
 * (`…:express:…`) cannot be stopped: StopExecution and DescribeExecution do not support them.
 */
export const ARN_MAX_LENGTH = 256
const NAME = '[^\\s<>{}\\[\\]?*"#%\\\\^|~`$&,;:/\\u0000-\\u001f\\u007f-\\u009f]{1,80}'
/** `arn:<partition>:states:<region>:<account>:` (group 1, `region`: the region). */
export const PREFIX =
  'arn:aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?:states:(?<region>[a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:'
/** A standard execution ARN (1: its region); a Map Run child's `<stateMachine>/<label>` is allowed. */
export const EXECUTION_ARN = new RegExp(`^${PREFIX}execution:${NAME}(?:/${NAME})?:${NAME}$`)
const EXPRESS_ARN = new RegExp(`^${PREFIX}express:`)
const EXPRESS = 'Express executions cannot be stopped (nor described) through the Step Functions API.'
const RULE: FieldRule = {
  pattern: EXECUTION_ARN,
  max: ARN_MAX_LENGTH,
  form: 'an execution ARN (StartExecution returns it)',
}

/**
 * Checks a handle locally (nothing is sent) and gives the canonical one, `{ provider,
 * executionArn }`. A broken ARN is `VALIDATION`; an Express execution is `NOT_SUPPORTED`.
 */
export function validateHandle(value: unknown): Result<StepFunctionsHandle, RunError> {
  const checked = checkFields(PROVIDER, 'Step Functions handle', value, { required: { executionArn: RULE } })
  const refused =
    checked.isErr() && checked.error.details?.rule === 'pattern' ? checked.error.handle : undefined
  if (EXPRESS_ARN.test(refused?.executionArn ?? ''))
    return refuseHandle(PROVIDER, EXPRESS, refused, 'NOT_SUPPORTED')
  return checked.map((handle) => ({ provider: PROVIDER, executionArn: handle.executionArn as string }))
}

/** The canonical handle for an execution ARN (what StartExecution and ListExecutions return). */
export const stepFunctionsHandle = (input: { readonly executionArn: string }) =>
  validateHandle({ provider: PROVIDER, executionArn: input?.executionArn })
