import { checkHandleFor, type RunError, type RunHandle, refuseHandle } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'

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
export const PREFIX =
  'arn:aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?:states:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:'
/** A standard execution ARN (1: its region); a Map Run child's `<stateMachine>/<label>` is allowed. */
export const EXECUTION_ARN = new RegExp(`^${PREFIX}execution:${NAME}(?:/${NAME})?:${NAME}$`)
const EXPRESS_ARN = new RegExp(`^${PREFIX}express:`)

/** The region an execution ARN names, or undefined when it is not one. */
export const regionOfExecutionArn = (arn: string): string | undefined => EXECUTION_ARN.exec(arn)?.[1]

/**
 * Checks a handle locally (nothing is sent) and gives the canonical one, `{ provider,
 * executionArn }`. A broken ARN is `VALIDATION`; an Express execution is `NOT_SUPPORTED`.
 */
export function validateHandle(value: RunHandle): Result<StepFunctionsHandle, RunError> {
  const checked = checkHandleFor(value, PROVIDER)
  if (checked.isErr()) return err(checked.error)
  const handle = checked.value
  const arn = handle.executionArn
  if (arn === undefined || arn.length > ARN_MAX_LENGTH)
    return refuseHandle(
      PROVIDER,
      `executionArn is required, 1 to ${ARN_MAX_LENGTH} characters (service model Arn).`,
      handle,
    )
  if (EXPRESS_ARN.test(arn))
    return refuseHandle(
      PROVIDER,
      'Express executions cannot be stopped (nor described) through the Step Functions API.',
      handle,
      'NOT_SUPPORTED',
    )
  const region = regionOfExecutionArn(arn)
  if (region === undefined)
    return refuseHandle(
      PROVIDER,
      'executionArn must be arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>.',
      handle,
    )
  if (handle.region !== undefined && handle.region !== region)
    return refuseHandle(PROVIDER, `region must be left out or equal the ARN's region '${region}'.`, handle)
  return ok({ provider: PROVIDER, executionArn: arn })
}

/** The canonical handle for an execution ARN (what StartExecution and ListExecutions return). */
export const stepFunctionsHandle = (input: { readonly executionArn: string }) =>
  validateHandle({ provider: PROVIDER, executionArn: input?.executionArn })
