import { checkScopeShape, RunError, type RunScope } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'
import { checkField, PROVIDER, REGION } from './bedrock-flows-handle.js'

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

function invalid(message: string, scope: RunScope): RunError {
  return new RunError({ code: 'VALIDATION', message, provider: PROVIDER, operation: 'list', handle: scope })
}

/**
 * Checks a scope against the constraints of ListFlowExecutions (the service model's
 * `FlowIdentifier` and `FlowAliasIdentifier`, as for handles: bare ids only, since they go into
 * the URL), locally.
 */
export function validateScope(scope: unknown): Result<BedrockFlowsScope, RunError> {
  const shaped = checkScopeShape(scope)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER, operation: 'list' }))
  const candidate = shaped.value
  if (candidate.provider !== PROVIDER)
    return err(invalid(`This adapter serves provider '${PROVIDER}', not '${candidate.provider}'.`, candidate))
  const fields = [
    'flowIdentifier',
    ...(candidate.flowAliasIdentifier === undefined ? [] : ['flowAliasIdentifier']),
  ]
  for (const field of fields as ('flowIdentifier' | 'flowAliasIdentifier')[]) {
    const problem = checkField(candidate, field)
    if (problem) return err(problem.with({ operation: 'list', handle: candidate }))
  }
  if (candidate.region !== undefined && !REGION.test(candidate.region))
    return err(invalid(`region must be an AWS region name such as 'us-east-1'.`, candidate))
  const known = new Set(['provider', 'flowIdentifier', 'flowAliasIdentifier', 'region'])
  const extra = Object.keys(candidate).find((key) => !known.has(key))
  if (extra !== undefined) return err(invalid(`Bedrock flows scopes have no field '${extra}'.`, candidate))
  return ok(candidate as BedrockFlowsScope)
}
