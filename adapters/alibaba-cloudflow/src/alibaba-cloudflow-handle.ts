import { ALIBABA_REGION as REGION } from '@runstop/alibaba-openapi'
import { checkFields, type FieldRule, type RunError, type RunHandle, type RunScope } from '@runstop/core'
import type { Result } from 'neverthrow'

/** The provider string of this adapter. */
export const PROVIDER = 'alibaba-cloudflow'

/** An Alibaba Cloud CloudFlow (FnF) execution: its flow's name, its own name, optionally a region. */
export interface AlibabaCloudFlowHandle extends RunHandle {
  readonly provider: typeof PROVIDER
  /** The flow's name, unique in a region (e.g. `my_flow`). */
  readonly flowName: string
  /** The execution's name, unique in the flow. */
  readonly executionName: string
  /** Overrides the adapter's default region, e.g. `cn-shanghai`. */
  readonly region?: string
}

/** The executions of one CloudFlow flow. */
export interface AlibabaCloudFlowScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** `^[A-Za-z_][A-Za-z0-9_-]{0,127}$` */
  readonly flowName: string
  /** Overrides the adapter's default region. */
  readonly region?: string
}

/**
 * Seed 003 (FnF 2019-03-15 StopExecution, request parameters) for both FlowName and
 * ExecutionName: letters, digits, `_` and `-`; starting with a letter or `_`; case-sensitive;
 * 1 to 128 characters.
 */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/
const NAME: FieldRule = {
  max: 128,
  pattern: NAME_PATTERN,
  form: "letters, digits, '_' and '-', starting with a letter or '_'",
}
/** Seed 003: `Cause` "must be 1 to 4,096 characters in length". */
export const MAX_CAUSE_LENGTH = 4096
/** Seed 003: `Error` "must be 1 to 128 characters in length". */
export const MAX_ERROR_LENGTH = 128

/**
 * Checks a handle against the CloudFlow constraints of seed 003, locally: nothing is sent. A
 * broken handle is a `VALIDATION` RunError naming the field and the rule.
 */
export const validateHandle = (handle: unknown) =>
  checkFields(PROVIDER, 'CloudFlow handle', handle, {
    required: { flowName: NAME, executionName: NAME },
    optional: { region: REGION },
  }) as Result<AlibabaCloudFlowHandle, RunError>

/** Checks a scope against the constraints of ListExecutions (FlowName as for handles), locally. */
export const validateScope = (scope: unknown) =>
  checkFields(PROVIDER, 'CloudFlow scope', scope, {
    required: { flowName: NAME },
    optional: { region: REGION },
    exact: true,
    scope: true,
  }) as Result<AlibabaCloudFlowScope, RunError>

/** What `alibabaCloudFlowHandle` takes: the `FlowName` and `Name` of a StartExecution reply, and its region. */
export interface AlibabaCloudFlowHandleInput {
  /** The flow's name, as given to `StartExecution`. */
  readonly flowName: string
  /** The execution's name (`Name` of `StartExecution`'s output). */
  readonly executionName: string
  /** The region the execution was started in; absent, the adapter's default region applies. */
  readonly region?: string
}

/**
 * Builds the canonical handle of a CloudFlow execution from what the FnF SDK gave you: the
 * `FlowName` and `Name` in the reply of `StartExecution` (2019-03-15), and the region your client
 * was built for. Does no I/O; a name or region that breaks the documented constraints is
 * `VALIDATION`.
 *
 * @example
 * const reply = await fnf.startExecution({ FlowName: 'my_flow', ExecutionName: 'run-1' }) // { FlowName, Name, Status, … }
 * const handle = alibabaCloudFlowHandle({ flowName: reply.FlowName, executionName: reply.Name, region: 'cn-shanghai' })
 */
export function alibabaCloudFlowHandle(
  input: AlibabaCloudFlowHandleInput,
): Result<AlibabaCloudFlowHandle, RunError> {
  const { flowName, executionName, region } = (input ?? {}) as Partial<AlibabaCloudFlowHandleInput>
  return validateHandle({
    provider: PROVIDER,
    flowName,
    executionName,
    ...(region === undefined ? {} : { region }),
  })
}
