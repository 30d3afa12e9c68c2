import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/** The rule of one string field of a handle or scope, from the provider's API reference. */
export interface StringFieldRule {
  /** The longest value allowed. */
  readonly max: number
  /** The shortest value allowed. Default 1. */
  readonly min?: number
  /** The pattern, matched in full (anchor it). */
  readonly pattern: RegExp
  /** What the pattern asks for, in words, for messages: `letters and digits, then …`. */
  readonly form: string
}

/** A value fit for a message: at most 80 characters, quoted. */
const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)

/**
 * Checks one field of a handle or scope locally (nothing is sent): a string, `min`–`max`
 * characters, the pattern matched in full. A problem is a `VALIDATION` RunError of `provider`
 * naming the field as `what` calls it (e.g. `MWAA Serverless handle field "runId"`), with
 * `details: { field, rule }`, `rule` one of `required`, `length`, `pattern`; a fine field is
 * `undefined`. Long values are shortened in messages.
 */
export function checkStringField(
  provider: string,
  what: string,
  record: RunHandle,
  field: string,
  rule: StringFieldRule,
): RunError | undefined {
  const value: unknown = record[field]
  const min = rule.min ?? 1
  const problem = (message: string, name: 'required' | 'length' | 'pattern') =>
    new RunError({
      code: 'VALIDATION',
      message: `${what} field "${field}" ${message}`,
      provider,
      handle: record,
      details: { field, rule: name },
    })
  if (typeof value !== 'string') return problem('is required and must be a string.', 'required')
  if (value.length < min || value.length > rule.max)
    return problem(`must be ${min}–${rule.max} characters long (got ${value.length}).`, 'length')
  if (!rule.pattern.test(value))
    return problem(
      `must be ${rule.form} (full match of ${rule.pattern.source}); got ${show(value)}.`,
      'pattern',
    )
  return undefined
}
