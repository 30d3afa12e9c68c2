import type { EmulatorResponse, ProviderContext, StoredRun } from '../types.js'
import { ARN_MAX_LENGTH, STATE_MACHINE_ARN } from './arns.js'
import { errorResponse } from './errors.js'
import { EXECUTION_STATUSES, executionSummary, invalid, json, PROVIDER, stateMachines } from './executions.js'

/** `PageSize`: 0 to 1000, 0 meaning the default of 100. `ListExecutionsPageToken`: 1 to 3096 characters. */
const DEFAULT_PAGE = 100
const MAX_PAGE = 1000
const TOKEN_MAX = 3096

interface Cursor {
  /** The request's other arguments, which must not change between pages. */
  readonly q: string
  /** Start time (ms) and sequence of the last execution returned. */
  readonly after: readonly [number, number]
}

const order = (run: StoredRun): [number, number] => [
  run.startedAt ?? run.createdAt,
  Number(run.extra.seq ?? 0),
]
const newerFirst = (a: StoredRun, b: StoredRun) => {
  const [ta, sa] = order(a)
  const [tb, sb] = order(b)
  return tb - ta || sb - sa
}

function decode(token: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor
    return typeof value.q === 'string' && Array.isArray(value.after) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * ListExecutions of a state machine, newest first, paged with an opaque `nextToken` that is
 * only good for the same arguments (else `InvalidToken`, as the service answers). `statusFilter`
 * takes one status; the service refuses `PENDING_REDRIVE` as a filter with a `stateMachineArn`
 * (it is meant for Map Run children), and so does the emulator. Map Runs are not emulated.
 */
export function listExecutions(
  params: Record<string, unknown>,
  region: string,
  ctx: ProviderContext,
): EmulatorResponse {
  const { stateMachineArn: arn, statusFilter, maxResults, nextToken, mapRunArn, redriveFilter } = params
  if (arn !== undefined && mapRunArn !== undefined)
    return errorResponse(
      'ValidationException',
      ctx,
      'Specify either a stateMachineArn or a mapRunArn, not both.',
    )
  if (arn === undefined && mapRunArn !== undefined)
    return errorResponse('ResourceNotFound', ctx, `Resource not found: '${String(mapRunArn)}'`)
  if (typeof arn !== 'string') return invalid(ctx, 'stateMachineArn', 'Member must not be null')
  if (arn.length < 1 || arn.length > ARN_MAX_LENGTH)
    return invalid(ctx, 'stateMachineArn', `Member must have length less than or equal to ${ARN_MAX_LENGTH}`)
  if (!STATE_MACHINE_ARN.test(arn)) return errorResponse('InvalidArn', ctx, `Invalid Arn: '${arn}'`)
  if (statusFilter !== undefined && !EXECUTION_STATUSES.includes(statusFilter as string))
    return invalid(
      ctx,
      'statusFilter',
      `Member must satisfy enum value set: [${EXECUTION_STATUSES}]`,
      String(statusFilter),
    )
  if (statusFilter === 'PENDING_REDRIVE')
    return errorResponse(
      'ValidationException',
      ctx,
      'The PENDING_REDRIVE status filter is only supported with a mapRunArn, not with a stateMachineArn.',
    )
  if (redriveFilter !== undefined && redriveFilter !== 'REDRIVEN' && redriveFilter !== 'NOT_REDRIVEN')
    return invalid(
      ctx,
      'redriveFilter',
      'Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]',
      String(redriveFilter),
    )
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || (maxResults as number) < 0 || (maxResults as number) > MAX_PAGE)
  )
    return invalid(ctx, 'maxResults', `Member must have value between 0 and ${MAX_PAGE}`, String(maxResults))
  if (
    nextToken !== undefined &&
    (typeof nextToken !== 'string' || nextToken.length < 1 || nextToken.length > TOKEN_MAX)
  )
    return invalid(ctx, 'nextToken', `Member must have length between 1 and ${TOKEN_MAX}`)

  const machine = stateMachines(ctx.store).get(arn)
  if (!machine || machine.region !== region)
    return errorResponse('StateMachineDoesNotExist', ctx, `State Machine Does Not Exist: '${arn}'`)
  if (machine.type === 'EXPRESS')
    return errorResponse(
      'StateMachineTypeNotSupported',
      ctx,
      'This operation is not supported by this type of state machine',
    )

  const query = JSON.stringify([arn, statusFilter ?? null, redriveFilter ?? null])
  const cursor = nextToken === undefined ? undefined : decode(nextToken)
  if (nextToken !== undefined && cursor?.q !== query)
    return errorResponse('InvalidToken', ctx, `Invalid Token: '${String(nextToken).slice(0, 32)}…'`)

  const pageSize = maxResults === undefined || maxResults === 0 ? DEFAULT_PAGE : (maxResults as number)
  const matching = ctx.store
    .all(PROVIDER)
    .filter((run) => run.extra.stateMachineArn === arn)
    .filter((run) => statusFilter === undefined || run.status === statusFilter)
    .filter((run) => {
      if (redriveFilter === undefined) return true
      return Number(run.extra.redriveCount ?? 0) > 0 === (redriveFilter === 'REDRIVEN')
    })
    .sort(newerFirst)
  const start =
    cursor === undefined
      ? 0
      : matching.findIndex((run) => {
          const [t, s] = order(run)
          const [ct, cs] = cursor.after
          return t < ct || (t === ct && s < cs)
        })
  const page = start < 0 ? [] : matching.slice(start, start + pageSize)
  const last = page.at(-1)
  const more = start >= 0 && start + pageSize < matching.length && last !== undefined
  return json(ctx, {
    executions: page.map(executionSummary),
    ...(more
      ? { nextToken: Buffer.from(JSON.stringify({ q: query, after: order(last) })).toString('base64url') }
      : {}),
  })
}
