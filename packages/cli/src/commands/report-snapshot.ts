import type { RunError, RunSnapshot } from '@runstop/core'
import type { Result } from 'neverthrow'
import type { CommandContext } from '../context.js'
import { renderSnapshot } from '../output/render.js'
import { errorJson, errorLine, snapshotJson } from '../output/views.js'

/**
 * Prints the outcome of a command that ends in one snapshot (`get`, `wait`) and returns its exit
 * code: 0 with the snapshot, 1 with the error (one stderr line with code, provider and request id).
 */
export function reportSnapshot(
  ctx: CommandContext,
  handleArg: string,
  result: Result<RunSnapshot, RunError>,
  json: boolean | undefined,
): number {
  if (result.isOk()) {
    if (json) ctx.output.json({ ok: true, handle: handleArg, snapshot: snapshotJson(result.value) })
    else ctx.output.out(renderSnapshot(result.value))
    return 0
  }
  ctx.output.err(`error: ${errorLine(result.error)}\n`)
  if (json) ctx.output.json({ ok: false, handle: handleArg, error: errorJson(result.error) })
  return 1
}
