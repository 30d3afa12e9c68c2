import type { EmulatorResponse, ProviderContext, StoredRun } from '../types.js'
import { fnfError, JSON_CONTENT_TYPE, requestIdFor } from './errors.js'

export const PROVIDER = 'alibaba-cloudflow'

/** The execution states of FnF 2019-03-15, as the API spells them. */
export const EXECUTION_STATES = ['Starting', 'Running', 'Stopped', 'Succeeded', 'Failed', 'TimedOut'] as const

/** States a stop can act on; every other documented state is final. */
export const ACTIVE_STATES: ReadonlySet<string> = new Set(['Starting', 'Running'])

/** `^[A-Za-z_][A-Za-z0-9_-]{0,127}$`: flow and execution names (seed 003). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/
export const MAX_CAUSE_LENGTH = 4096
export const MAX_ERROR_LENGTH = 128

/** The store key of an execution. Names are unique per flow, flows per account and region. */
export function executionKey(flowName: string, executionName: string): string {
  return `${flowName}/${executionName}`
}

/** The state's canonical spelling when it is a documented one (any case), else the value as given. */
export function canonicalState(value: string): string {
  return EXECUTION_STATES.find((s) => s.toLowerCase() === value.trim().toLowerCase()) ?? value
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString()
}

/** The execution as DescribeExecution and StopExecution answer it (the seed's sample fields). */
export function executionBody(run: StoredRun, requestId: string, overrides: { StoppedTime?: string } = {}) {
  const extra = run.extra as { flowName: string; executionName: string; input?: string; output?: string }
  const body: Record<string, string> = {
    RequestId: requestId,
    Name: extra.executionName,
    FlowName: extra.flowName,
    Status: run.status,
    FlowDefinition: flowDefinition(extra.flowName),
    Input: extra.input ?? '{}',
  }
  const started = iso(run.startedAt)
  if (started) body.StartedTime = started
  const stopped = overrides.StoppedTime ?? iso(run.endedAt)
  if (stopped) body.StoppedTime = stopped
  if (run.status === 'Succeeded') body.Output = extra.output ?? '{"key":"value"}'
  return body
}

export function flowDefinition(flowName: string): string {
  return `version: v1.0\ntype: flow\nname: ${flowName}\nsteps:\n - type: pass\n   name: mypass`
}

function ok(body: Record<string, string>): EmulatorResponse {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) }
}

export interface OperationInput {
  readonly params: Readonly<Record<string, string>>
  readonly region: string | undefined
}

/** Checks FlowName / ExecutionName (present, documented pattern) and finds the execution. */
function findExecution(
  input: OperationInput,
  ctx: ProviderContext,
): { run: StoredRun; flowName: string; executionName: string } | { error: EmulatorResponse } {
  const { params, region } = input
  for (const name of ['FlowName', 'ExecutionName']) {
    if (params[name] === undefined)
      return { error: fnfError('MissingRequiredParams', ctx, { args: [name], region }) }
  }
  const flowName = params.FlowName as string
  const executionName = params.ExecutionName as string
  for (const [name, value] of [
    ['FlowName', flowName],
    ['ExecutionName', executionName],
  ] as const) {
    if (!NAME_PATTERN.test(value))
      return {
        error: fnfError('InvalidArgument', ctx, {
          region,
          detail: `${name} must be 1 to 128 characters of letters, digits, '_' and '-', starting with a letter or '_'.`,
        }),
      }
  }
  const flowKnown = ctx.store
    .all(PROVIDER)
    .some((run) => (run.extra as { flowName?: string }).flowName === flowName)
  if (!flowKnown) return { error: fnfError('FlowNotExists', ctx, { args: [flowName], region }) }
  const run = ctx.store.get(PROVIDER, executionKey(flowName, executionName))
  if (!run) return { error: fnfError('ExecutionNotExists', ctx, { args: [executionName, flowName], region }) }
  return { run, flowName, executionName }
}

export function describeExecution(input: OperationInput, ctx: ProviderContext): EmulatorResponse {
  const found = findExecution(input, ctx)
  if ('error' in found) return found.error
  return ok(executionBody(found.run, requestIdFor(ctx)))
}

/**
 * StopExecution: on a Starting or Running execution, store `Cause` / `Error` and let it reach
 * `Stopped` after `ctx.stopDelayMs`. The reply is the execution as it is at the moment of the
 * call (still `Running`, as in the API reference's sample). A finished execution answers
 * `ExecutionAlreadyCompleted`.
 */
export function stopExecution(input: OperationInput, ctx: ProviderContext): EmulatorResponse {
  const { params, region } = input
  const cause = params.Cause
  const error = params.Error
  if (cause !== undefined && (cause.length < 1 || cause.length > MAX_CAUSE_LENGTH))
    return fnfError('InvalidArgument', ctx, {
      region,
      detail: `Cause must be 1 to ${MAX_CAUSE_LENGTH} characters (got ${cause.length}).`,
    })
  if (error !== undefined && (error.length < 1 || error.length > MAX_ERROR_LENGTH))
    return fnfError('InvalidArgument', ctx, {
      region,
      detail: `Error must be 1 to ${MAX_ERROR_LENGTH} characters (got ${error.length}).`,
    })
  const found = findExecution(input, ctx)
  if ('error' in found) return found.error
  const { run, flowName, executionName } = found
  if (!ACTIVE_STATES.has(run.status))
    return fnfError('ExecutionAlreadyCompleted', ctx, { args: [executionName, flowName], region })
  const now = ctx.now()
  if (!run.transition) {
    if (cause !== undefined) run.cause = cause
    if (error !== undefined) run.error = error
    run.transition = { to: 'Stopped', at: now + Math.max(0, ctx.stopDelayMs) }
  }
  return ok(executionBody(run, requestIdFor(ctx), { StoppedTime: new Date(now).toISOString() }))
}
