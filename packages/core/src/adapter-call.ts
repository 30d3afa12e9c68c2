import { err, ok, type Result } from 'neverthrow'
import type { ErrorContext } from './call-signal.js'
import { RunError } from './run-error.js'

/** The parts of a neverthrow Result we rely on, so a Result from another installed copy works too. */
interface ResultLike<T, E> {
  isOk(): boolean
  readonly value?: T
  readonly error?: E
}

function isResultLike(value: unknown): value is ResultLike<unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isOk?: unknown }).isOk === 'function' &&
    ('value' in value || 'error' in value)
  )
}

/** An adapter bug or crash: `UNKNOWN`, with what was thrown kept as `cause`. */
export function unknownError(context: ErrorContext, what: string, cause: unknown): RunError {
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new RunError({
    code: 'UNKNOWN',
    message: `The ${context.provider} adapter ${what}${detail}`,
    ...context,
    cause,
  })
}

/**
 * Fills in `operation` and `handle` where an adapter left them out, and turns anything that is not
 * a RunError into `UNKNOWN` (keeping it as `cause`).
 */
export function withContext(error: unknown, context: ErrorContext): RunError {
  if (!RunError.is(error)) return unknownError(context, 'failed with something other than a RunError', error)
  const changes: { operation?: ErrorContext['operation']; handle?: ErrorContext['handle'] } = {}
  if (error.operation === undefined) changes.operation = context.operation
  if (error.handle === undefined && context.handle !== undefined) changes.handle = context.handle
  if (Object.keys(changes).length === 0) return error
  // A RunError from another installed copy may lack `with`; rebuild it as ours then.
  return typeof error.with === 'function'
    ? error.with(changes)
    : new RunError({ ...error, message: error.message, ...changes, cause: error.cause })
}

function normalise<T>(value: unknown, context: ErrorContext): Result<T, RunError> {
  if (!isResultLike(value))
    return err(unknownError(context, 'returned something that is not a Result', value))
  return value.isOk() ? ok(value.value as T) : err(withContext(value.error, context))
}

/**
 * Calls an adapter method and always settles with a Result, never a rejection: a synchronous
 * throw, a rejected promise or a ResultAsync whose promise rejects all become `UNKNOWN` with the
 * original kept as `cause`. Errors get the call's operation and handle filled in.
 */
export async function callAdapter<T>(
  invoke: () => unknown,
  context: ErrorContext,
): Promise<Result<T, RunError>> {
  let returned: unknown
  try {
    returned = invoke()
  } catch (cause) {
    return err(unknownError(context, 'threw', cause))
  }
  try {
    // ResultAsync is PromiseLike; awaiting it yields the inner Result (or rejects).
    return normalise<T>(await returned, context)
  } catch (cause) {
    return err(unknownError(context, 'returned a rejected promise', cause))
  }
}

/** Runs a synchronous adapter method (validate) and always answers with a Result. */
export function callAdapterSync<T>(invoke: () => unknown, context: ErrorContext): Result<T, RunError> {
  try {
    return normalise<T>(invoke(), context)
  } catch (cause) {
    return err(unknownError(context, 'threw', cause))
  }
}
