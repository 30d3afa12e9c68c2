import { err, Ok, ok, type Result, ResultAsync } from 'neverthrow'
import type { AnyRunAdapter } from './adapter.js'
import type { ErrorContext } from './call-signal.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'

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

/** Where an adapter call's errors get their context from: read only when there is an error. */
export interface ContextSource {
  readonly context: ErrorContext
}

function normalise<T>(value: unknown, source: ContextSource): Result<T, RunError> {
  // A Result of the neverthrow copy we use is kept as it is (no copy per call).
  if (value instanceof Ok) return value as Result<T, RunError>
  if (!isResultLike(value))
    return err(unknownError(source.context, 'returned something that is not a Result', value))
  return value.isOk() ? ok(value.value as T) : err(withContext(value.error, source.context))
}

/** An adapter method as the controller calls it: the adapter, the (canonical) handle, the signal. */
export type AdapterInvoke = (adapter: AnyRunAdapter, handle: RunHandle, signal: AbortSignal) => unknown

/**
 * The caller of one request sequence's adapter calls: its error context, and how an adapter's
 * answer becomes a Result. `answer` is the one call of an adapter method; `callAdapter` settles it
 * as a promise (the retry loop's attempts), and the controller's single-attempt path attaches its
 * own callbacks to `answer`'s thenable instead (one promise from the adapter's answer to the
 * call's end).
 */
export abstract class AdapterCalls<T> implements ContextSource {
  /** Where the errors happen; read only when there is an error. */
  abstract readonly context: ErrorContext

  /** What the adapter answered, as a Result of ours (never throws). */
  protected answered(value: unknown): Result<T, RunError> {
    try {
      return normalise<T>(value, this)
    } catch (cause) {
      // A hostile Result-like object (a throwing `isOk` or getter).
      return err(unknownError(this.context, 'returned something that is not a Result', cause))
    }
  }

  /** The adapter's promise rejected: `UNKNOWN`, the rejection kept as `cause`. */
  protected rejected(cause: unknown): Result<T, RunError> {
    return err(unknownError(this.context, 'returned a rejected promise', cause))
  }

  /**
   * Calls an adapter method: what it returned, as a thenable to settle (a ResultAsync of our
   * neverthrow copy as it is: one promise; anything else adopted as `await` would, a hostile
   * thenable included), or the `UNKNOWN` Result of a synchronous throw.
   */
  protected answer(
    invoke: AdapterInvoke,
    adapter: AnyRunAdapter,
    handle: RunHandle,
    signal: AbortSignal,
  ): PromiseLike<unknown> | Result<T, RunError> {
    let returned: unknown
    try {
      returned = invoke(adapter, handle, signal)
    } catch (cause) {
      return err(unknownError(this.context, 'threw', cause))
    }
    if (returned instanceof ResultAsync) return returned as PromiseLike<unknown>
    return Promise.resolve(returned)
  }

  /**
   * Calls an adapter method and always settles with a Result, never a rejection: a synchronous
   * throw, a rejected promise or a ResultAsync whose promise rejects all become `UNKNOWN` with the
   * original kept as `cause`. Errors get the call's operation and handle filled in.
   */
  protected callAdapter(
    invoke: AdapterInvoke,
    adapter: AnyRunAdapter,
    handle: RunHandle,
    signal: AbortSignal,
  ): Promise<Result<T, RunError>> {
    const answer = this.answer(invoke, adapter, handle, signal)
    if (!isThenable(answer)) return Promise.resolve(answer)
    return answer.then(
      (value) => this.answered(value),
      (cause: unknown) => this.rejected(cause),
    ) as Promise<Result<T, RunError>>
  }
}

/** Whether `answer` is the adapter's thenable rather than the Result of a synchronous throw. */
export function isThenable<T>(
  answer: PromiseLike<unknown> | Result<T, RunError>,
): answer is PromiseLike<unknown> {
  return answer instanceof Promise || answer instanceof ResultAsync
}

/**
 * Runs a synchronous adapter check (`validate`, `validateScope`) of `value` and always answers
 * with a Result; the error context is made only for an error.
 */
export function checkWithAdapter<T>(
  check: (adapter: AnyRunAdapter, value: RunHandle) => unknown,
  adapter: AnyRunAdapter,
  value: RunHandle,
  operation: RunOperation,
): Result<T, RunError> {
  let returned: unknown
  try {
    returned = check(adapter, value)
  } catch (cause) {
    return err(unknownError(contextOf(adapter, operation, value), 'threw', cause))
  }
  if (returned instanceof Ok) return returned as Result<T, RunError>
  if (isResultLike(returned) && returned.isOk()) return ok(returned.value as T)
  return normalise<T>(returned, { context: contextOf(adapter, operation, value) })
}

function contextOf(adapter: AnyRunAdapter, operation: RunOperation, handle: RunHandle): ErrorContext {
  return { provider: adapter.provider, operation, handle }
}
