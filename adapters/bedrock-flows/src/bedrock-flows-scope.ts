import { AWS_REGION, checkFields, type RunError, type RunScope } from '@runstop/core'
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
  checkFields(PROVIDER, 'Bedrock flows scope', value, {
    required: { flowIdentifier: FIELDS.flowIdentifier },
    optional: { flowAliasIdentifier: FIELDS.flowAliasIdentifier, region: AWS_REGION },
    exact: true,
    scope: true,
  }) as Result<BedrockFlowsScope, RunError>
