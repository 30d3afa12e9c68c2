import { err, ok, type Result } from 'neverthrow'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/**
 * For adapters given one ready-made client: such a client is bound to one region, so a handle
 * that names another region cannot be served by it. That is `VALIDATION`, found locally (nothing
 * is sent), with a message that says how to serve several regions.
 */
export function checkClientRegion<H extends RunHandle>(
  handle: H,
  provider: string,
  clientRegion: string | undefined,
): Result<H, RunError> {
  if (handle.region === undefined || handle.region === clientRegion) return ok(handle)
  return err(
    new RunError({
      code: 'VALIDATION',
      message: `The handle names region '${handle.region}', but this adapter was given one client${clientRegion ? ` for '${clientRegion}'` : ''}: pass \`client\` as a function of the region, or leave region out of the handle.`,
      provider,
      handle,
    }),
  )
}
