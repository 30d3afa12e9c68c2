import type { Result, ResultAsync } from 'neverthrow'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { StopResult } from './stop-result.js'

/** The SPI version this core speaks. Adapters declare it so a future core can tell them apart. */
export type SpecificationVersion = 'v1'

/** What an adapter's provider can do. Every key is an explicit boolean. */
export interface AdapterCapabilities {
  /** The provider stores a free-text stop reason (`reason`). */
  readonly stopReason: boolean
  /** The provider stores a stop error code (`errorCode`). */
  readonly stopErrorCode: boolean
  /** A stop passes through a `stopping` state before the run is stopped. */
  readonly gracefulStop: boolean
  /** A handle may name its own region, overriding the adapter's default. */
  readonly perHandleRegion: boolean
}

export interface StopContext {
  readonly reason?: string
  readonly errorCode?: string
  readonly signal: AbortSignal
}

export interface GetContext {
  readonly signal: AbortSignal
}

/**
 * A provider adapter. Adapters make one attempt per call and stay thin: validation, status and
 * error mapping. Retries, deadlines, waiting and batching live in the controller.
 */
export interface RunAdapter<H extends RunHandle = RunHandle> {
  readonly specificationVersion: SpecificationVersion
  readonly provider: H['provider']
  readonly capabilities: AdapterCapabilities
  /** Checks a handle against the provider's documented constraints, locally. Sends nothing. */
  validate(handle: RunHandle): Result<H, RunError>
  doStop(handle: H, ctx: StopContext): ResultAsync<StopResult<H>, RunError>
  doGet(handle: H, ctx: GetContext): ResultAsync<RunSnapshot<H>, RunError>
  /**
   * Releases what the adapter built (SDK clients, HTTP agents, HTTP/2 sessions); a client the user
   * passed in stays theirs and is left open. Called once, by the controller's `close()`, after its
   * calls in flight have settled. Optional: an adapter that holds nothing need not have it.
   */
  close?(): Promise<void>
}

/**
 * An adapter for any handle type. `RunAdapter<H>` is invariant in H (validate returns H, doStop
 * takes H), so a list of adapters for different providers needs this wider type.
 */
// biome-ignore lint/suspicious/noExplicitAny: variance escape hatch for heterogeneous adapter lists
export type AnyRunAdapter = RunAdapter<any>
