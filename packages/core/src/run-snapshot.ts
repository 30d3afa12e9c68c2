import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'

/** What a provider said about a run at one moment. */
export interface RunSnapshot<H extends RunHandle = RunHandle> {
  readonly handle: H
  readonly status: RunStatus
  /** The provider's own status string, unchanged. */
  readonly providerStatus: string
  readonly startedAt?: Date
  readonly endedAt?: Date
  readonly errorMessage?: string
  readonly requestId?: string
  /** The provider's response body, for debugging. */
  readonly raw: unknown
}
