import { checkStringField, type RunError, type RunScope } from '@runstop/core'
import type { Result } from 'neverthrow'
import { checkWorkflowRecord, invalid, PROVIDER } from './mwaa-serverless-handle.js'

/** The runs of one MWAA Serverless workflow (of one version of it, when `workflowVersion` is given). */
export interface MwaaServerlessScope extends RunScope {
  readonly provider: typeof PROVIDER
  /** The workflow whose runs to list (its region is read from the ARN). */
  readonly workflowArn: string
  /** `VersionId`: 1–2048 characters, `^.+$`. Absent: runs of every version. */
  readonly workflowVersion?: string
}

const FIELDS = new Set(['provider', 'workflowArn', 'workflowVersion', 'region'])

/** `VersionId` (service model): 1–2048 characters, `^.+$` (no line breaks). */
const VERSION = { max: 2048, pattern: /^.+$/, form: 'characters without line breaks' }

/**
 * Checks a scope against the documented constraints of ListWorkflowRuns, locally: `workflowArn` as
 * for handles, `workflowVersion` 1–2048 characters of `^.+$`, `region` (if any) the ARN's own, no
 * other field.
 */
export function validateScope(scope: unknown): Result<MwaaServerlessScope, RunError> {
  return checkWorkflowRecord(scope, 'scope', (record) => {
    const extra = Object.keys(record).find((key) => !FIELDS.has(key))
    if (extra !== undefined)
      return invalid(`MWAA Serverless scopes have no field "${extra}".`, extra, 'unknown', record)
    if (record.workflowVersion === undefined) return undefined
    return checkStringField(PROVIDER, 'MWAA Serverless scope', record, 'workflowVersion', VERSION)
  })
    .map((record) => record as MwaaServerlessScope)
    .mapErr((error) => error.with({ operation: 'list' }))
}
