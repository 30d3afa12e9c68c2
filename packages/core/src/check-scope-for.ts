import { err, type Result } from 'neverthrow'
import { RunError } from './run-error.js'
import { checkScopeShape, type RunScope } from './run-scope.js'

/**
 * The first checks of an adapter's `validateScope`: the value is a scope (an object of string
 * fields with a provider) of this adapter's provider, with no field but `provider` and `fields`.
 * Errors are `VALIDATION` of `provider`, for the operation `list`.
 */
export function checkScopeFor(
  value: unknown,
  provider: string,
  fields: readonly string[],
): Result<RunScope, RunError> {
  const shaped = checkScopeShape(value)
  if (shaped.isErr()) return err(shaped.error.with({ provider, operation: 'list' }))
  const scope = shaped.value
  const extra = Object.keys(scope).find((key) => key !== 'provider' && !fields.includes(key))
  const problem =
    scope.provider !== provider
      ? `This adapter serves provider '${provider}', not '${scope.provider}'.`
      : extra && `${provider} scopes have no field '${extra}'.`
  if (!problem) return shaped
  return err(
    new RunError({ code: 'VALIDATION', message: problem, provider, operation: 'list', handle: scope }),
  )
}
