import { createInterface } from 'node:readline'
import {
  type BatchStopReport,
  DEFAULT_STOP_ALL_STATUSES,
  formatScope,
  type RunError,
  type RunHandle,
  type RunScope,
  type RunSnapshot,
  type RunStatus,
  type StopManyOptions,
} from '@runstop/core'
import type { CommandContext } from '../context.js'
import { onInterrupt, UsageError } from '../context.js'
import { createProgressBar } from '../output/progress.js'
import { countStops, renderStopSummary, renderStopTable, type StopEntry } from '../output/render.js'
import { errorJson, errorLine, handleText, snapshotJson, stopResultJson } from '../output/views.js'
import { matchLine, parseScopeArgument, renderRunTable } from './list.js'
import { stopHandlesAsJsonl, streamScopeAsJsonl } from './stop-all-jsonl.js'

/** Runs shown before the confirmation question. */
export const PREVIEW_COUNT = 10

/** Options of `runstop stop --all`, as parsed from the command line. */
export interface StopAllCommandOptions {
  readonly json?: boolean
  readonly statuses?: readonly RunStatus[]
  readonly reason?: string
  readonly errorCode?: string
  /** List and print what would be stopped; stop nothing. */
  readonly dryRun?: boolean
  /** Stop without asking. Required when stdin is not a terminal. */
  readonly yes?: boolean
  /** Deadline for each list page and each stop. */
  readonly timeoutMs?: number
  readonly concurrency?: number
  readonly perProvider?: number
  /** `jsonl`: one JSON line per run as it finishes, then a summary line (see stop-all-jsonl.ts). */
  readonly output?: 'jsonl'
}

/** A terminal we can ask on: stdin (for the answer) is a TTY. */
function interactive(ctx: CommandContext): boolean {
  return (ctx.io.stdin as { isTTY?: boolean }).isTTY === true
}

/** Reads one line of stdin (the answer); an empty string at end of input or on Ctrl-C (`signal`). */
async function readAnswer(ctx: CommandContext, signal: AbortSignal): Promise<string> {
  const lines = createInterface({ input: ctx.io.stdin, terminal: false })
  const interrupted = new Promise<string>((resolve) => {
    if (signal.aborted) resolve('')
    signal.addEventListener('abort', () => resolve(''), { once: true })
  })
  const answered = new Promise<string>((resolve) => {
    lines.once('line', resolve)
    lines.once('close', () => resolve(''))
  })
  try {
    return await Promise.race([answered, interrupted])
  } finally {
    lines.close()
    ctx.io.stdin.pause()
  }
}

/** Every matching run, listed in full before anything is stopped (the confirmation needs the count). */
async function listAll(
  ctx: CommandContext,
  scope: RunScope,
  statuses: readonly RunStatus[],
  options: StopAllCommandOptions,
  signal: AbortSignal,
): Promise<{ runs: RunSnapshot[]; error?: RunError }> {
  const runs: RunSnapshot[] = []
  for await (const item of ctx.controller().controller.listRuns(scope, {
    statuses,
    signal,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })) {
    if (item.isErr()) return { runs, error: item.error }
    runs.push(item.value)
  }
  return { runs }
}

function batchOptions(options: StopAllCommandOptions, signal: AbortSignal): StopManyOptions {
  return {
    signal,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.perProvider === undefined ? {} : { perProvider: options.perProvider }),
  }
}

function entriesOf(report: BatchStopReport): StopEntry[] {
  return [
    ...report.stopped.map((result): StopEntry => ({ handle: result.handle, ok: true, result })),
    ...report.stopRequested.map((result): StopEntry => ({ handle: result.handle, ok: true, result })),
    ...report.alreadyTerminal.map((result): StopEntry => ({ handle: result.handle, ok: true, result })),
    ...report.failed.map(
      (failure): StopEntry => ({ handle: failure.handle, ok: false, error: failure.error }),
    ),
  ]
}

function printReport(ctx: CommandContext, scope: RunScope, report: BatchStopReport, json: boolean): number {
  const entries = entriesOf(report)
  const counts = countStops(entries)
  for (const entry of entries)
    if (!entry.ok) ctx.output.err(`error: ${handleText(entry.handle)}: ${errorLine(entry.error)}\n`)
  if (report.inputError !== undefined)
    ctx.output.err(`error: listing ${formatScope(scope)} failed: ${errorLine(report.inputError)}\n`)
  if (report.aborted) ctx.output.err('error: interrupted; runs not yet sent are reported as ABORTED\n')
  const ok = counts.failed === 0 && !report.aborted && report.inputError === undefined
  if (json) {
    ctx.output.json({
      ok,
      scope: formatScope(scope),
      total: entries.length,
      counts,
      aborted: report.aborted,
      durationMs: report.durationMs,
      ...(report.inputError === undefined ? {} : { listError: errorJson(report.inputError) }),
      results: entries.map((entry) =>
        entry.ok
          ? { handle: handleText(entry.handle), ok: true, result: stopResultJson(entry.result) }
          : { handle: handleText(entry.handle), ok: false, error: errorJson(entry.error) },
      ),
    })
  } else if (entries.length === 0 && report.inputError === undefined) {
    ctx.output.out(matchLine(0, scope))
  } else {
    if (entries.length > 0) ctx.output.out(renderStopTable(entries))
    ctx.output.out(renderStopSummary(entries.length, counts, report.durationMs, report.aborted))
  }
  return ok ? 0 : 1
}

/**
 * `runstop stop --all <scope>`: every run of a workflow in `--status` (default pending,running).
 *
 * - `--dry-run`: lists and prints what would be stopped; sends no stop; exit 0 (1 if the listing failed).
 * - `--yes`: lists and stops as it goes (list pages stream into the batch engine).
 * - neither, on a terminal: lists everything first, prints the count and the first runs, asks
 *   `Stop N runs of <scope>? [y/N]`, then stops exactly the runs listed. Anything but y/yes stops nothing (exit 1).
 * - neither, without a terminal: refuses before sending anything (exit 2), naming `--yes`.
 *
 * A scope that selects nothing prints "0 runs match <scope>" and exits 0.
 */
export async function runStopAll(
  ctx: CommandContext,
  scopeArg: string,
  options: StopAllCommandOptions,
): Promise<number> {
  const cli = ctx.controller()
  const scope = parseScopeArgument(scopeArg, cli)
  const scopeText = formatScope(scope)
  const statuses = options.statuses ?? DEFAULT_STOP_ALL_STATUSES
  if (!options.dryRun && !options.yes && !interactive(ctx))
    throw new UsageError(
      `Refusing to stop every ${statuses.join('/')} run of ${scopeText} without confirmation: stdin is not a terminal. Pass --yes to stop them, or --dry-run to see which runs match.`,
    )
  const abort = new AbortController()
  const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
  try {
    if (options.output === 'jsonl' && (options.yes || options.dryRun))
      return await streamScopeAsJsonl(ctx, scope, statuses, options, abort.signal)
    if (options.yes && !options.dryRun) {
      const progress = createProgressBar(ctx.output, 'stopping')
      const report = await cli.controller.stopAll(scope, {
        ...batchOptions(options, abort.signal),
        statuses,
        onProgress: (batch) => progress.update(batch),
      })
      progress.finish()
      return printReport(ctx, scope, report, options.json === true)
    }

    const listed = await listAll(ctx, scope, statuses, options, abort.signal)
    const listError = listed.error
    if (listError !== undefined) {
      if (options.output === 'jsonl')
        return await stopHandlesAsJsonl(ctx, scope, [], options, abort.signal, () => listError)
      ctx.output.err(`error: listing ${scopeText} failed: ${errorLine(listError)}\n`)
      if (options.json) ctx.output.json({ ok: false, scope: scopeText, listError: errorJson(listError) })
      return 1
    }
    const runs = listed.runs
    if (options.dryRun) {
      if (options.json)
        ctx.output.json({
          ok: true,
          dryRun: true,
          scope: scopeText,
          statuses,
          count: runs.length,
          runs: runs.map(snapshotJson),
        })
      else {
        if (runs.length > 0) ctx.output.out(renderRunTable(runs))
        ctx.output.out(
          runs.length === 0
            ? matchLine(0, scope)
            : `${runs.length === 1 ? '1 run' : `${runs.length} runs`} would be stopped (dry run: nothing was sent).\n`,
        )
      }
      return 0
    }
    if (runs.length === 0) {
      if (options.output === 'jsonl') return await stopHandlesAsJsonl(ctx, scope, [], options, abort.signal)
      if (options.json) ctx.output.json({ ok: true, scope: scopeText, total: 0, results: [] })
      else ctx.output.out(matchLine(0, scope))
      return 0
    }
    // Ask on the terminal: the preview and the question go to stderr, so stdout stays the report.
    ctx.output.err(matchLine(runs.length, scope))
    ctx.output.err(renderRunTable(runs.slice(0, PREVIEW_COUNT)))
    if (runs.length > PREVIEW_COUNT) ctx.output.err(`… and ${runs.length - PREVIEW_COUNT} more\n`)
    ctx.output.err(`Stop ${runs.length === 1 ? '1 run' : `${runs.length} runs`} of ${scopeText}? [y/N] `)
    const answer = (await readAnswer(ctx, abort.signal)).trim().toLowerCase()
    if (answer !== 'y' && answer !== 'yes') {
      ctx.output.err('Nothing was stopped.\n')
      return 1
    }
    const handles: RunHandle[] = runs.map((run) => run.handle)
    if (options.output === 'jsonl')
      return await stopHandlesAsJsonl(ctx, scope, handles, options, abort.signal)
    const progress = createProgressBar(ctx.output, 'stopping')
    const report = await cli.controller.stopMany(handles, {
      ...batchOptions(options, abort.signal),
      onProgress: (batch) => progress.update(batch),
    })
    progress.finish()
    return printReport(ctx, scope, report, options.json === true)
  } finally {
    unsubscribe()
  }
}

/** The `stop` command's options that matter to `--all`, as commander parsed them. */
export interface StopAllFlags {
  readonly all?: boolean
  readonly status?: readonly RunStatus[]
  readonly dryRun?: boolean
  readonly yes?: boolean
  readonly json?: boolean
  readonly reason?: string
  readonly errorCode?: string
  readonly timeout?: number
  readonly concurrency?: number
  readonly perProvider?: number
  readonly output?: 'jsonl'
  readonly wait?: boolean
  readonly fromFile?: string
}

/**
 * The `stop` command's `--all` branch: checks that the arguments fit (`--all` takes exactly one
 * scope; `--status`, `--dry-run` and `--yes` need `--all`), then runs `runStopAll`. Returns
 * undefined when `--all` is not given and none of its options are (plain `stop` goes on).
 */
export async function stopAllFromCli(
  ctx: CommandContext,
  args: readonly string[],
  flags: StopAllFlags,
): Promise<number | undefined> {
  if (!flags.all) {
    const stray = [flags.status && '--status', flags.dryRun && '--dry-run', flags.yes && '--yes'].filter(
      Boolean,
    )
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only go with --all <scope>.`)
    return undefined
  }
  if (flags.fromFile !== undefined) throw new UsageError('--all takes a scope, not --from-file.')
  if (flags.json && flags.output === 'jsonl') throw new UsageError('Give --json or --output jsonl, not both.')
  if (flags.wait) throw new UsageError('--wait is not supported with --all; run `runstop list` afterwards.')
  if (args.length !== 1)
    throw new UsageError(
      `--all takes exactly one scope (runstop:<provider>?…), got ${args.length} arguments.`,
    )
  return runStopAll(ctx, args[0] as string, {
    json: flags.json === true,
    dryRun: flags.dryRun === true,
    yes: flags.yes === true,
    ...(flags.status === undefined ? {} : { statuses: flags.status }),
    ...(flags.reason === undefined ? {} : { reason: flags.reason }),
    ...(flags.errorCode === undefined ? {} : { errorCode: flags.errorCode }),
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    ...(flags.perProvider === undefined ? {} : { perProvider: flags.perProvider }),
    ...(flags.output === undefined ? {} : { output: flags.output }),
  })
}
