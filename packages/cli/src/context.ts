import { parseHandle, type RunHandle } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'
import type { CliConfig, Env } from './config-from-env.js'
import type { CliController } from './create-controller.js'
import type { Output, OutStream } from './output/writer.js'

/** The process the CLI runs in, injectable for tests and programmatic use. */
export interface CliIo {
  /** Where results go. */
  readonly stdout: OutStream
  /** Where progress, warnings and errors go. */
  readonly stderr: OutStream
  /** Read by `stop --from-file -`. */
  readonly stdin: NodeJS.ReadableStream
  /** The environment the CLI reads its configuration from (`process.env` for the bin). */
  readonly env: Env
  /**
   * Subscribes to an interrupt (SIGINT / SIGTERM); returns the unsubscribe function. Batches abort
   * and the emulator shuts down on it. Without it, commands are not interruptible gracefully.
   */
  readonly onInterrupt?: (listener: InterruptListener) => () => void
}

/**
 * Told of each interrupt; `count` is 1 for the first, 2 for the second. A listener that lets a
 * batch drain on the first should end at once on the second.
 */
export type InterruptListener = (signal: string, count: number) => void

/** A mistake on the command line: printed with exit code 2 before anything is sent. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** What every command gets. */
export interface CommandContext {
  readonly io: CliIo
  readonly output: Output
  readonly config: CliConfig
  /** The controller with all three adapters, built on first use. */
  controller(): CliController
}

/**
 * Parses a handle string and checks it locally against its adapter: the `runstop:` syntax, a
 * provider the CLI knows, and the provider's own constraints. Nothing is sent. The error is a
 * sentence naming the handle.
 */
export function checkHandleText(text: string, cli: CliController): Result<RunHandle, string> {
  const parsed = parseHandle(text)
  if (parsed.isErr()) return err(`Invalid handle "${text}": ${parsed.error.message}`)
  const handle = parsed.value
  const adapter = cli.adapters.find((candidate) => candidate.provider === handle.provider)
  if (adapter === undefined) {
    const known = cli.adapters.map((candidate) => candidate.provider).join(', ')
    return err(`Invalid handle "${text}": unknown provider "${handle.provider}" (known: ${known}).`)
  }
  let checked: ReturnType<typeof adapter.validate>
  try {
    checked = adapter.validate(handle)
  } catch (error) {
    return err(`Invalid handle "${text}": ${error instanceof Error ? error.message : String(error)}`)
  }
  if (checked.isErr()) return err(`Invalid handle "${text}": ${checked.error.message}`)
  return ok(checked.value as RunHandle)
}

/**
 * A handle given on the command line, trimmed and checked with `checkHandleText`. Any failure is
 * a `UsageError` (exit 2); nothing has been sent.
 */
export function parseHandleArgument(text: string, cli: CliController): RunHandle {
  const checked = checkHandleText(text.trim(), cli)
  if (checked.isErr()) throw new UsageError(checked.error)
  return checked.value
}

/** Subscribes to interrupts when the io supports them; returns the unsubscribe function. */
export function onInterrupt(io: CliIo, listener: InterruptListener): () => void {
  return io.onInterrupt ? io.onInterrupt(listener) : () => {}
}
