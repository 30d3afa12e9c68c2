import { checkFields, type RunError, type RunScope } from '@runstop/core'
import type { Result } from 'neverthrow'
import { PROVIDER, WORKFLOW_ARN } from './mwaa-serverless-handle.js'

/** The runs of one MWAA Serverless workflow (of one version of it, when `workflowVersion` is given). */
export interface MwaaServerlessScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** The workflow whose runs to list (its region is read from the ARN). */
  readonly workflowArn: string
  /** `VersionId`: 1–2048 characters, `^.+$`. Absent: runs of every version. */
  readonly workflowVersion?: string
}

/** `VersionId` (service model): 1–2048 characters, `^.+$` (no line breaks). */
const VERSION = { max: 2048, pattern: /^.+$/, form: 'characters without line breaks' }

/**
 * Checks a scope against the documented constraints of ListWorkflowRuns, locally: `workflowArn` as
 * for handles, `workflowVersion` 1–2048 characters of `^.+$`, `region` (if any) the ARN's own, no
 * other field.
 */
export function validateScope(scope: unknown): Result<MwaaServerlessScope, RunError> {
  const rules = { required: { workflowArn: WORKFLOW_ARN }, optional: { workflowVersion: VERSION } }
  const options = { ...rules, allowed: ['region'], exact: true, scope: true }
  return checkFields(PROVIDER, 'MWAA Serverless scope', scope, options).map(
    (record) => record as MwaaServerlessScope,
  )
}
