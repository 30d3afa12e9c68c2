import { err, ok, type Result } from 'neverthrow'
import { abortedError, type CallScope, type ErrorContext } from './call-signal.js'
import type { RetryOutcome } from './retry.js'
import { RunError } from './run-error.js'
import type { RunSnapshot } from './run-snapshot.js'
import { isTerminal } from './run-status.js'
import { sleep } from './sleep.js'

/** How much the poll interval grows after each poll. */
export const POLL_BACKOFF_FACTOR = 1.5

export interface WaitLoopOptions {
  /** The wait's signal and deadline; every poll runs inside it. */
  readonly scope: CallScope
  readonly context: ErrorContext
  readonly pollIntervalMs: number
  readonly maxPollIntervalMs: number
  /** One `get`, retried per the retry policy within `scope`. Must not reject. */
  readonly poll: () => Promise<RetryOutcome<RunSnapshot>>
}

/**
 * Polls until the run is terminal. The first poll is immediate; the interval then grows by
 * `POLL_BACKOFF_FACTOR` up to `maxPollIntervalMs`. A non-retryable error ends the wait with that
 * error; a retryable one that outlived its retries is remembered and polling goes on. When the
 * next poll could not start before the deadline the wait ends at once with `TIMEOUT`, carrying
 * the last snapshot seen (so a run stuck in `stopping` shows as such) and the last error as cause.
 * An abort ends it with `ABORTED`, also carrying the last snapshot.
 */
export async function waitUntilTerminal(options: WaitLoopOptions): Promise<Result<RunSnapshot, RunError>> {
  const { scope, context } = options
  let interval = Math.max(0, options.pollIntervalMs)
  const maxInterval = Math.max(interval, options.maxPollIntervalMs)
  let lastSnapshot: RunSnapshot | undefined
  let lastError: RunError | undefined
  let polls = 0

  const ended = (): Result<RunSnapshot, RunError> => {
    if (scope.endedBy === 'abort') {
      const aborted = abortedError(context, scope.abortReason)
      return err(lastSnapshot === undefined ? aborted : aborted.with({ lastSnapshot }))
    }
    return err(waitTimeoutError(context, scope.timeoutMs, polls, lastSnapshot, lastError))
  }

  for (;;) {
    if (scope.signal.aborted) return ended()
    polls++
    const outcome = await options.poll()
    if (outcome.endedBy !== undefined) {
      // The retry loop's own TIMEOUT / ABORTED has the poll's last error as cause: keep it.
      if (outcome.result.isErr() && RunError.is(outcome.result.error.cause))
        lastError = outcome.result.error.cause as RunError
      return ended()
    }
    if (outcome.result.isOk()) {
      lastSnapshot = outcome.result.value
      lastError = undefined
      if (isTerminal(lastSnapshot.status)) return ok(lastSnapshot)
    } else {
      const error = outcome.result.error
      if (!error.retryable)
        return err(lastSnapshot === undefined || error.lastSnapshot ? error : error.with({ lastSnapshot }))
      lastError = error
    }
    if (interval >= scope.remainingMs()) return ended()
    if (!(await sleep(interval, scope.signal))) return ended()
    interval = Math.min(maxInterval, interval * POLL_BACKOFF_FACTOR)
  }
}

function waitTimeoutError(
  context: ErrorContext,
  timeoutMs: number | undefined,
  polls: number,
  lastSnapshot: RunSnapshot | undefined,
  lastError: RunError | undefined,
): RunError {
  const seen =
    lastSnapshot === undefined
      ? 'no status was seen'
      : `last status ${lastSnapshot.status} (${lastSnapshot.providerStatus})`
  const details: Record<string, unknown> = { polls }
  if (timeoutMs !== undefined) details.timeoutMs = timeoutMs
  if (lastError !== undefined) {
    details.lastErrorCode = lastError.code
    if (lastError.providerCode !== undefined) details.providerCode = lastError.providerCode
  }
  return new RunError({
    code: 'TIMEOUT',
    message: `The run did not reach a terminal status within ${timeoutMs ?? '?'} ms; ${seen}.`,
    ...context,
    details,
    ...(lastSnapshot === undefined ? {} : { lastSnapshot }),
    ...(lastError === undefined ? {} : { cause: lastError }),
  })
}
