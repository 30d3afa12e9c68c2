import { AWS_REGION_NAME, bareIdProblem, checkScopeShape, RunError, type RunScope } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'
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

const KNOWN = new Set(['provider', 'flowIdentifier', 'flowAliasIdentifier', 'region'])

/**
 * Checks a scope against the constraints of ListFlowExecutions (the service model's
 * `FlowIdentifier` and `FlowAliasIdentifier`, bare ids only: a scope goes into the URL as given),
 * locally.
 */
export function validateScope(value: unknown): Result<BedrockFlowsScope, RunError> {
  const shaped = checkScopeShape(value)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER, operation: 'list' }))
  const scope = shaped.value
  const alias = scope.flowAliasIdentifier === undefined ? undefined : FIELDS.flowAliasIdentifier
  const extra = Object.keys(scope).find((key) => !KNOWN.has(key))
  const problem =
    scope.provider !== PROVIDER
      ? `This adapter serves provider '${PROVIDER}', not '${scope.provider}'.`
      : (bareIdProblem('flowIdentifier', scope.flowIdentifier, FIELDS.flowIdentifier) ??
        (alias && bareIdProblem('flowAliasIdentifier', scope.flowAliasIdentifier, alias)) ??
        (scope.region !== undefined && !AWS_REGION_NAME.test(scope.region)
          ? `region must be an AWS region name such as 'us-east-1'.`
          : extra && `Bedrock flows scopes have no field '${extra}'.`))
  if (!problem) return ok(scope as BedrockFlowsScope)
  return err(
    new RunError({
      code: 'VALIDATION',
      message: problem,
      provider: PROVIDER,
      operation: 'list',
      handle: scope,
    }),
  )
}
