import type { WaitOptions } from '@runstop/core'
import type { CommandContext } from '../context.js'
import { onInterrupt, parseHandleArgument } from '../context.js'
import { reportSnapshot } from './report-snapshot.js'

export interface WaitCommandOptions {
  readonly json?: boolean
  /** Give up after this long (default: the controller's 10 minutes). */
  readonly timeoutMs?: number
  /** First poll interval (default: the controller's 1 s, growing by backoff). */
  readonly pollIntervalMs?: number
}

/**
 * `runstop wait <handle>`: polls until the run is terminal and prints the final snapshot. Exit 0
 * when the run has ended (however it ended: see `status`), 1 on an error, including `TIMEOUT`
 * (which carries the last status seen) and an interrupt (`ABORTED`).
 *
 * JSON: as `get`.
 */
export async function runWait(
  ctx: CommandContext,
  handleArg: string,
  options: WaitCommandOptions,
): Promise<number> {
  const cli = ctx.controller()
  const handle = parseHandleArgument(handleArg, cli)
  const abort = new AbortController()
  const unsubscribe = onInterrupt(ctx.io, () => abort.abort(new Error('Interrupted')))
  const waitOptions: WaitOptions = {
    signal: abort.signal,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  }
  if (ctx.output.stderrIsTTY) ctx.output.err(`waiting for ${handle.provider} run to finish…\n`)
  let result: Awaited<ReturnType<typeof cli.controller.waitForTerminal>>
  try {
    result = await cli.controller.waitForTerminal(handle, waitOptions)
  } finally {
    unsubscribe()
  }
  return reportSnapshot(ctx, handleArg, result, options.json)
}
