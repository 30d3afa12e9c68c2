import { checkHandleFor, checkScopeFor, RunError, type RunHandle, type RunScope } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'

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
const NAME_RULE =
  "1 to 128 characters of letters, digits, '_' and '-', starting with a letter or '_' (^[A-Za-z_][A-Za-z0-9_-]{0,127}$)"
/** Seed 003: `Cause` "must be 1 to 4,096 characters in length". */
export const MAX_CAUSE_LENGTH = 4096
/** Seed 003: `Error` "must be 1 to 128 characters in length". */
export const MAX_ERROR_LENGTH = 128
/** A region goes into the host name `{region}.fnf.aliyuncs.com`: e.g. `cn-hangzhou`, `ap-southeast-1`. */
const REGION = /^[a-z]{2}(?:-[a-z0-9]+){1,4}$/

const invalid = (message: string, handle?: RunHandle) =>
  new RunError({ code: 'VALIDATION', message, provider: PROVIDER, ...(handle ? { handle } : {}) })

/** Checks a region name locally (it becomes part of a host name). */
export function checkRegion(region: string | undefined, handle?: RunHandle): RunError | undefined {
  if (region === undefined || REGION.test(region)) return undefined
  return invalid(
    `region '${region}' must be an Alibaba Cloud region id such as 'cn-hangzhou' or 'ap-southeast-1'.`,
    handle,
  )
}

/** The first broken name (seed 003) or region of a handle or scope, or undefined. */
function checkFields(handle: RunHandle, fields: readonly ('flowName' | 'executionName')[]) {
  for (const field of fields) {
    const value = handle[field]
    if (value === undefined || value === '') return invalid(`${field} is required.`, handle)
    if (value.length > 128)
      return invalid(`${field} is ${value.length} characters long; the limit is 128.`, handle)
    if (!NAME_PATTERN.test(value))
      return invalid(`${field} ${JSON.stringify(value)} must be ${NAME_RULE}.`, handle)
  }
  return checkRegion(handle.region, handle)
}

/**
 * Checks a handle against the CloudFlow constraints of seed 003, locally: nothing is sent. A
 * broken handle is a `VALIDATION` RunError naming the field and the rule.
 */
export function validateHandle(handle: RunHandle): Result<AlibabaCloudFlowHandle, RunError> {
  const checked = checkHandleFor(handle, PROVIDER)
  if (checked.isErr()) return err(checked.error)
  const problem = checkFields(handle, ['flowName', 'executionName'])
  return problem ? err(problem) : ok(handle as AlibabaCloudFlowHandle)
}

/** Checks a scope against the constraints of ListExecutions (FlowName as for handles), locally. */
export function validateScope(scope: unknown): Result<AlibabaCloudFlowScope, RunError> {
  return checkScopeFor(scope, PROVIDER, ['flowName', 'region']).andThen((checked) => {
    const problem = checkFields(checked, ['flowName'])
    return problem ? err(problem.with({ operation: 'list' })) : ok(checked as AlibabaCloudFlowScope)
  })
}

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
  if (typeof input !== 'object' || input === null)
    return err(invalid('alibabaCloudFlowHandle takes { flowName, executionName, region? }.'))
  const { flowName, executionName, region } = input
  return validateHandle({
    provider: PROVIDER,
    flowName,
    executionName,
    ...(region === undefined ? {} : { region }),
  })
}
