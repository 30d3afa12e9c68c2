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

/** What a successful `stop` tells: how the run ended up (`outcome`) and its status right after the stop. */
export interface StopResult<H extends RunHandle = RunHandle> {
  /** The run, in the adapter's canonical form. */
  readonly handle: H
  /** `stopped`, `stop_requested` (the provider is still stopping it) or `already_terminal` (it had finished; nothing was stopped). */
  readonly outcome: StopOutcome
  /** The run's normalised status after the stop. */
  readonly status: RunStatus
  /** The provider's own status word after the stop. */
  readonly providerStatus: string
  /** Whether the provider stored the stop reason (only some providers can). */
  readonly reasonRecorded: boolean
  /** The provider's request id of the stop, for its support. */
  readonly requestId?: string
  /** The provider's answer, as the SDK returned it (dropped in batches unless `keepRaw`). */
  readonly raw: unknown
}
