import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'

/**
 * - `stopped`: the provider reports a terminal state right after the stop call.
 * - `stop_requested`: the stop was accepted and the run is winding down (`status` is `'stopping'`),
 *   or, where neither the stop's reply nor one confirming get could be read, `'unknown'` (with the
 *   provider's own string in `providerStatus`): runstop never invents a status.
 * - `already_terminal`: the run had already finished; `status` says how. This is success: the
 *   caller's goal (the run is not running) holds.
 */
export type StopOutcome = 'stop_requested' | 'stopped' | 'already_terminal'

export interface StopResult<H extends RunHandle = RunHandle> {
  readonly handle: H
  readonly outcome: StopOutcome
  readonly status: RunStatus
  readonly providerStatus: string
  /** Whether the provider stored the stop reason (only some providers can). */
  readonly reasonRecorded: boolean
  readonly requestId?: string
  readonly raw: unknown
}
