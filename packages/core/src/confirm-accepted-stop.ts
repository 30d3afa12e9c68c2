import { okAsync, type ResultAsync } from 'neverthrow'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import { isTerminal } from './run-status.js'
import { alreadyTerminal, stopResultFromReply } from './stop-outcome.js'
import type { StopResult } from './stop-result.js'

/** A stop the provider accepted, as `confirmAcceptedStop` reads it. */
export interface AcceptedStop<H extends RunHandle> {
  /** The run stopped. */
  readonly handle: H
  /** When the provider says the stop took effect (its reply's stop date), if it says. */
  readonly stoppedAt?: Date | undefined
  /** Whether the provider stores the reason given with this stop. */
  readonly reasonRecorded: boolean
  /** The request id of the stop's reply, if it has one. */
  readonly requestId?: string | undefined
  /** The stop's reply body, kept as `raw` when the get fails. */
  readonly raw: unknown
}

/**
 * For a provider whose stop reply carries no status, and which accepts a stop of a run that has
 * already finished (AWS Step Functions): one `get` decides. Stopped, and not before this stop's
 * `stoppedAt` → `stopped`; stopped earlier, or finished otherwise → `already_terminal`; still
 * running or pending (a read can lag behind the stop) → `stop_requested`. A failed get does not
 * undo an accepted stop: `stop_requested`, with an empty `providerStatus` (none was read).
 */
export function confirmAcceptedStop<H extends RunHandle>(
  stop: AcceptedStop<H>,
  get: () => ResultAsync<RunSnapshot<H>, RunError>,
): ResultAsync<StopResult<H>, RunError> {
  const accepted = (snapshot?: RunSnapshot<H>): StopResult<H> =>
    stopResultFromReply({
      handle: stop.handle,
      status: snapshot?.status ?? 'stopping',
      providerStatus: snapshot?.providerStatus ?? '',
      reasonRecorded: stop.reasonRecorded,
      ...(stop.requestId === undefined ? {} : { requestId: stop.requestId }),
      raw: snapshot?.raw ?? stop.raw,
    })
  return get()
    .map((snapshot) => {
      const endedBefore =
        snapshot.endedAt !== undefined && stop.stoppedAt !== undefined && snapshot.endedAt < stop.stoppedAt
      if (snapshot.status === 'stopped' && !endedBefore) return accepted(snapshot)
      return isTerminal(snapshot.status) ? alreadyTerminal(snapshot) : accepted(snapshot)
    })
    .orElse(() => okAsync(accepted()))
}
