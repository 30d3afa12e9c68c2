import { redact } from '@runstop/core'
import { renderJson } from './json.js'

/** A stream the CLI writes to (`process.stdout`, `process.stderr` or a test double). */
export interface OutStream {
  /** Writes a chunk, like `stream.write`. */
  write(chunk: string, callback?: (error?: Error | null) => void): boolean
  /** True for a terminal: progress bars and colours only then. */
  readonly isTTY?: boolean
  /** The terminal's width, for tables. */
  readonly columns?: number
}

/**
 * Where every byte the CLI prints goes through: each string is passed through `redact` with the
 * secret values known from the environment before it reaches stdout or stderr.
 */
export class Output {
  readonly #stdout: OutStream
  readonly #stderr: OutStream
  readonly #secrets: readonly string[]

  constructor(stdout: OutStream, stderr: OutStream, secrets: readonly string[]) {
    this.#stdout = stdout
    this.#stderr = stderr
    this.#secrets = secrets
  }

  /** The secret values this output scrubs. */
  get secrets(): readonly string[] {
    return this.#secrets
  }

  /** True when stderr is a terminal (progress bars are drawn only then). */
  get stderrIsTTY(): boolean {
    return this.#stderr.isTTY === true
  }

  /** Terminal width of stderr, when known. */
  get stderrColumns(): number | undefined {
    return this.#stderr.columns
  }

  /** Scrubs `text` of secrets, as every write does. */
  redact(text: string): string {
    return redact(text, this.#secrets)
  }

  /** Writes redacted text to stdout. */
  out(text: string): void {
    this.#stdout.write(this.redact(text))
  }

  /** Writes redacted text to stderr. */
  err(text: string): void {
    this.#stderr.write(this.redact(text))
  }

  /** Writes the command's one JSON document (redacted, string by string) to stdout. */
  json(value: unknown): void {
    this.#stdout.write(renderJson(value, this.#secrets))
  }

  /**
   * Writes to stdout without redaction. Only for the emulator's own published test credentials,
   * which `runstop emulator` exists to print (redaction would blank `AWS_SECRET_ACCESS_KEY=…`).
   */
  outVerbatim(text: string): void {
    this.#stdout.write(text)
  }

  /** Raw stderr, for the progress bar's control sequences (numbers only, nothing to redact). */
  errRaw(text: string): void {
    this.#stderr.write(text)
  }

  /** Resolves once everything written so far has been handed to the OS. */
  async flush(): Promise<void> {
    await Promise.all(
      [this.#stdout, this.#stderr].map(
        (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
      ),
    )
  }
}
