import type { EmulatorResponse, ProviderContext, RunStore, StoredRun } from '../types.js'
import { errorResponse, JSON_CONTENT_TYPE } from './errors.js'

export const PROVIDER = 'step-functions' as const

/** `ExecutionStatus` of the service model. */
export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]
export const ACTIVE = new Set(['RUNNING', 'PENDING_REDRIVE'])
export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])

/** A state machine the emulator knows: its executions are listed under it. */
export interface StateMachine {
  readonly arn: string
  readonly type: 'STANDARD' | 'EXPRESS'
  readonly region: string
}

// Per emulator instance (one run store each), so two emulators never share state machines.
const machinesOf = new WeakMap<RunStore, Map<string, StateMachine>>()
export function stateMachines(store: RunStore): Map<string, StateMachine> {
  let machines = machinesOf.get(store)
  if (!machines) {
    machines = new Map()
    machinesOf.set(store, machines)
  }
  return machines
}

export const epochSeconds = (ms: number) => Math.round(ms) / 1000

export function json(ctx: ProviderContext, body: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': ctx.requestId() },
    body: JSON.stringify(body),
  }
}

/** `1 validation error detected: …` as the service words a constraint failure. */
export function invalid(ctx: ProviderContext, member: string, constraint: string, value?: unknown) {
  const shown = typeof value === 'string' || typeof value === 'number' ? `Value '${value}' at` : 'Value at'
  return errorResponse(
    'ValidationException',
    ctx,
    `1 validation error detected: ${shown} '${member}' failed to satisfy constraint: ${constraint}`,
  )
}

/** The fields shared by DescribeExecution and ListExecutions items. */
export function executionSummary(run: StoredRun): Record<string, unknown> {
  const extra = run.extra as { executionArn: string; stateMachineArn: string; name: string }
  const summary: Record<string, unknown> = {
    executionArn: extra.executionArn,
    stateMachineArn: extra.stateMachineArn,
    name: extra.name,
    status: run.status,
    startDate: epochSeconds(run.startedAt ?? run.createdAt),
    redriveCount: Number(run.extra.redriveCount ?? 0),
  }
  // A redriven execution keeps its old stop date while it runs again: only a finished one has one.
  if (TERMINAL.has(run.status) && run.endedAt !== undefined) summary.stopDate = epochSeconds(run.endedAt)
  if (typeof run.extra.redriveDate === 'number') summary.redriveDate = epochSeconds(run.extra.redriveDate)
  return summary
}
