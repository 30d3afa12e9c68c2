import type { RunAdapter, RunHandle, RunScope, RunStatus } from '@runstop/core'

/** What the conformance suite needs from a provider's test environment (an emulator, usually). */
export interface ConformanceFixture {
  /** The adapter under test, pointed at a provider (usually the emulator) the fixture controls. */
  // biome-ignore lint/suspicious/noExplicitAny: adapters are invariant in their handle type
  readonly adapter: RunAdapter<any>
  /** Creates a run that the provider reports in this normalized status. Only called for `statuses`. */
  createRun(status: RunStatus): RunHandle | Promise<RunHandle>
  /** A well-formed handle whose run does not exist. */
  missingHandle(): RunHandle | Promise<RunHandle>
  /** Handles that break the provider's documented constraints (checked locally, nothing sent). */
  readonly invalidHandles: readonly RunHandle[]
  /** How many requests the provider has received so far, to prove that nothing was sent. */
  requestCount(): number
  /** Delays the provider's answers. Required when `features.abortInFlight` is declared. */
  setLatency?(ms: number): void
  /** Makes the next request answer the provider's throttling error. Required when `features.throttling` is declared. */
  injectThrottle?(): void
}

/**
 * What the list tests need (required when the adapter declares `capabilities.list`; the list
 * tests are registered when it is given).
 */
export interface ListingFixture {
  /**
   * Creates runs in these statuses in a fresh scope (a new workflow or flow that holds nothing
   * else) and returns the scope and the handles, in the form the adapter's listing gives them.
   */
  createScope(statuses: readonly Exclude<RunStatus, 'unknown'>[]): Promise<CreatedScope> | CreatedScope
  /** A well-formed scope that names no existing workflow. */
  missingScope(): RunScope
  /** Scopes that break the provider's documented constraints (checked locally, nothing sent). */
  readonly invalidScopes: readonly RunScope[]
}

/** A scope made by `ListingFixture.createScope`, with the runs created in it. */
export interface CreatedScope {
  /** The new scope (a fresh workflow, say), holding exactly `handles`. */
  scope: RunScope
  /** One run per status asked for, in the same order. */
  handles: RunHandle[]
}

/** What `runAdapterConformance` takes: how to set up the provider and which optional parts to test. */
export interface ConformanceOptions {
  /** Shown in the suite's name. */
  readonly name: string
  /** The normalized statuses the provider can be put in; the suite tests get and stop for each. */
  readonly statuses: readonly Exclude<RunStatus, 'unknown'>[]
  /** Called once before the suite (start an emulator, build the adapter). */
  setup(): Promise<ConformanceFixture>
  /** Called once after the suite. */
  teardown?(): Promise<void>
  /** Optional parts of the suite the fixture supports; tests for undeclared ones are not registered. */
  readonly features?: {
    /** The fixture has `setLatency`: test that an abort ends a call in flight. */
    readonly abortInFlight?: boolean
    /** The fixture has `injectThrottle`: test that a throttled call is retried. */
    readonly throttling?: boolean
  }
  /** The list tests' fixture: give it exactly when the adapter declares `capabilities.list`. */
  readonly listing?: ListingFixture
  /** Milliseconds the abort-in-flight test allows for the adapter to give up. Default 2,000. */
  readonly abortWithinMs?: number
}
