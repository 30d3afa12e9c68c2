import type { BatchProgress, RunHandle, StopOptions, StopResult } from '@runstop/core'
import { mapWithConcurrency } from '../concurrency.js'
import type { CommandContext } from '../context.js'
import { onInterrupt, parseHandleArgument, UsageError } from '../context.js'
import type { CliController } from '../create-controller.js'
import { openHandleLines } from '../handle-lines.js'
import { streamStopsAsJsonl } from '../output/jsonl.js'
import { createProgressBar } from '../output/progress.js'
import { countStops, renderStopSummary, renderStopTable, type StopEntry } from '../output/render.js'
import { errorJson, errorLine, handleText, stopResultJson } from '../output/views.js'

export interface StopCommandOptions {
  readonly json?: boolean
  /** Stored by providers that can record it (Alibaba `Cause`); ignored by the rest. */
  readonly reason?: string
  /** Stored by providers that can record it (Alibaba `Error`). */
  readonly errorCode?: string
  /** Wait until each stopped run is terminal; the table then shows the final status. */
  readonly wait?: boolean
  /** Deadline for each stop call and, with `wait`, for each wait. */
  readonly timeoutMs?: number
  /** First poll interval of the wait. */
  readonly pollIntervalMs?: number
  /** One handle string per line; `-` for stdin. */
  readonly fromFile?: string
  /** Stops in flight at once. Default 8 for handles on the command line, 16 for a file. */
  readonly concurrency?: number
  /** `jsonl`: one JSON line per run as it finishes, then a summary line (see output/jsonl.ts). */
  readonly output?: 'jsonl'
}

/** Default in-flight stops for handles given on the command line. */
export const DEFAULT_ARGUMENT_CONCURRENCY = 8

interface BatchOutcome {
  readonly entries: readonly StopEntry[]
  readonly aborted: boolean
  readonly readError?: Error
}

/**
 * `runstop stop <handle…>` and `runstop stop --from-file <file|->`. Exit 0 when every run is
 * stopped, stopping or already finished; 1 when any stop failed (or the batch was interrupted);
 * a bad handle on the command line, a missing file or conflicting options are usage errors (2).
 *
 * JSON: `{ ok, total, counts: { stopped, stopRequested, alreadyTerminal, failed }, aborted,
 * durationMs, results: [{ handle, ok: true, result } | { handle, ok: false, error }] }`.
 */
export async function runStop(
  ctx: CommandContext,
  handleArgs: readonly string[],
  options: StopCommandOptions,
): Promise<number> {
  if (options.fromFile !== undefined && handleArgs.length > 0)
    throw new UsageError('Give handles either as arguments or with --from-file, not both.')
  if (options.fromFile === undefined && handleArgs.length === 0)
    throw new UsageError('Nothing to stop: give at least one handle, or --from-file <file|->.')
  if (options.output === 'jsonl') return stopAsJsonl(ctx, handleArgs, options)
  const cli = ctx.controller()
  const started = Date.now()
  const abort = new AbortController()
  let outcome: BatchOutcome
  if (options.fromFile === undefined) {
    // Every handle is checked before the first stop is sent.
    const handles = handleArgs.map((arg) => parseHandleArgument(arg, cli))
    const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
    try {
      outcome = await stopArguments(ctx, cli, handles, options, abort.signal)
    } finally {
      unsubscribe()
    }
  } else {
    const source = await openHandleLines(options.fromFile, ctx.io.stdin)
    const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
    try {
      outcome = await stopFromLines(ctx, cli, source.lines, options, abort.signal)
    } finally {
      unsubscribe()
    }
    const readError = source.readError()
    if (readError !== undefined) outcome = { ...outcome, readError }
  }
  return report(ctx, outcome, Date.now() - started, options)
}

/** `--output jsonl`: the batch streamed, one line per run as it finishes (flat memory). */
async function stopAsJsonl(
  ctx: CommandContext,
  handleArgs: readonly string[],
  options: StopCommandOptions,
): Promise<number> {
  if (options.json) throw new UsageError('Give --json or --output jsonl, not both.')
  if (options.wait) throw new UsageError('--output jsonl does not combine with --wait.')
  const cli = ctx.controller()
  const handles = options.fromFile === undefined ? handleArgs.map((arg) => parseHandleArgument(arg, cli)) : []
  const source =
    options.fromFile === undefined ? undefined : await openHandleLines(options.fromFile, ctx.io.stdin)
  const abort = new AbortController()
  const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
  try {
    const { signal } = abort
    const summary = await streamStopsAsJsonl(
      { stdout: ctx.io.stdout, secrets: ctx.output.secrets },
      cli.controller,
      source?.lines ?? handles,
      {
        signal,
        ...(options.concurrency !== undefined || source === undefined
          ? { concurrency: options.concurrency ?? DEFAULT_ARGUMENT_CONCURRENCY }
          : {}),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(source === undefined ? {} : { readError: () => source.readError() }),
      },
    )
    if (signal.aborted) ctx.output.err('error: interrupted; handles not yet sent are reported as ABORTED\n')
    return summary.exitCode
  } finally {
    unsubscribe()
  }
}

function stopOptionsFor(options: StopCommandOptions, signal: AbortSignal): StopOptions {
  return {
    signal,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.wait
      ? {
          wait: {
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
            ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
          },
        }
      : {}),
  }
}

function tally(
  entries: readonly StopEntry[],
  done: number,
  total: number | undefined,
  inFlight: number,
): BatchProgress {
  const counts = countStops(entries)
  return { done, ...(total === undefined ? {} : { total }), inFlight, ...counts }
}

async function stopArguments(
  ctx: CommandContext,
  cli: CliController,
  handles: readonly RunHandle[],
  options: StopCommandOptions,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const progress =
    handles.length > 1
      ? createProgressBar(ctx.output, options.wait ? 'stopping + waiting' : 'stopping')
      : undefined
  const finished: StopEntry[] = []
  let started = 0
  const stopOptions = stopOptionsFor(options, signal)
  const entries = await mapWithConcurrency(
    handles,
    options.concurrency ?? DEFAULT_ARGUMENT_CONCURRENCY,
    async (handle): Promise<StopEntry> => {
      started++
      const result = await cli.controller.stop(handle, stopOptions)
      const entry: StopEntry = result.isOk()
        ? { handle, ok: true, result: result.value }
        : { handle, ok: false, error: result.error }
      finished.push(entry)
      progress?.update(tally(finished, finished.length, handles.length, started - finished.length))
      return entry
    },
  )
  progress?.finish()
  return { entries, aborted: signal.aborted }
}

async function stopFromLines(
  ctx: CommandContext,
  cli: CliController,
  lines: AsyncIterable<string>,
  options: StopCommandOptions,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const progress = createProgressBar(ctx.output, 'stopping')
  const report = await cli.controller.stopMany(lines, {
    signal,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    onProgress: (batch) => progress.update(batch),
  })
  progress.finish()
  const settled: StopEntry[] = [
    ...report.stopped.map((result) => ({ handle: result.handle, ok: true as const, result })),
    ...report.alreadyTerminal.map((result) => ({ handle: result.handle, ok: true as const, result })),
  ]
  const requested = options.wait
    ? await waitForRequested(ctx, cli, report.stopRequested, options, signal)
    : report.stopRequested.map((result): StopEntry => ({ handle: result.handle, ok: true, result }))
  const failed = report.failed.map(
    (failure): StopEntry => ({ handle: failure.handle, ok: false, error: failure.error }),
  )
  return { entries: [...settled, ...requested, ...failed], aborted: report.aborted || signal.aborted }
}

/**
 * `--from-file --wait`: the batch stops everything first, then the runs still winding down are
 * waited for (as `stop(…, { wait })` does for one run: `stopped` when the run ended stopped,
 * otherwise `stop_requested` with the terminal status it reached).
 */
async function waitForRequested(
  ctx: CommandContext,
  cli: CliController,
  requested: readonly StopResult[],
  options: StopCommandOptions,
  signal: AbortSignal,
): Promise<StopEntry[]> {
  const progress = requested.length > 1 ? createProgressBar(ctx.output, 'waiting') : undefined
  const finished: StopEntry[] = []
  let started = 0
  const entries = await mapWithConcurrency(
    requested,
    options.concurrency ?? 16,
    async (stop): Promise<StopEntry> => {
      started++
      const waited = await cli.controller.waitForTerminal(stop.handle, {
        signal,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      })
      const entry: StopEntry = waited.isOk()
        ? {
            handle: stop.handle,
            ok: true,
            result: {
              ...stop,
              outcome: waited.value.status === 'stopped' ? 'stopped' : 'stop_requested',
              status: waited.value.status,
              providerStatus: waited.value.providerStatus,
            },
          }
        : {
            handle: stop.handle,
            ok: false,
            error: waited.error.with({ details: { ...waited.error.details, stopOutcome: stop.outcome } }),
          }
      finished.push(entry)
      progress?.update(tally(finished, finished.length, requested.length, started - finished.length))
      return entry
    },
  )
  progress?.finish()
  return entries
}

function report(
  ctx: CommandContext,
  outcome: BatchOutcome,
  durationMs: number,
  options: StopCommandOptions,
): number {
  const { entries, aborted, readError } = outcome
  const counts = countStops(entries)
  for (const entry of entries) {
    if (!entry.ok) ctx.output.err(`error: ${handleText(entry.handle)}: ${errorLine(entry.error)}\n`)
  }
  if (readError !== undefined) ctx.output.err(`error: reading handles failed: ${readError.message}\n`)
  if (aborted) ctx.output.err('error: interrupted; handles not yet sent are reported as ABORTED\n')
  const ok = counts.failed === 0 && !aborted && readError === undefined
  if (options.json) {
    ctx.output.json({
      ok,
      total: entries.length,
      counts,
      aborted,
      durationMs,
      ...(readError === undefined ? {} : { readError: readError.message }),
      results: entries.map((entry) =>
        entry.ok
          ? { handle: handleText(entry.handle), ok: true, result: stopResultJson(entry.result) }
          : { handle: handleText(entry.handle), ok: false, error: errorJson(entry.error) },
      ),
    })
  } else {
    if (entries.length > 0) ctx.output.out(renderStopTable(entries))
    ctx.output.out(renderStopSummary(entries.length, counts, durationMs, aborted))
  }
  return ok ? 0 : 1
}
