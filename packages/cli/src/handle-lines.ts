import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { UsageError } from './context.js'

/** Handle strings read from a file or stdin, one per line, streamed. */
export interface HandleLines {
  /** Trimmed lines, without blank ones and `#` comments (whole-line or inline). Consumed once. */
  readonly lines: AsyncIterable<string>
  /** Set when reading failed part-way (the lines before it were still yielded). */
  readonly readError: () => Error | undefined
}

/**
 * One line without its comment, trimmed. A comment starts at a `#` that begins the line or follows
 * whitespace: `runstop:…  # nightly ETL` is the handle alone. A `#` inside a handle (which
 * `formatHandle` never writes: it percent-encodes it) is left for the handle parser to judge.
 */
export function withoutComment(line: string): string {
  const comment = line.search(/(^|\s)#/)
  return (comment === -1 ? line : line.slice(0, comment)).trim()
}

/**
 * Streams handle strings from a readable stream with `readline`: nothing is read whole into
 * memory, so a batch of millions of handles starts stopping at once. Blank lines and comments
 * (`withoutComment`) are skipped. A read error ends the stream; it is kept for
 * `readError()` rather than thrown into the batch.
 */
export function handleLinesFromStream(input: NodeJS.ReadableStream): HandleLines {
  let failure: Error | undefined
  async function* generate(): AsyncGenerator<string> {
    const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false })
    const onError = (error: Error) => {
      failure = error
      reader.close()
    }
    input.on('error', onError)
    try {
      for await (const line of reader) {
        const text = withoutComment(line)
        if (text.length > 0) yield text
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    } finally {
      input.off('error', onError)
      reader.close()
    }
  }
  return { lines: generate(), readError: () => failure }
}

/**
 * Opens `path` (or stdin for `-`) for `stop --from-file`. A file that cannot be opened is a
 * `UsageError` (exit 2), raised before any stop is sent.
 */
export async function openHandleLines(path: string, stdin: NodeJS.ReadableStream): Promise<HandleLines> {
  if (path === '-') return handleLinesFromStream(stdin)
  try {
    const file = await open(path, 'r')
    return handleLinesFromStream(file.createReadStream({ encoding: 'utf8' }))
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))
    throw new UsageError(`Cannot read handle file "${path}" (${reason}).`)
  }
}
