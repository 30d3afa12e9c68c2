import { formatHandle, type RunError, type RunHandle, type RunSnapshot, type StopResult } from '@runstop/core'
import { renderDetails, renderTable } from './table.js'
import { errorCell, handleText, statusText } from './views.js'

function isoOrUndefined(value: Date | undefined): string | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined
}

/** A snapshot as `label  value` lines: handle, provider, status (provider → normalized), times, request id. */
export function renderSnapshot(snapshot: RunSnapshot): string {
  return renderDetails([
    ['handle', formatHandle(snapshot.handle)],
    ['provider', snapshot.handle.provider],
    ['status', statusText(snapshot.providerStatus, snapshot.status)],
    ['started', isoOrUndefined(snapshot.startedAt)],
    ['ended', isoOrUndefined(snapshot.endedAt)],
    ['error', snapshot.errorMessage],
    ['request id', snapshot.requestId],
  ])
}

/**
 * What an interrupt left of a stop that has no outcome: never sent (`not_sent`), or sent with no
 * answer before the batch ended (`outcome_unknown`: the provider may have stopped the run).
 */
export type InterruptedStop = 'not_sent' | 'outcome_unknown'

/** One handle's stop, as the stop command reports it. */
export type StopEntry =
  | {
      readonly handle: RunHandle | string
      readonly ok: true
      readonly result: StopResult
      /** The stop was accepted; an interrupt ended the wait for the run to finish. */
      readonly waitInterrupted?: boolean
    }
  | {
      readonly handle: RunHandle | string
      readonly ok: false
      readonly error: RunError
      /** Set when an interrupt, not the provider, ended this stop: it is then not a failure. */
      readonly interrupted?: InterruptedStop
    }

/** The OUTCOME cell of an interrupted stop. */
export const INTERRUPTED_OUTCOME: Readonly<Record<InterruptedStop, string>> = {
  not_sent: 'not sent',
  outcome_unknown: 'sent, outcome unknown',
}

/** Columns of the stop table. */
export const STOP_COLUMNS = [
  'PROVIDER',
  'OUTCOME',
  'STATUS',
  'REASON RECORDED',
  'REQUEST ID / ERROR',
  'HANDLE',
]

function providerOf(handle: RunHandle | string, error?: RunError): string {
  if (typeof handle !== 'string') return handle.provider
  return error?.provider ?? '-'
}

/**
 * The stop table: one row per handle, failures with their code, provider code and request id. The
 * handle comes last: it is the longest cell, and the columns before it stay readable when it wraps.
 */
export function renderStopTable(entries: readonly StopEntry[]): string {
  const rows = entries.map((entry) =>
    entry.ok
      ? [
          entry.result.handle.provider,
          entry.result.outcome,
          statusText(entry.result.providerStatus, entry.result.status),
          entry.result.reasonRecorded ? 'yes' : 'no',
          `${entry.result.requestId ?? '-'}${entry.waitInterrupted ? ' (wait interrupted)' : ''}`,
          handleText(entry.result.handle),
        ]
      : [
          providerOf(entry.handle, entry.error),
          entry.interrupted === undefined ? 'failed' : INTERRUPTED_OUTCOME[entry.interrupted],
          entry.error.lastSnapshot
            ? statusText(entry.error.lastSnapshot.providerStatus, entry.error.lastSnapshot.status)
            : '-',
          '-',
          errorCell(entry.error),
          handleText(entry.handle),
        ],
  )
  return renderTable(STOP_COLUMNS, rows)
}

/** Counts of a stop batch, as in the JSON report. */
export interface StopCounts {
  readonly stopped: number
  readonly stopRequested: number
  readonly alreadyTerminal: number
  /** Stops that failed (an interrupted stop is counted below instead). */
  readonly failed: number
  /** Interrupted before it was sent. */
  readonly notSent: number
  /** Sent, then interrupted before the answer: the run may have been stopped. */
  readonly outcomeUnknown: number
}

/** Counts stop entries by outcome. */
export function countStops(entries: readonly StopEntry[]): StopCounts {
  let stopped = 0
  let stopRequested = 0
  let alreadyTerminal = 0
  let failed = 0
  let notSent = 0
  let outcomeUnknown = 0
  for (const entry of entries) {
    if (!entry.ok) {
      if (entry.interrupted === 'not_sent') notSent++
      else if (entry.interrupted === 'outcome_unknown') outcomeUnknown++
      else failed++
    } else if (entry.result.outcome === 'stopped') stopped++
    else if (entry.result.outcome === 'stop_requested') stopRequested++
    else alreadyTerminal++
  }
  return { stopped, stopRequested, alreadyTerminal, failed, notSent, outcomeUnknown }
}

/**
 * `3 runs: 1 stopped, 1 stop requested, 1 already finished, 0 failed (0.4 s)`; after an interrupt
 * the not-sent and unknown counts follow the failed one.
 */
export function renderStopSummary(
  total: number,
  counts: StopCounts,
  durationMs: number,
  aborted = false,
): string {
  const runs = total === 1 ? '1 run' : `${total} runs`
  const seconds = (durationMs / 1000).toFixed(1)
  const interrupted = aborted
    ? `, ${counts.notSent} not sent, ${counts.outcomeUnknown} sent with outcome unknown`
    : ''
  return `${runs}: ${counts.stopped} stopped, ${counts.stopRequested} stop requested, ${counts.alreadyTerminal} already finished, ${counts.failed} failed${interrupted} (${seconds} s)${aborted ? ' — interrupted' : ''}\n`
}
