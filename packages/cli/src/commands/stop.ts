import {
  type BatchStopReport,
  DEFAULT_BATCH,
  formatHandle,
  type RunHandle,
  type StopResult,
} from '@runstop/core'
import { mapWithConcurrency } from '../concurrency.js'
import type { CommandContext } from '../context.js'
import { checkHandleText, onInterrupt, parseHandleArgument, UsageError } from '../context.js'
import type { CliController } from '../create-controller.js'
import { DispatchGate } from '../dispatch-gate.js'
import { openHandleLines } from '../handle-lines.js'
import { InterruptControl } from '../interrupt-control.js'
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
  /** Wait until each stopped run is terminal (after every stop was sent); the table then shows the final status. */
  readonly wait?: boolean
  /** Deadline for each stop call and, with `wait`, for each wait. */
  readonly timeoutMs?: number
  /** First poll interval of the wait. */
  readonly pollIntervalMs?: number
  /** One handle string per line; `-` for stdin. */
  readonly fromFile?: string
  /** Stops in flight at once, in all (and waits in flight, with `wait`). Default `DEFAULT_BATCH.concurrency`. */
  readonly concurrency?: number
  /** Stops in flight at once for any one provider. Default `DEFAULT_BATCH.perProvider`. */
  readonly perProvider?: number
  /** `jsonl`: one JSON line per run as it finishes, then a summary line (see output/jsonl.ts). */
  readonly output?: 'jsonl'
}

/** The exit code after Ctrl-C, as a shell reports a command ended by SIGINT. */
export const EXIT_INTERRUPTED = 130

interface BatchOutcome {
  readonly entries: readonly StopEntry[]
  /** Canonical handle strings whose stop reached the wire. */
  readonly sent: (key: string) => boolean
  readonly interrupted: boolean
  /** The second Ctrl-C ended the reading of the input. */
  readonly quit: boolean
  readonly duplicates: number
  readonly readError?: Error
}

/** Handles read ahead of dispatch: `concurrency ×` this, as `stopMany` itself reads ahead. */
const READ_AHEAD_FACTOR = 4

/** A handle read from the input and checked; `index` is its place in the input. */
interface ReadHandle {
  readonly kind: 'handle'
  readonly handle: RunHandle
  readonly key: string
  readonly index: number
}

/** One line of input, read and checked. */
type ReadItem = ReadHandle | { readonly kind: 'invalid'; readonly text: string } | { readonly kind: 'end' }

function iteratorOf<T>(input: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]()
}

/** The canonical string of a handle as the batch reports it, for matching and de-duplication. */
function keyOf(handle: RunHandle | string): string {
  return typeof handle === 'string' ? handle : formatHandle(handle)
}

/**
 * `runstop stop <handle…>` and `runstop stop --from-file <file|->`: both go through the library's
 * batch engine (`stopMany`). Exit 0 when every run is stopped, stopping or already finished; 1 when
 * any stop failed; 130 after Ctrl-C. A bad handle on the command line, a missing or empty file or
 * conflicting options are usage errors (2).
 *
 * Duplicate handles (same canonical string) are stopped and reported once. With `wait`, every
 * stop is sent first, then the runs still winding down are waited for.
 *
 * Ctrl-C: the first one stops handing handles to the batch; stops in flight get a short grace
 * (`INTERRUPT_GRACE_MS`) to be answered, then the batch is aborted; each handle is reported with
 * its outcome, `not_sent`, or `outcome_unknown` (sent, no answer). A second Ctrl-C aborts at once
 * and stops reading the input.
 *
 * JSON: `{ ok, total, counts: { stopped, stopRequested, alreadyTerminal, failed, notSent,
 * outcomeUnknown }, aborted, interrupted, duplicatesDropped, durationMs, results: [{ handle, sent,
 * ok: true, result } | { handle, sent, ok: false, interrupted?, error }] }`, in input order.
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
  let outcome: BatchOutcome
  if (options.fromFile === undefined) {
    // Every handle is checked before the first stop is sent.
    const texts = handleArgs.map((arg) => formatHandle(parseHandleArgument(arg, cli)))
    outcome = await stopAndWait(ctx, cli, texts, new Set(texts).size, options)
  } else {
    const source = await openHandleLines(options.fromFile, ctx.io.stdin)
    outcome = await stopAndWait(ctx, cli, source.lines, undefined, options)
    const readError = source.readError()
    if (readError !== undefined) outcome = { ...outcome, readError }
    if (outcome.entries.length === 0 && readError === undefined && !outcome.interrupted)
      throw new UsageError(`Nothing to stop: "${options.fromFile}" holds no handle.`)
  }
  return report(ctx, outcome, Date.now() - started, options)
}

/** Sends every stop through `stopMany`, then (with `wait`) waits for the runs still stopping. */
async function stopAndWait(
  ctx: CommandContext,
  cli: CliController,
  texts: Iterable<string> | AsyncIterable<string>,
  total: number | undefined,
  options: StopCommandOptions,
): Promise<BatchOutcome> {
  const limits = {
    concurrency: options.concurrency ?? DEFAULT_BATCH.concurrency,
    perProvider: options.perProvider ?? DEFAULT_BATCH.perProvider,
  }
  const gate = new DispatchGate(limits)
  const interrupt = new InterruptControl(ctx, {
    onFirst: () => gate.close(),
    describe: () => `no new stops are sent; ${gate.inFlight} in flight may still be answered`,
    drained: () => gate.inFlight === 0,
  })
  /** Input order of each canonical handle string; also the de-duplication set. */
  const order = new Map<string, number>()
  let duplicates = 0
  const stopHooks = (key: string, operation: string) => operation === 'stop' && order.has(key)
  const unobserve = cli.observe({
    onAttempt: (event) => {
      const key = formatHandle(event.handle)
      if (stopHooks(key, event.operation)) gate.attempted(key)
    },
    onResult: (event) => {
      const key = keyOf(event.handle)
      if (!stopHooks(key, event.operation)) return
      gate.settled(key)
      interrupt.check()
    },
  })

  /** The next input value, or `quit` when a second Ctrl-C comes first (a terminal on stdin may never send one). */
  const input = iteratorOf(texts)
  const nextOrQuit = () =>
    new Promise<IteratorResult<string> | 'quit'>((resolve, reject) => {
      if (interrupt.quit) return resolve('quit')
      const off = interrupt.onQuit(() => resolve('quit'))
      Promise.resolve(input.next()).then(
        (step) => {
          off()
          resolve(step)
        },
        (error: unknown) => {
          off()
          reject(error)
        },
      )
    })

  /** Reads the next input line: a checked, new handle; a string that did not check out; or the end. */
  const readNext = async (): Promise<ReadItem> => {
    for (;;) {
      const step = await nextOrQuit()
      if (step === 'quit' || step.done) return { kind: 'end' }
      const text = step.value.trim()
      const checked = checkHandleText(text, cli)
      const key = checked.isOk() ? formatHandle(checked.value) : text
      if (order.has(key)) {
        duplicates++
        continue
      }
      const index = order.size
      order.set(key, index)
      return checked.isOk()
        ? { kind: 'handle', handle: checked.value, key, index }
        : { kind: 'invalid', text }
    }
  }

  /**
   * The batch's input: trimmed, checked and de-duplicated handles, each handed over only when the
   * gate says it can be sent at once. Like `stopMany`, it reads ahead (up to `concurrency × 4`
   * handles, queued per provider), so a provider at its limit does not hold back the handles of
   * another; among the providers with room, the handle read first goes first. After the first
   * Ctrl-C nothing more is handed over until the batch is aborted; the handles read ahead and the
   * rest of the input then go to the aborted batch, which reports them `ABORTED` without sending
   * anything. After a second Ctrl-C the input is not read further. While the input is slow (a
   * terminal, a pipe that stays open), a read under way never holds back a handle already read:
   * the gate's next change (the stop before it sent or settled) is awaited alongside it.
   */
  async function* feed(): AsyncGenerator<RunHandle | string> {
    const ready = new Map<string, ReadHandle[]>()
    let readyCount = 0
    const readAhead = limits.concurrency * READ_AHEAD_FACTOR
    let inputDone = false
    /** A read of the input under way, kept across a gate change so that no line is lost. */
    let reading: Promise<ReadItem> | undefined
    const read = (): Promise<ReadItem> => {
      if (reading === undefined) {
        reading = readNext()
        // Awaited later (or dropped after a second Ctrl-C, when it has ended 'quit'): never unhandled.
        reading.catch(() => {})
      }
      return reading
    }
    const takeSendable = (): ReadHandle | undefined => {
      let best: ReadHandle[] | undefined
      for (const [provider, queue] of ready) {
        const head = queue[0]
        if (
          head !== undefined &&
          gate.hasRoom(provider) &&
          (best === undefined || head.index < (best[0] as ReadHandle).index)
        )
          best = queue
      }
      if (best === undefined) return undefined
      readyCount--
      return best.shift()
    }
    while (!interrupt.interrupted) {
      const item = takeSendable()
      if (item !== undefined) {
        gate.admit(item.key, item.handle.provider)
        yield item.handle
        continue
      }
      if (!inputDone && readyCount < readAhead) {
        // With a handle read but not sendable yet, the gate may open before the next line comes.
        const got = await (readyCount === 0 ? read() : Promise.race([read(), gate.changed()]))
        if (got === undefined) continue
        reading = undefined
        if (got.kind === 'end') inputDone = true
        // The batch reports a handle that does not check out as failed; nothing is sent for it.
        else if (got.kind === 'invalid') yield got.text
        else {
          const queue = ready.get(got.handle.provider)
          if (queue === undefined) ready.set(got.handle.provider, [got])
          else queue.push(got)
          readyCount++
        }
        continue
      }
      if (inputDone && readyCount === 0) return
      await gate.changed()
    }
    const readRest = await interrupt.whenAborted()
    // Handles already read are reported (not sent) even after a second Ctrl-C; unread ones are not read.
    for (const queue of ready.values()) for (const item of queue) yield item.handle
    while (readRest && !inputDone && !interrupt.quit) {
      const rest = await read()
      reading = undefined
      if (rest.kind === 'end') inputDone = true
      else yield rest.kind === 'invalid' ? rest.text : rest.handle
    }
  }

  try {
    const progress = createProgressBar(ctx.output, 'stopping')
    const batch = await cli.controller.stopMany(feed(), {
      signal: interrupt.signal,
      concurrency: limits.concurrency,
      perProvider: limits.perProvider,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      onProgress: (state) => progress.update(total === undefined ? state : { ...state, total }),
    })
    progress.finish()
    const sent = (key: string) => gate.wasSent(key)
    let entries = entriesOf(batch, sent, interrupt.interrupted)
    if (options.wait && !interrupt.interrupted) {
      entries = await waitForRequested(ctx, cli, entries, options, limits.concurrency, interrupt)
    }
    const rank = (entry: StopEntry) =>
      order.get(keyOf(entry.ok ? entry.result.handle : entry.handle)) ?? Number.MAX_SAFE_INTEGER
    return {
      entries: [...entries].sort((a, b) => rank(a) - rank(b)),
      sent,
      interrupted: interrupt.interrupted,
      quit: interrupt.quit,
      duplicates,
    }
  } finally {
    unobserve()
    interrupt.dispose()
  }
}

/**
 * The batch report as entries. After an interrupt, an `ABORTED` stop is not a failure: it is
 * `outcome_unknown` when its request was sent (the hooks saw it dispatched, or the error says
 * `details.sent`), otherwise `not_sent`.
 */
function entriesOf(
  batch: BatchStopReport,
  sent: (key: string) => boolean,
  interrupted: boolean,
): StopEntry[] {
  const done = (result: StopResult): StopEntry => ({ handle: result.handle, ok: true, result })
  return [
    ...batch.stopped.map(done),
    ...batch.alreadyTerminal.map(done),
    ...batch.stopRequested.map(done),
    ...batch.failed.map((failure): StopEntry => {
      const entry = { handle: failure.handle, ok: false as const, error: failure.error }
      if (!interrupted || failure.error.code !== 'ABORTED') return entry
      const wasSent = sent(keyOf(failure.handle)) || failure.error.details?.sent === true
      return { ...entry, interrupted: wasSent ? 'outcome_unknown' : 'not_sent' }
    }),
  ]
}

/**
 * `--wait`: once every stop was sent, the runs still winding down are waited for (as
 * `stop(…, { wait })` does for one run: `stopped` when the run ended stopped, otherwise
 * `stop_requested` with the terminal status it reached). A wait that Ctrl-C ended leaves the
 * stop's own result, marked `waitInterrupted`: the stop was accepted, it did not fail.
 */
async function waitForRequested(
  ctx: CommandContext,
  cli: CliController,
  entries: readonly StopEntry[],
  options: StopCommandOptions,
  concurrency: number,
  interrupt: InterruptControl,
): Promise<StopEntry[]> {
  const requested = entries.filter((entry) => entry.ok && entry.result.outcome === 'stop_requested')
  if (requested.length === 0) return [...entries]
  const progress = requested.length > 1 ? createProgressBar(ctx.output, 'waiting') : undefined
  let waiting = 0
  const tally = { done: 0, stopped: 0, stopRequested: 0, alreadyTerminal: 0, failed: 0 }
  interrupt.enter({
    describe: () => `every stop was sent; ${waiting} run(s) still being waited for`,
    drained: () => waiting === 0,
  })
  const waitOne = async (entry: StopEntry): Promise<StopEntry> => {
    if (!entry.ok) return entry
    waiting++
    const waited = await waitFor(entry)
    waiting--
    tally.done++
    if (!waited.ok) tally.failed++
    else if (waited.result.outcome === 'stopped') tally.stopped++
    else tally.stopRequested++
    progress?.update({ ...tally, total: requested.length, inFlight: waiting })
    interrupt.check()
    return waited
  }
  const waitFor = async (entry: StopEntry & { ok: true }): Promise<StopEntry> => {
    const stop = entry.result
    const result = await cli.controller.waitForTerminal(stop.handle, {
      signal: interrupt.signal,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    })
    if (result.isOk())
      return {
        handle: stop.handle,
        ok: true,
        result: {
          ...stop,
          outcome: result.value.status === 'stopped' ? 'stopped' : 'stop_requested',
          status: result.value.status,
          providerStatus: result.value.providerStatus,
        },
      }
    if (result.error.code === 'ABORTED' && interrupt.interrupted) return { ...entry, waitInterrupted: true }
    return {
      handle: stop.handle,
      ok: false,
      error: result.error.with({ details: { ...result.error.details, stopOutcome: stop.outcome } }),
    }
  }
  const waited = await mapWithConcurrency(requested, concurrency, waitOne)
  progress?.finish()
  const byHandle = new Map(waited.map((entry) => [keyOf(entry.handle), entry]))
  return entries.map((entry) => byHandle.get(keyOf(entry.handle)) ?? entry)
}

function report(
  ctx: CommandContext,
  outcome: BatchOutcome,
  durationMs: number,
  options: StopCommandOptions,
): number {
  const { entries, interrupted, readError, duplicates } = outcome
  const counts = countStops(entries)
  if (duplicates > 0)
    ctx.output.err(`note: ${duplicates} duplicate handle(s) dropped; each run is stopped and reported once\n`)
  // One line per real failure; interrupted stops are summed up in one line below.
  for (const entry of entries) {
    if (!entry.ok && entry.interrupted === undefined)
      ctx.output.err(`error: ${handleText(entry.handle)}: ${errorLine(entry.error)}\n`)
  }
  if (readError !== undefined) ctx.output.err(`error: reading handles failed: ${readError.message}\n`)
  if (interrupted) {
    const answered = entries.length - counts.notSent - counts.outcomeUnknown
    const unread = outcome.quit ? '; the rest of the input was not read' : ''
    ctx.output.err(
      `interrupted: ${answered} answered (see the report), ${counts.notSent} not sent, ${counts.outcomeUnknown} sent with outcome unknown${unread}\n`,
    )
  }
  const ok = counts.failed === 0 && !interrupted && readError === undefined
  if (options.json) {
    ctx.output.json({
      ok,
      total: entries.length,
      counts,
      aborted: interrupted,
      interrupted,
      duplicatesDropped: duplicates,
      durationMs,
      ...(readError === undefined ? {} : { readError: readError.message }),
      results: entries.map((entry) => {
        const handle = handleText(entry.handle)
        if (entry.ok)
          return {
            handle,
            sent: true,
            ok: true,
            result: stopResultJson(entry.result),
            ...(entry.waitInterrupted ? { waitInterrupted: true } : {}),
          }
        const sent =
          entry.interrupted === undefined
            ? outcome.sent(keyOf(entry.handle)) || entry.error.details?.sent === true
            : entry.interrupted === 'outcome_unknown'
        return {
          handle,
          sent,
          ok: false,
          ...(entry.interrupted === undefined ? {} : { interrupted: entry.interrupted }),
          error: errorJson(entry.error),
        }
      }),
    })
  } else {
    if (entries.length > 0) ctx.output.out(renderStopTable(entries))
    ctx.output.out(renderStopSummary(entries.length, counts, durationMs, interrupted))
  }
  if (interrupted) return EXIT_INTERRUPTED
  return ok ? 0 : 1
}

/**
 * `--output jsonl`: the batch streamed through `stopEach`, one line per run as it finishes (flat
 * memory, whatever the number of runs). Ctrl-C aborts the batch: handles not yet sent are reported
 * `ABORTED` with `details.sent: false`, stops on the wire with `details.sent: true`.
 */
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
        concurrency: options.concurrency ?? DEFAULT_BATCH.concurrency,
        perProvider: options.perProvider ?? DEFAULT_BATCH.perProvider,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(source === undefined ? {} : { readError: () => source.readError() }),
      },
    )
    if (signal.aborted) ctx.output.err('error: interrupted; handles not yet sent are reported as ABORTED\n')
    return signal.aborted ? EXIT_INTERRUPTED : summary.exitCode
  } finally {
    unsubscribe()
  }
}
