import type { ExecutionStatus, ListExecutionsCommandInput } from '@aws-sdk/client-sfn'
import { buildSnapshot, type ListContext, type RunScope, refuseHandle, splitSdkOutput } from '@runstop/core'
import { ok } from 'neverthrow'
import { mapStatus, STEP_FUNCTIONS_STATUS_TABLE } from './map-step-functions-status.js'
import { ARN_MAX_LENGTH, PREFIX, PROVIDER, stepFunctionsHandle } from './step-functions-handle.js'

/** The executions of one Standard state machine, newest first. Its region is part of the ARN. */
export interface StepFunctionsScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** `arn:aws:states:<region>:<account>:stateMachine:<name>` (1–256 characters, service model Arn). */
  readonly stateMachineArn: string
}

const STATE_MACHINE_ARN = new RegExp(`^${PREFIX}stateMachine:[^\\s:]{1,80}$`)

/** The region a state machine ARN names, or undefined when it is not one. */
export const regionOfStateMachineArn = (arn: string | undefined) =>
  arn === undefined ? undefined : STATE_MACHINE_ARN.exec(arn)?.[1]

/**
 * Checks a scope locally: a state machine ARN of 1–256 characters, `region` (if any) its own. An
 * Express state machine's ARN has the same shape; ListExecutions answers it NOT_SUPPORTED.
 */
export function validateScope(value: RunScope) {
  const arn = value.stateMachineArn
  const region = regionOfStateMachineArn(arn)
  if (value.provider !== PROVIDER || arn === undefined || arn.length > ARN_MAX_LENGTH || region === undefined)
    return refuseHandle(
      PROVIDER,
      `stateMachineArn must be arn:aws:states:<region>:<account>:stateMachine:<name>, 1 to ${ARN_MAX_LENGTH} characters.`,
      value,
    )
  if (value.region !== undefined && value.region !== region)
    return refuseHandle(PROVIDER, `region must be left out or equal the ARN's region '${region}'.`, value)
  return ok<StepFunctionsScope>({ provider: PROVIDER, stateMachineArn: arn })
}

/**
 * `statusFilter` takes one value: sent when exactly one status is asked and one ExecutionStatus
 * maps to it, except PENDING_REDRIVE, which the service refuses with a stateMachineArn (the
 * controller filters every other case).
 */
export function statusFilterOf(statuses: ListContext['statuses']): ExecutionStatus | undefined {
  if (statuses?.length !== 1) return undefined
  const wanted = Object.entries(STEP_FUNCTIONS_STATUS_TABLE).filter(([, status]) => status === statuses[0])
  const only = wanted.length === 1 ? (wanted[0]?.[0] as ExecutionStatus) : undefined
  return only === 'PENDING_REDRIVE' ? undefined : only
}

/** The ListExecutions input of a page: `maxResults` is `pageSize` clamped to 1000 (0 = default). */
export const listInput = (
  { stateMachineArn }: StepFunctionsScope,
  ctx: ListContext,
): ListExecutionsCommandInput => {
  const statusFilter = statusFilterOf(ctx.statuses)
  return {
    stateMachineArn,
    ...(ctx.pageSize === undefined ? {} : { maxResults: Math.min(Math.max(0, ctx.pageSize), 1000) }),
    ...(ctx.pageToken === undefined ? {} : { nextToken: ctx.pageToken }),
    ...(statusFilter === undefined ? {} : { statusFilter }),
  }
}

/** The page of a ListExecutions answer (a pure function). */
export function pageOf(output: unknown) {
  const { body, requestId } = splitSdkOutput(output)
  const runs = ((body.executions ?? []) as Record<string, unknown>[]).map((item: Record<string, unknown>) =>
    buildSnapshot({
      handle: stepFunctionsHandle({ executionArn: String(item.executionArn) })._unsafeUnwrap(),
      status: mapStatus(item.status),
      providerStatus: item.status,
      startedAt: item.startDate,
      endedAt: item.stopDate,
      requestId,
      raw: item,
    }),
  )
  return { runs, ...(typeof body.nextToken === 'string' ? { nextPageToken: body.nextToken } : {}) }
}
