import { err, ok, type Result } from 'neverthrow'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/** How `checkArnField` reads an ARN field: its pattern (group 1 the region), longest length, form. */
export interface ArnFieldRule {
  /** The ARN, matched in full; its first group is the region. */
  readonly pattern: RegExp
  /** The longest ARN the service takes (e.g. 256 for a Step Functions `Arn`). */
  readonly max: number
  /** The form in words, for messages: `arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>`. */
  readonly form: string
}

/** What `checkArnField` read. */
export interface ArnRead {
  /** The ARN, as given. */
  readonly arn: string
  /** The region the ARN names. */
  readonly region: string
}

/**
 * Checks a handle's (or scope's) ARN field locally, for providers whose runs are named by an ARN
 * that carries their region: present, at most `rule.max` characters, of the ARN form, and a
 * `region` on the record, if any, equal to the ARN's own. Gives the ARN and its region; errors
 * are `VALIDATION` of `provider`, naming the field and the form. Nothing is sent.
 */
export function checkArnField(
  provider: string,
  record: RunHandle,
  field: string,
  rule: ArnFieldRule,
): Result<ArnRead, RunError> {
  const refuse = (message: string) =>
    err(new RunError({ code: 'VALIDATION', message, provider, handle: record }))
  const arn = record[field]
  const region = arn === undefined || arn.length > rule.max ? undefined : rule.pattern.exec(arn)?.[1]
  if (arn === undefined || region === undefined)
    return refuse(`${field} must be ${rule.form}, 1 to ${rule.max} characters.`)
  if (record.region !== undefined && record.region !== region)
    return refuse(`region must be left out or equal the ARN's region '${region}'.`)
  return ok({ arn, region })
}
