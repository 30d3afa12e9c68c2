import { AWS_REGION, checkFields, type RunError, type RunScope } from '@runstop/core'
import type { Result } from 'neverthrow'
import { FIELDS, PROVIDER, validateHandle } from './bedrock-flows-handle.js'

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
 * Checks a scope locally against ListFlowExecutions' `FlowIdentifier` and `FlowAliasIdentifier`
 * (service model), bare ids only: a scope goes into the URL as given.
 */
export const validateScope = (value: unknown) =>
  checkFields(PROVIDER, 'Bedrock flows scope', value, {
    required: { flowIdentifier: FIELDS.flowIdentifier },
    optional: { flowAliasIdentifier: FIELDS.flowAliasIdentifier, region: AWS_REGION },
    exact: true,
    scope: true,
  }) as Result<BedrockFlowsScope, RunError>

/** The ListFlowExecutions input of a page: the flow, and the alias when the scope names one. */
export const listInput = ({ flowIdentifier, flowAliasIdentifier }: BedrockFlowsScope) =>
  flowAliasIdentifier === undefined ? { flowIdentifier } : { flowIdentifier, flowAliasIdentifier }

/**
 * The handle a ListFlowExecutions summary names by its `executionArn` (`undefined` without one),
 * with the scope's `region`, if any, in place of the ARN's: its stop goes where the listing went.
 */
export const handleOfSummary = (item: Readonly<Record<string, unknown>>, { region }: BedrockFlowsScope) =>
  validateHandle({ provider: PROVIDER, executionIdentifier: item.executionArn })
    .map(({ region: _arnRegion, ...handle }) => (region === undefined ? handle : { ...handle, region }))
    .unwrapOr(undefined)
