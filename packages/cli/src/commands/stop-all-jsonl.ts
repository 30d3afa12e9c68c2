import {
  DEFAULT_BATCH,
  formatScope,
  type RunError,
  type RunHandle,
  type RunScope,
  type RunStatus,
} from '@runstop/core'
import type { CommandContext } from '../context.js'
import { type JsonlSink, streamStopsAsJsonl, writeJsonLine } from '../output/jsonl.js'
import { errorJson, errorLine, handleText, snapshotJson } from '../output/views.js'
import { EXIT_INTERRUPTED } from './stop.js'
import type { StopAllCommandOptions } from './stop-all.js'

// `runstop stop --all <scope> --output jsonl`: the scope's listing fed, page by page, into the same
// streaming path as `stop --output jsonl` for handles (`streamStopsAsJsonl`, on `stopEach`). One
// line per run as it finishes, then the summary line; nothing is kept per run.

function sinkOf(ctx: CommandContext): JsonlSink {
  return { stdout: ctx.io.stdout, secrets: ctx.output.secrets }
}

function listOptions(statuses: readonly RunStatus[], options: StopAllCommandOptions, signal: AbortSignal) {
  return {
    statuses,
    signal,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }
}

/** Exit code and stderr note once the stream has ended: 130 after Ctrl-C, as the other stop paths. */
function finish(
  ctx: CommandContext,
  scope: RunScope,
  signal: AbortSignal,
  listError: RunError | undefined,
  dryRun = false,
) {
  if (listError !== undefined && !signal.aborted)
    ctx.output.err(`error: listing ${formatScope(scope)} failed: ${errorLine(listError)}\n`)
  if (signal.aborted)
    ctx.output.err(
      dryRun
        ? 'error: interrupted; the listing did not complete (dry run: nothing was stopped)\n'
        : 'error: interrupted; runs listed but not yet sent are reported as ABORTED, runs not yet listed were not stopped\n',
    )
}

/**
 * Stops `handles` (a listing as it streams, or the runs confirmed on the terminal) and prints one
 * line per run, then the summary (`scope`, and `listError` when `listError()` says the listing
 * ended early). Ctrl-C (`signal`) aborts the batch: runs not yet sent end `ABORTED` with
 * `details.sent: false`, stops on the wire `details.sent: true`; exit 130.
 */
export async function stopHandlesAsJsonl(
  ctx: CommandContext,
  scope: RunScope,
  handles: Iterable<RunHandle> | AsyncIterable<RunHandle>,
  options: StopAllCommandOptions,
  signal: AbortSignal,
  listError: () => RunError | undefined = () => undefined,
): Promise<number> {
  const concurrency = options.concurrency ?? DEFAULT_BATCH.concurrency
  const summary = await streamStopsAsJsonl(sinkOf(ctx), ctx.controller().controller, handles, {
    signal,
    concurrency,
    ...(options.perProvider === undefined ? {} : { perProvider: options.perProvider }),
    // One scope is one provider: reading far ahead would only hold listed runs in memory.
    readAhead: concurrency * 4,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    scope: formatScope(scope),
    listError,
  })
  finish(ctx, scope, signal, listError())
  return signal.aborted ? EXIT_INTERRUPTED : summary.exitCode
}

/**
 * `stop --all <scope> --output jsonl` with `--yes` or `--dry-run` (no question to ask, so nothing
 * needs to be listed in full first). `--yes`: the listing streams into the batch. `--dry-run`: one
 * line per matching run, `{ handle, dryRun: true, run }`, then `{ summary: true, ok, dryRun: true,
 * scope, total, listError? }`; nothing is sent but the listing. A listing error ends the input and
 * is the summary's `listError` (exit 1); the runs before it are stopped (or printed) and reported.
 */
export async function streamScopeAsJsonl(
  ctx: CommandContext,
  scope: RunScope,
  statuses: readonly RunStatus[],
  options: StopAllCommandOptions,
  signal: AbortSignal,
): Promise<number> {
  const controller = ctx.controller().controller
  let listError: RunError | undefined
  if (options.dryRun) {
    const sink = sinkOf(ctx)
    let total = 0
    for await (const item of controller.listRuns(scope, listOptions(statuses, options, signal))) {
      if (item.isErr()) {
        listError = item.error
        break
      }
      total++
      const run = item.value
      const pending = writeJsonLine(sink, {
        handle: handleText(run.handle),
        dryRun: true,
        run: snapshotJson(run),
      })
      if (pending !== undefined) await pending
    }
    const ok = listError === undefined
    await writeJsonLine(sink, {
      summary: true,
      ok,
      dryRun: true,
      scope: formatScope(scope),
      total,
      ...(listError === undefined ? {} : { listError: errorJson(listError) }),
    })
    finish(ctx, scope, signal, listError, true)
    if (signal.aborted) return EXIT_INTERRUPTED
    return ok ? 0 : 1
  }
  async function* listed(): AsyncGenerator<RunHandle> {
    for await (const item of controller.listRuns(scope, listOptions(statuses, options, signal))) {
      if (item.isErr()) {
        listError = item.error
        return
      }
      yield item.value.handle
    }
  }
  return stopHandlesAsJsonl(ctx, scope, listed(), options, signal, () => listError)
}
