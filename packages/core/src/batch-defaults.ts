import type { BatchStopReport } from './controller-types.js'
import type { RunError } from './run-error.js'

// What the batch engine's callers read without running a batch: in core's main module, while the
// engine itself (batch.ts) is a chunk loaded on the first batch (lazy-batch.ts).

/**
 * Batch defaults: 16 stops in flight in all, 8 per provider, and up to 10,000 handles read from
 * the input and not yet reported (a few MB), so that a batch sorted by provider still finds work
 * for every provider at once.
 */
export const DEFAULT_BATCH = {
  /** Stops in flight at once, across providers. */
  concurrency: 16,
  /** Stops in flight at once per provider. */
  perProvider: 8,
  /** Handles read ahead of the results, across providers. */
  readAhead: 10_000,
} as const

/**
 * A failure that may hide a stop that took effect: the call was aborted or timed out after its
 * request was sent (`details.sent === true`). Counted as `outcomeUnknown`, never as "not stopped".
 */
export function isOutcomeUnknown(error: RunError): boolean {
  return (error.code === 'ABORTED' || error.code === 'TIMEOUT') && error.details?.sent === true
}

/**
 * The report of a batch that stopped nothing: `total` handles read (0 for one that never started;
 * a dry run's matches), `inputError` why it read no more, if anything ended it early.
 */
export function reportOfNoStops(
  total: number,
  startedAt: number,
  aborted: boolean,
  inputError?: RunError,
): BatchStopReport {
  return {
    total,
    stopped: [],
    stopRequested: [],
    alreadyTerminal: [],
    failed: [],
    counts: { stopped: 0, stopRequested: 0, alreadyTerminal: 0, failed: 0, outcomeUnknown: 0 },
    aborted,
    durationMs: Date.now() - startedAt,
    ...(inputError === undefined ? {} : { inputError }),
  }
}
