import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'

/** What a provider said about a run at one moment. */
export interface RunSnapshot<H extends RunHandle = RunHandle> {
  /** The run, in the adapter's canonical form. */
  readonly handle: H
  /** The normalised status: `pending`, `running`, `stopping`, `stopped`, `succeeded`, `failed` or `unknown`. */
  readonly status: RunStatus
  /** The provider's own status string, unchanged. */
  readonly providerStatus: string
  /** When the run started, when the provider says. */
  readonly startedAt?: Date
  /** When the run ended, when the provider says. */
  readonly endedAt?: Date
  /** The provider's error text for a failed run. */
  readonly errorMessage?: string
  /** The provider's request id of the read, for its support. */
  readonly requestId?: string
  /** The provider's response body, for debugging. */
  readonly raw: unknown
}
