import type { CommandContext } from '../context.js'
import { parseHandleArgument } from '../context.js'
import { reportSnapshot } from './report-snapshot.js'

export interface GetCommandOptions {
  readonly json?: boolean
  /** Deadline for the call, retries included. */
  readonly timeoutMs?: number
}

/**
 * `runstop get <handle>`: one snapshot of the run. Exit 0 when the provider answered, 1 on an
 * error (printed with code, provider and request id); a bad handle is a usage error (2).
 *
 * JSON: `{ "ok": true, "handle": "runstop:…", "snapshot": {…} }` or
 * `{ "ok": false, "handle": "runstop:…", "error": { "code": …, … } }`.
 */
export async function runGet(
  ctx: CommandContext,
  handleArg: string,
  options: GetCommandOptions,
): Promise<number> {
  const cli = ctx.controller()
  const handle = parseHandleArgument(handleArg, cli)
  const result = await cli.controller.get(
    handle,
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  )
  return reportSnapshot(ctx, handleArg, result, options.json)
}
