import { errAsync, okAsync, type ResultAsync } from 'neverthrow'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import { isTerminal, type RunStatus } from './run-status.js'
import type { StopResult } from './stop-result.js'

/**
 * The StopResult for a provider's reply to an accepted stop: a terminal status is `stopped`;
 * anything else means the run is winding down, so `stop_requested` with status `stopping` (even
 * where the provider still says `Running`, as Alibaba's own sample does).
 */
export function stopResultFromReply<H extends RunHandle>(reply: {
  handle: H
  status: RunStatus
  providerStatus: string
  reasonRecorded: boolean
  requestId?: string
  raw: unknown
}): StopResult<H> {
  const terminal = isTerminal(reply.status)
  return {
    ...reply,
    outcome: terminal ? 'stopped' : 'stop_requested',
    status: terminal ? reply.status : 'stopping',
  }
}

/** The StopResult for a run that had already finished before the stop. Success, not an error. */
export function alreadyTerminal<H extends RunHandle>(
  snapshot: RunSnapshot<H>,
  reasonRecorded = false,
): StopResult<H> {
  const result: StopResult<H> = {
    handle: snapshot.handle,
    outcome: 'already_terminal',
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
    reasonRecorded,
    raw: snapshot.raw,
  }
  return snapshot.requestId === undefined ? result : { ...result, requestId: snapshot.requestId }
}

/**
 * Where a provider answers a stop with an ambiguous error (a conflict or validation error),
 * confirm with one `get`: a terminal run is `already_terminal`, a run already `stopping` is
 * `stop_requested`; a run still pending or running keeps the original error.
 *
 * A get that fails with a retryable error (throttled, unavailable, network) or is aborted leaves
 * the answer unknown: that error is answered, relabelled as the stop's (`operation: 'stop'`,
 * `details.confirming` = the stop's provider code), so the controller retries the whole stop (or
 * reports the abort) instead of a final conflict it could not confirm. Any other failed get keeps
 * the original error.
 */
export function confirmStopWithGet<H extends RunHandle>(
  original: RunError,
  get: () => ResultAsync<RunSnapshot<H>, RunError>,
): ResultAsync<StopResult<H>, RunError> {
  const confirming = original.providerCode ?? original.code
  return get()
    .orElse((getError) =>
      errAsync(
        getError.retryable || getError.code === 'ABORTED'
          ? getError.with({
              operation: 'stop',
              message: `${getError.message.replace(/\.$/, '')} (while confirming the ${confirming} the stop answered).`,
              details: { ...getError.details, confirming },
            })
          : original,
      ),
    )
    .andThen((snapshot) => {
      if (isTerminal(snapshot.status)) return okAsync(alreadyTerminal(snapshot))
      if (snapshot.status === 'stopping')
        return okAsync<StopResult<H>, RunError>({
          handle: snapshot.handle,
          outcome: 'stop_requested',
          status: 'stopping',
          providerStatus: snapshot.providerStatus,
          reasonRecorded: false,
          raw: snapshot.raw,
          ...(snapshot.requestId === undefined ? {} : { requestId: snapshot.requestId }),
        })
      return errAsync(original)
    })
}
