import type { BatchEntry, RunController, RunError, RunHandle, StopEachOptions } from '@runstop/core'
import { toRedactedData } from './json.js'
import { errorJson, handleText, stopResultJson } from './views.js'
import type { OutStream } from './writer.js'

/** What `--output jsonl` needs: where lines go, and the secrets they are scrubbed of. */
export interface JsonlSink {
  readonly stdout: OutStream
  readonly secrets: readonly string[]
}

/**
 * How the streamed batch ended (its last line, `{ summary: true, ok, total, counts, aborted,
 * durationMs, readError?, scope?, listError? }`, has been written): whether every run is stopped, stopping or
 * already finished, and the exit code that says so.
 */
export interface JsonlSummary {
  readonly ok: boolean
  readonly exitCode: 0 | 1
}

/** One line: the redacted JSON of `value` and a newline. */
export function jsonLine(value: unknown, secrets: readonly string[]): string {
  return `${JSON.stringify(toRedactedData(value, secrets))}\n`
}

/** The line of one finished stop: `{ handle, ok: true, result }` or `{ handle, ok: false, error }`. */
export function entryJson(entry: BatchEntry): unknown {
  const handle = handleText(entry.given)
  return entry.result.isOk()
    ? { handle, ok: true, result: stopResultJson(entry.result.value) }
    : { handle, ok: false, error: errorJson(entry.result.error) }
}

/** Writes `line`, and waits for stdout to drain when its buffer is full (flat memory). */
function write(stdout: OutStream, line: string): Promise<void> | undefined {
  let flushed: (() => void) | undefined
  const drained = new Promise<void>((resolve) => {
    flushed = resolve
  })
  return stdout.write(line, () => flushed?.()) ? undefined : drained
}

/** Writes one JSON line (redacted); a promise to await when stdout's buffer is full, else undefined. */
export function writeJsonLine(sink: JsonlSink, value: unknown): Promise<void> | undefined {
  return write(sink.stdout, jsonLine(value, sink.secrets))
}

/**
 * `runstop stop --output jsonl`: streams the batch (`stopEach`), one JSON line per run as it
 * finishes, then the summary line. Nothing is kept per run, and a slow reader of stdout slows the
 * batch down (backpressure) rather than filling memory.
 */
export async function streamStopsAsJsonl(
  sink: JsonlSink,
  controller: RunController,
  handles: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
  options: StopEachOptions & {
    readonly readError?: () => Error | undefined
    /** `stop --all`: the scope, named in the summary line. */
    readonly scope?: string
    /** `stop --all`: the listing's error that ended the input, if any (`listError` in the summary). */
    readonly listError?: () => RunError | undefined
  },
): Promise<JsonlSummary> {
  const started = Date.now()
  const stream = controller.stopEach(handles, options)
  for await (const entry of stream) {
    const pending = write(sink.stdout, jsonLine(entryJson(entry), sink.secrets))
    if (pending !== undefined) await pending
  }
  const summary = stream.summary()
  const readError = options.readError?.()
  const listError = options.listError?.()
  const ok =
    summary.counts.failed === 0 && !summary.aborted && readError === undefined && listError === undefined
  const line = jsonLine(
    {
      summary: true,
      ok,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      total: summary.total,
      counts: summary.counts,
      aborted: summary.aborted,
      durationMs: Date.now() - started,
      ...(readError === undefined ? {} : { readError: readError.message }),
      ...(listError === undefined ? {} : { listError: errorJson(listError) }),
    },
    sink.secrets,
  )
  await write(sink.stdout, line)
  return { ok, exitCode: ok ? 0 : 1 }
}
