import { checkHandleShape, RunError, type RunHandle } from '@runstop/core'
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

function invalid(message: string, handle?: RunHandle): RunError {
  return new RunError({
    code: 'VALIDATION',
    message,
    provider: PROVIDER,
    ...(handle === undefined ? {} : { handle }),
  })
}

/** Checks one name field (also used for scopes, `alibaba-cloudflow-scope.ts`). */
export function checkName(handle: RunHandle, field: 'flowName' | 'executionName'): RunError | undefined {
  const value = handle[field]
  if (value === undefined || value === '') return invalid(`${field} is required.`, handle)
  if (value.length > 128)
    return invalid(`${field} is ${value.length} characters long; the limit is 128.`, handle)
  if (!NAME_PATTERN.test(value))
    return invalid(`${field} ${JSON.stringify(value)} must be ${NAME_RULE}.`, handle)
  return undefined
}

/** Checks a region name locally (it becomes part of a host name). */
export function checkRegion(region: string, handle?: RunHandle): RunError | undefined {
  return REGION.test(region)
    ? undefined
    : invalid(
        `region '${region}' must be an Alibaba Cloud region id such as 'cn-hangzhou' or 'ap-southeast-1'.`,
        handle,
      )
}

/**
 * Checks a handle against the CloudFlow constraints of seed 003, locally: nothing is sent. A
 * broken handle is a `VALIDATION` RunError naming the field and the rule.
 */
export function validateHandle(handle: RunHandle): Result<AlibabaCloudFlowHandle, RunError> {
  const shaped = checkHandleShape(handle)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER }))
  if (handle.provider !== PROVIDER)
    return err(invalid(`This adapter serves provider '${PROVIDER}', not '${handle.provider}'.`, handle))
  for (const field of ['flowName', 'executionName'] as const) {
    const error = checkName(handle, field)
    if (error) return err(error)
  }
  if (handle.region !== undefined) {
    const error = checkRegion(handle.region, handle)
    if (error) return err(error)
  }
  return ok(handle as AlibabaCloudFlowHandle)
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

/**
 * Checks a stop's `reason` (sent as `Cause`, 1–4096 characters) and `errorCode` (sent as `Error`,
 * 1–128 characters). Lengths are JavaScript string lengths (UTF-16 code units). Sends nothing.
 */
export function validateStopInput(
  handle: AlibabaCloudFlowHandle,
  input: { readonly reason?: string | undefined; readonly errorCode?: string | undefined },
): RunError | undefined {
  const { reason, errorCode } = input
  if (
    reason !== undefined &&
    (typeof reason !== 'string' || reason.length < 1 || reason.length > MAX_CAUSE_LENGTH)
  )
    return invalid(
      `reason (sent as Cause) must be 1 to ${MAX_CAUSE_LENGTH} characters; got ${typeof reason === 'string' ? reason.length : typeof reason}.`,
      handle,
    )
  if (
    errorCode !== undefined &&
    (typeof errorCode !== 'string' || errorCode.length < 1 || errorCode.length > MAX_ERROR_LENGTH)
  )
    return invalid(
      `errorCode (sent as Error) must be 1 to ${MAX_ERROR_LENGTH} characters; got ${typeof errorCode === 'string' ? errorCode.length : typeof errorCode}.`,
      handle,
    )
  return undefined
}
