import type { Result, ResultAsync } from 'neverthrow'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
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
  /** The adapter lists the runs of a scope (`validateScope` and `doList` are present). */
  readonly list: boolean
  /** The provider filters a listing by status itself; otherwise the controller filters each page. */
  readonly listStatusFilter: boolean
}

/** What `doStop` gets besides the handle: the stop's options and the call's signal. */
export interface StopContext {
  /** The caller's stop reason; send it only when `capabilities.stopReason`. */
  readonly reason?: string
  /** The caller's stop error code; send it only when `capabilities.stopErrorCode`. */
  readonly errorCode?: string
  /** Aborted when the call is aborted or times out: pass it to the request. */
  readonly signal: AbortSignal
}

/** What `doGet` gets besides the handle. */
export interface GetContext {
  /** Aborted when the call is aborted or times out: pass it to the request. */
  readonly signal: AbortSignal
}

/** What `doList` gets for one page. */
export interface ListContext {
  /** The `nextPageToken` of the previous page; absent for the first page. */
  readonly pageToken?: string
  /** Runs wanted per page. The adapter clamps it to what the provider accepts. */
  readonly pageSize?: number
  /**
   * Statuses wanted. An adapter with `listStatusFilter` asks the provider for them; any adapter may
   * return other runs too (the controller filters every page again).
   */
  readonly statuses?: readonly RunStatus[]
  /** Aborted when the listing is aborted or the page times out: pass it to the request. */
  readonly signal: AbortSignal
}

/** One page of a listing. No `nextPageToken`: the last page. */
export interface RunPage<H extends RunHandle = RunHandle> {
  /** The runs of this page, as snapshots. */
  readonly runs: readonly RunSnapshot<H>[]
  /** The provider's token for the next page; absent on the last page. */
  readonly nextPageToken?: string
}

/**
 * A provider adapter. Adapters make one attempt per call and stay thin: validation, status and
 * error mapping. Retries, deadlines, waiting and batching live in the controller.
 */
export interface RunAdapter<H extends RunHandle = RunHandle, S extends RunScope = RunScope> {
  /** The SPI version the adapter implements (`'v1'`). */
  readonly specificationVersion: SpecificationVersion
  /** The provider name this adapter serves; handles with this `provider` are routed to it. */
  readonly provider: H['provider']
  /** What the provider can do; the controller and the conformance suite read it. */
  readonly capabilities: AdapterCapabilities
  /** Checks a handle against the provider's documented constraints, locally. Sends nothing. */
  validate(handle: RunHandle): Result<H, RunError>
  /** Sends one stop request (no retries: the controller retries) and maps the answer to a `StopResult`, or the failure to a `RunError`. Must not throw. */
  doStop(handle: H, ctx: StopContext): ResultAsync<StopResult<H>, RunError>
  /** Sends one read request (no retries) and maps the answer to a `RunSnapshot`, or the failure to a `RunError`. Must not throw. */
  doGet(handle: H, ctx: GetContext): ResultAsync<RunSnapshot<H>, RunError>
  /** Checks a scope against the provider's documented constraints, locally. Present when `capabilities.list`. */
  validateScope?(scope: RunScope): Result<S, RunError>
  /** One page of the scope's runs: one request, no retries. Present when `capabilities.list`. */
  doList?(scope: S, ctx: ListContext): ResultAsync<RunPage<H>, RunError>
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
export type AnyRunAdapter = RunAdapter<any, any>
