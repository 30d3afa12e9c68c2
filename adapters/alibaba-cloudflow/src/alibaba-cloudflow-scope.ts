import { checkScopeShape, RunError, type RunScope } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'
import { checkName, checkRegion, PROVIDER } from './alibaba-cloudflow-handle.js'

/** The executions of one CloudFlow flow. */
export interface AlibabaCloudFlowScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** `^[A-Za-z_][A-Za-z0-9_-]{0,127}$` */
  readonly flowName: string
  /** Overrides the adapter's default region. */
  readonly region?: string
}

/** Checks a scope against the constraints of ListExecutions (FlowName as for handles), locally. */
export function validateScope(scope: unknown): Result<AlibabaCloudFlowScope, RunError> {
  const shaped = checkScopeShape(scope)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER, operation: 'list' }))
  const candidate = shaped.value
  const fail = (error: RunError) => err(error.with({ operation: 'list', handle: candidate }))
  if (candidate.provider !== PROVIDER)
    return fail(
      new RunError({
        code: 'VALIDATION',
        message: `This adapter serves provider '${PROVIDER}', not '${candidate.provider}'.`,
        provider: PROVIDER,
      }),
    )
  const problem =
    checkName(candidate, 'flowName') ??
    (candidate.region === undefined ? undefined : checkRegion(candidate.region, candidate))
  if (problem) return fail(problem)
  const extra = Object.keys(candidate).find((key) => !['provider', 'flowName', 'region'].includes(key))
  if (extra !== undefined)
    return fail(
      new RunError({
        code: 'VALIDATION',
        message: `Alibaba CloudFlow scopes have no field '${extra}'.`,
        provider: PROVIDER,
      }),
    )
  return ok(candidate as AlibabaCloudFlowScope)
}
