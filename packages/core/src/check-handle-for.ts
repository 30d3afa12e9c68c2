import { err, type Result } from 'neverthrow'
import { checkHandleShape } from './handle-codec.js'
import { RunError, type RunErrorCode } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/** A local refusal of a handle (nothing sent): `VALIDATION` unless another code is given. */
export function refuseHandle(
  provider: string,
  message: string,
  handle?: RunHandle,
  code: RunErrorCode = 'VALIDATION',
): Result<never, RunError> {
  return err(new RunError({ code, message, provider, ...(handle === undefined ? {} : { handle }) }))
}

/**
 * The first checks of every adapter's `validate`: the value is a handle (an object of string
 * fields with a provider) and names this adapter's provider. Errors are `VALIDATION` of `provider`.
 */
export function checkHandleFor(value: unknown, provider: string): Result<RunHandle, RunError> {
  const shaped = checkHandleShape(value)
  if (shaped.isErr()) return err(shaped.error.with({ provider }))
  if (shaped.value.provider !== provider)
    return refuseHandle(
      provider,
      `This adapter serves provider '${provider}', not '${shaped.value.provider}'.`,
      shaped.value,
    )
  return shaped
}
