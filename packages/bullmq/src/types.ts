import type { ControllerOptions, RunErrorJSON, RunHandle, RunScope, RunStatus } from '@runstop/core'
import type { CampaignOutcome } from './outcomes.js'

/** Any runstop adapter (what `createRunController({ adapters })` takes). */
export type CampaignAdapter = ControllerOptions['adapters'][number]

/** What one stop job carries: the campaign and the canonical handle string. */
export interface StopJobData {
  /** The campaign id. */
  readonly campaign: string
  /** The canonical handle string (`formatHandle`). */
  readonly handle: string
}

/** What one page job carries: list one page of the scope, queue its stops and the next page. */
export interface PageJobData {
  /** The campaign id. */
  readonly campaign: string
  /** The canonical scope string (`formatScope`). */
  readonly scope: string
  /** 0 for the first page. */
  readonly page: number
  /** The provider's token for this page; absent for the first. */
  readonly pageToken?: string
  /** The statuses to stop. */
  readonly statuses: readonly RunStatus[]
  /** Runs per listed page; absent: the provider's largest. */
  readonly pageSize?: number
}

/** Any job of a campaign: a stop, or a page of a scope. */
export type CampaignJobData = StopJobData | PageJobData

/** A campaign's state, set by `pause`, `resume` and `cancel`, read by workers before each stop. */
export type CampaignState = 'running' | 'paused' | 'cancelled'

/** Handles as a campaign takes them: objects or handle strings, from any iterable, sync or async. */
export type CampaignInput = Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>

/** Options of `campaigns.start`: `handles` or `scope`, not both. */
export interface StartCampaignOptions {
  /** Read in chunks of `chunkSize`: never held in memory all at once. */
  readonly handles?: CampaignInput
  /**
   * Or a scope (object or `formatScope` string): its runs are listed page by page by the workers,
   * each page job queuing its stops and the next page, so no process holds the whole set.
   */
  readonly scope?: RunScope | string
  /** With `scope`: the statuses to stop. Default the active ones, `pending` and `running`. */
  readonly statuses?: readonly RunStatus[]
  /** With `scope`: runs per listed page (clamped by the adapter). Default the provider's largest. */
  readonly pageSize?: number
  /** Default: a fresh random id. Starting an existing id again adds the handles to it (for resuming an interrupted input). */
  readonly id?: string
  /** Stop reason, recorded by providers that can (Alibaba `Cause`). */
  readonly reason?: string
  /** Recorded by providers that can (Alibaba `Error`). */
  readonly errorCode?: string
  /** Handles per Redis round trip. Default 500. */
  readonly chunkSize?: number
}

/** What `start` answers once every input handle is enqueued (the stops go on in the workers). */
export interface CampaignStarted {
  /** The campaign id (given, or a fresh random one). */
  readonly id: string
  /** The canonical scope string, for a scope campaign (its handles are counted as pages are listed). */
  readonly scope?: string
  /** Input handles read. */
  readonly read: number
  /** Handles new to the campaign, now queued. */
  readonly enqueued: number
  /** Handles the campaign already had (given twice, or in an earlier `start` of the same id): not stopped again. */
  readonly duplicates: number
  /** Handles that failed local validation: recorded as `failed` with `VALIDATION`, nothing sent. */
  readonly invalid: number
}

/** One failed handle of a campaign. */
export interface CampaignFailure {
  /**
   * The canonical handle string (or the input as given, when it was not a valid handle). For a
   * page of a scope that could not be listed: `<scope string>#page-<n>`.
   */
  readonly handle: string
  /** Why it failed, as `RunError.toJSON()` gives it (no secret in it). */
  readonly error: RunErrorJSON
}

/** A campaign's progress, readable while it runs. */
export interface CampaignStatus {
  /** The campaign id. */
  readonly id: string
  /** Running, paused or cancelled. */
  readonly state: CampaignState
  /** The stop reason given to `start`, if any. */
  readonly reason?: string
  /** When the campaign was first started. */
  readonly createdAt: Date
  /** True once `start` has read the whole input. */
  readonly inputDone: boolean
  /** Distinct handles known to the campaign. */
  readonly total: number
  /** Handles by outcome; `pending` is queued or in progress. They add up to `total`. */
  readonly counts: Readonly<Record<CampaignOutcome | 'pending', number>>
  /** Up to `failuresLimit` failures (default 100), each with its RunError JSON. */
  readonly failures: readonly CampaignFailure[]
  /** True when the input is read and no handle is pending. */
  readonly finished: boolean
}
