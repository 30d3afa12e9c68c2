import {
  formatScope,
  parseScope,
  RUN_STATUSES,
  type RunError,
  type RunScope,
  type RunSnapshot,
  type RunStatus,
} from '@runstop/core'
import type { CommandContext } from '../context.js'
import { onInterrupt, UsageError } from '../context.js'
import type { CliController } from '../create-controller.js'
import { renderTable } from '../output/table.js'
import { errorJson, errorLine, handleText, snapshotJson, statusText } from '../output/views.js'

/** How `list` prints: a table (default), one JSON document, or one JSON line per run then a summary line. */
export type ListOutput = 'table' | 'json' | 'jsonl'
/** The values `--output` accepts. */
export const LIST_OUTPUTS: readonly ListOutput[] = ['table', 'json', 'jsonl']

/** Options of `runstop list`, as parsed from the command line. */
export interface ListCommandOptions {
  readonly output?: ListOutput
  /** Only these statuses. Default: every status. */
  readonly statuses?: readonly RunStatus[]
  /** Deadline for each page, retries included. */
  readonly timeoutMs?: number
}

/**
 * Parses a scope given on the command line and checks it locally against its adapter (the
 * `runstop:` syntax, a provider the CLI knows that can list, the provider's own constraints). Any
 * failure is a `UsageError` (exit 2); nothing has been sent.
 */
export function parseScopeArgument(text: string, cli: CliController): RunScope {
  const parsed = parseScope(text)
  if (parsed.isErr()) throw new UsageError(`Invalid scope "${text}": ${parsed.error.message}`)
  const scope = parsed.value
  const adapter = cli.adapters.find((candidate) => candidate.provider === scope.provider)
  if (adapter === undefined) {
    const known = cli.adapters.map((candidate) => candidate.provider).join(', ')
    throw new UsageError(`Invalid scope "${text}": unknown provider "${scope.provider}" (known: ${known}).`)
  }
  if (!adapter.capabilities.list || typeof adapter.validateScope !== 'function')
    throw new UsageError(`Invalid scope "${text}": the ${scope.provider} adapter cannot list runs.`)
  let checked: ReturnType<NonNullable<typeof adapter.validateScope>>
  try {
    checked = adapter.validateScope(scope)
  } catch (error) {
    throw new UsageError(`Invalid scope "${text}": ${error instanceof Error ? error.message : String(error)}`)
  }
  if (checked.isErr()) throw new UsageError(`Invalid scope "${text}": ${checked.error.message}`)
  return checked.value as RunScope
}

/** `--status running,pending`: a comma-separated list of run statuses. */
export function parseStatusList(text: string): RunStatus[] {
  const statuses = text
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '')
  if (statuses.length === 0) throw new UsageError('--status needs at least one status.')
  for (const status of statuses)
    if (!(RUN_STATUSES as readonly string[]).includes(status))
      throw new UsageError(`Unknown status "${status}" (one of ${RUN_STATUSES.join(', ')}).`)
  return [...new Set(statuses)] as RunStatus[]
}

const COLUMNS = ['PROVIDER', 'STATUS', 'STARTED', 'HANDLE']

function row(run: RunSnapshot): string[] {
  return [
    run.handle.provider,
    statusText(run.providerStatus, run.status),
    run.startedAt instanceof Date ? run.startedAt.toISOString() : '-',
    handleText(run.handle),
  ]
}

/** The table of listed runs (also used by `stop --all` to show what it would stop). */
export function renderRunTable(runs: readonly RunSnapshot[]): string {
  return renderTable(COLUMNS, runs.map(row))
}

/** `0 runs match runstop:…` / `1 run matches …` / `12 runs match …` */
export function matchLine(count: number, scope: RunScope): string {
  return `${count === 1 ? '1 run matches' : `${count} runs match`} ${formatScope(scope)}\n`
}

/** A JSON line of `--output jsonl`: the run as `snapshotJson` gives it, with the handle as a string too. */
function runLine(run: RunSnapshot): Record<string, unknown> {
  return { type: 'run', handleString: handleText(run.handle), ...snapshotJson(run) }
}

/**
 * `runstop list <scope>`: the runs of a workflow, page by page. `table` and `json` print once the
 * listing is complete; `jsonl` prints each run as it arrives (memory stays flat whatever the
 * number of runs), then one summary line. Exit 0 when the listing completed (even with no run),
 * 1 when the provider answered an error (the runs before it are printed), 2 for a bad scope or
 * status (nothing sent).
 */
export async function runList(
  ctx: CommandContext,
  scopeArg: string,
  options: ListCommandOptions,
): Promise<number> {
  const cli = ctx.controller()
  const scope = parseScopeArgument(scopeArg, cli)
  const output = options.output ?? 'table'
  const abort = new AbortController()
  const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
  const kept: RunSnapshot[] = []
  let count = 0
  let failure: RunError | undefined
  try {
    for await (const item of cli.controller.listRuns(scope, {
      signal: abort.signal,
      ...(options.statuses === undefined ? {} : { statuses: options.statuses }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    })) {
      if (item.isErr()) {
        failure = item.error
        break
      }
      count++
      if (output === 'jsonl') ctx.output.out(`${JSON.stringify(runLine(item.value))}\n`)
      else kept.push(item.value)
    }
  } finally {
    unsubscribe()
  }
  if (failure !== undefined)
    ctx.output.err(`error: listing ${formatScope(scope)} failed: ${errorLine(failure)}\n`)
  const ok = failure === undefined
  if (output === 'jsonl') {
    ctx.output.out(
      `${JSON.stringify({ type: 'summary', ok, scope: formatScope(scope), count, ...(ok ? {} : { error: errorJson(failure) }) })}\n`,
    )
  } else if (output === 'json') {
    ctx.output.json({
      ok,
      scope: formatScope(scope),
      count,
      runs: kept.map(snapshotJson),
      ...(ok ? {} : { error: errorJson(failure) }),
    })
  } else {
    if (kept.length > 0) ctx.output.out(renderRunTable(kept))
    ctx.output.out(matchLine(count, scope))
  }
  return ok ? 0 : 1
}
