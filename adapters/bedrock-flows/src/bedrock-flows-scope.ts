import { checkScopeIds, type RunError, type RunScope } from '@runstop/core'
import type { Result } from 'neverthrow'
import { FIELDS, PROVIDER } from './bedrock-flows-handle.js'

/** The executions of one Bedrock flow (of one alias of it, when `flowAliasIdentifier` is given). */
export interface BedrockFlowsScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** The flow's 10-character id. */
  readonly flowIdentifier: string
  /** The alias's id; absent: every alias. */
  readonly flowAliasIdentifier?: string
  /** Overrides the adapter's default region. */
  readonly region?: string
}

/**
 * Checks a scope against the constraints of ListFlowExecutions (the service model's
 * `FlowIdentifier` and `FlowAliasIdentifier`, bare ids only: a scope goes into the URL as given),
 * locally.
 */
export const validateScope = (value: unknown) =>
  checkScopeIds(
    PROVIDER,
    value,
    { flowIdentifier: FIELDS.flowIdentifier },
    { flowAliasIdentifier: FIELDS.flowAliasIdentifier },
  ) as Result<BedrockFlowsScope, RunError>
