import { errAsync, okAsync, type ResultAsync } from 'neverthrow'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import { isTerminal, type RunStatus } from './run-status.js'
import type { StopResult } from './stop-result.js'

/** What an adapter read out of a provider's 2xx answer to a stop. */
export interface StopReply<H extends RunHandle = RunHandle> {
  /** The run that was stopped. */
  readonly handle: H
  /** The normalized status the reply names; `'unknown'` when it names none this adapter knows. */
  readonly status: RunStatus
  /** The provider's own status string, `''` when the body had none. */
  readonly providerStatus: string
  /** Whether the provider stored the stop reason. */
  readonly reasonRecorded: boolean
  /** The provider's request id of the stop. */
  readonly requestId?: string
  /** The provider's answer, as the SDK returned it. */
  readonly raw: unknown
}

/**
 * The StopResult for a provider's reply to an accepted stop. `stopped` when the reply says the
 * run is stopped; `already_terminal` when it names another end (succeeded, failed, timed out: the
 * run ended by itself, not by this stop); otherwise the run is winding down: `stop_requested` with
 * status `stopping` (even where the provider still says `Running`, as Alibaba's own sample does).
 * A reply whose status is `'unknown'` stays `'unknown'` (`stop_requested`, the provider's string
 * kept): a status is never invented. {@link settleStopReply} confirms such a reply first.
 */
export function stopResultFromReply<H extends RunHandle>(reply: StopReply<H>): StopResult<H> {
  const result: Writable<StopResult<H>> = {
    handle: reply.handle,
    outcome:
      reply.status === 'stopped'
        ? 'stopped'
        : isTerminal(reply.status)
          ? 'already_terminal'
          : 'stop_requested',
    status: isTerminal(reply.status) || reply.status === 'unknown' ? reply.status : 'stopping',
    providerStatus: reply.providerStatus,
    reasonRecorded: reply.reasonRecorded,
    raw: reply.raw,
  }
  return withRequestId(result, reply.requestId)
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * `result` (made by the caller, not shared yet) with its `requestId` when there is one. Set on
 * the object rather than spread into a copy: in V8 (Node 20) `{ ...result, requestId }` takes a
 * slow path costing ~1 µs per result.
 */
function withRequestId<H extends RunHandle>(
  result: Writable<StopResult<H>>,
  requestId: string | undefined,
): StopResult<H> {
  if (requestId !== undefined) result.requestId = requestId
  return result
}

/**
 * True for a stop error that carries a 2xx HTTP status: the provider accepted the stop, but its
 * body could not be read (empty, HTML, truncated, not an object).
 */
export function isAcceptedStopError(error: RunError): boolean {
  return error.httpStatus !== undefined && error.httpStatus >= 200 && error.httpStatus <= 299
}

/**
 * Settles an accepted stop (a 2xx answer): a reply that names a status this adapter knows is
 * answered as it is ({@link stopResultFromReply}); a reply that says nothing readable is
 * confirmed with one `get`, whose status is used if it names one. If the get is unreadable too,
 * or fails, the result is `stop_requested` with status `'unknown'` and the provider's own string:
 * the provider did accept the stop, so it is never reported as failed, and no status is invented.
 * Never fails.
 */
export function settleStopReply<H extends RunHandle>(
  reply: StopReply<H>,
  get: () => ResultAsync<RunSnapshot<H>, RunError>,
): ResultAsync<StopResult<H>, RunError> {
  if (reply.status !== 'unknown') return okAsync(stopResultFromReply(reply))
  return get()
    .map((snapshot) =>
      stopResultFromReply({
        ...reply,
        status: snapshot.status,
        providerStatus: snapshot.providerStatus !== '' ? snapshot.providerStatus : reply.providerStatus,
      }),
    )
    .orElse(() => okAsync<StopResult<H>, RunError>(stopResultFromReply(reply)))
}

/**
 * The stop path every adapter shares: a readable 2xx reply is settled by
 * {@link settleStopReply}; a stop that failed with a 2xx status ({@link isAcceptedStopError}) is
 * an accepted stop whose body could not be read, settled the same way; any other error is passed
 * on for the adapter's own handling (e.g. {@link confirmStopWithGet}).
 */
export function settleStop<H extends RunHandle>(
  stop: ResultAsync<StopReply<H>, RunError>,
  context: {
    readonly handle: H
    readonly reasonRecorded: boolean
    readonly get: () => ResultAsync<RunSnapshot<H>, RunError>
  },
): ResultAsync<StopResult<H>, RunError> {
  return stop
    .andThen((reply) => settleStopReply(reply, context.get))
    .orElse((error) =>
      isAcceptedStopError(error)
        ? settleStopReply(
            {
              handle: context.handle,
              status: 'unknown',
              providerStatus: '',
              reasonRecorded: context.reasonRecorded,
              ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
              raw: null,
            },
            context.get,
          )
        : errAsync(error),
    )
}

/** The StopResult for a run that had already finished before the stop. Success, not an error. */
export function alreadyTerminal<H extends RunHandle>(
  snapshot: RunSnapshot<H>,
  reasonRecorded = false,
): StopResult<H> {
  const result: Writable<StopResult<H>> = {
    handle: snapshot.handle,
    outcome: 'already_terminal',
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
    reasonRecorded,
    raw: snapshot.raw,
  }
  return withRequestId(result, snapshot.requestId)
}

/**
 * True for a stop error that may mean "the run has already finished", to be confirmed with
 * {@link confirmStopWithGet}: one of the provider's ambiguous codes (`providerCodes`, e.g.
 * `ConflictException`), or, when the body could not be read and no code is known, HTTP 400 or
 * 409 (a cut-off conflict is still a conflict).
 */
export function isAmbiguousStopError(error: RunError, providerCodes: ReadonlySet<string>): boolean {
  if (error.providerCode !== undefined) return providerCodes.has(error.providerCode)
  return error.httpStatus === 400 || error.httpStatus === 409
}

/**
 * Where a provider answers a stop with an ambiguous error (a conflict or validation error),
 * confirm with one `get`: a terminal run is `already_terminal`, a run already `stopping` is
 * `stop_requested`; a run still pending or running keeps the original error.
 *
 * A get that fails with a retryable error (throttled, unavailable, network), is aborted, or gets
 * a 2xx answer it cannot read (a cut-off body) leaves the answer unknown: that error is answered,
 * relabelled as the stop's (`operation: 'stop'`, `details.confirming` = the stop's provider code,
 * retryable), so the controller retries the whole stop (or reports the abort) instead of a final
 * conflict it could not confirm. Any other failed get keeps the original error.
 */
export function confirmStopWithGet<H extends RunHandle>(
  original: RunError,
  get: () => ResultAsync<RunSnapshot<H>, RunError>,
): ResultAsync<StopResult<H>, RunError> {
  const confirming = original.providerCode ?? original.code
  return get()
    .orElse((getError) => {
      // A 2xx get whose body could not be read is no answer at all; its 2xx status is dropped so
      // the relabelled stop error cannot pass for an accepted stop.
      const unreadable = isAcceptedStopError(getError)
      if (!getError.retryable && getError.code !== 'ABORTED' && !unreadable) return errAsync(original)
      return errAsync(
        getError.with({
          operation: 'stop',
          message: `${getError.message.replace(/\.$/, '')} (while confirming the ${confirming} the stop answered).`,
          details: { ...getError.details, confirming },
          ...(unreadable ? { retryable: true, httpStatus: undefined } : {}),
        }),
      )
    })
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
