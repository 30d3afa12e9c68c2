import { checkScopeShape, RunError, type RunScope } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'
import {
  PROVIDER,
  regionOfWorkflowArn,
  WORKFLOW_ARN_MAX_LENGTH,
  WORKFLOW_ARN_PATTERN,
} from './mwaa-serverless-handle.js'

/** The runs of one MWAA Serverless workflow (of one version of it, when `workflowVersion` is given). */
export interface MwaaServerlessScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** The workflow whose runs to list (its region is read from the ARN). */
  readonly workflowArn: string
  /** `VersionId`: 1–2048 characters, `^.+$`. Absent: runs of every version. */
  readonly workflowVersion?: string
}

/** `VersionId` (service model): 1–2048 characters, `^.+$` (no line breaks). */
export const WORKFLOW_VERSION_PATTERN = /^.+$/
/** The longest `VersionId` the model allows. */
export const WORKFLOW_VERSION_MAX_LENGTH = 2048

function invalid(message: string, field: string, scope?: RunScope): RunError {
  return new RunError({
    code: 'VALIDATION',
    message,
    provider: PROVIDER,
    operation: 'list',
    details: { field },
    ...(scope === undefined ? {} : { handle: scope }),
  })
}

/**
 * Checks a scope against the documented constraints of ListWorkflowRuns, locally: `workflowArn` as
 * for handles, `workflowVersion` 1–2048 characters of `^.+$`, `region` (if any) the ARN's own.
 */
export function validateScope(scope: unknown): Result<MwaaServerlessScope, RunError> {
  const shaped = checkScopeShape(scope)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER, operation: 'list' }))
  const candidate = shaped.value
  if (candidate.provider !== PROVIDER)
    return err(invalid(`An MWAA Serverless scope has provider "${PROVIDER}".`, 'provider', candidate))
  const arn = candidate.workflowArn
  if (arn === undefined)
    return err(invalid('MWAA Serverless scope field "workflowArn" is required.', 'workflowArn', candidate))
  if (arn.length > WORKFLOW_ARN_MAX_LENGTH || !WORKFLOW_ARN_PATTERN.test(arn))
    return err(
      invalid(
        `MWAA Serverless scope field "workflowArn" must be a workflow ARN (full match of ${WORKFLOW_ARN_PATTERN.source}).`,
        'workflowArn',
        candidate,
      ),
    )
  const version = candidate.workflowVersion
  if (
    version !== undefined &&
    (version.length < 1 ||
      version.length > WORKFLOW_VERSION_MAX_LENGTH ||
      !WORKFLOW_VERSION_PATTERN.test(version))
  )
    return err(
      invalid(
        `MWAA Serverless scope field "workflowVersion" must be 1–${WORKFLOW_VERSION_MAX_LENGTH} characters without line breaks.`,
        'workflowVersion',
        candidate,
      ),
    )
  const region = regionOfWorkflowArn(arn)
  if (candidate.region !== undefined && candidate.region !== region)
    return err(
      invalid(
        `MWAA Serverless scope field "region" must be omitted or equal the workflow ARN's region "${region}".`,
        'region',
        candidate,
      ),
    )
  const known = new Set(['provider', 'workflowArn', 'workflowVersion', 'region'])
  const extra = Object.keys(candidate).find((key) => !known.has(key))
  if (extra !== undefined)
    return err(invalid(`MWAA Serverless scopes have no field "${extra}".`, extra, candidate))
  return ok(candidate as MwaaServerlessScope)
}
