import { err, ok, type Result } from 'neverthrow'
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

/** The string fields of a handle or scope, for `checkFields`. */
export interface FieldRules {
  /** Fields that must be given, each with its rule. */
  readonly required: Readonly<Record<string, StringFieldRule>>
  /** Fields that may be left out, checked when given. */
  readonly optional?: Readonly<Record<string, StringFieldRule>>
  /** Names of other fields allowed as they are (e.g. `region`, which the caller checks). */
  readonly allowed?: readonly string[]
  /** True: a field not named above is refused (a scope, whose fields all reach the request). */
  readonly exact?: boolean
}

/**
 * Checks a handle or scope locally (nothing is sent): an object of `provider` whose fields keep
 * their rules (`checkStringField`), with no unknown field when `rules.exact`. A problem is a
 * `VALIDATION` RunError with `details: { field, rule }` (`type`, `value`, `unknown`, or a field
 * rule); the record is given back as it is.
 */
export function checkFields(
  provider: string,
  what: string,
  value: unknown,
  rules: FieldRules,
): Result<RunHandle, RunError> {
  const refuse = (message: string, field: string, rule: string, record?: RunHandle) =>
    err(new RunError({ code: 'VALIDATION', message, provider, details: { field, rule }, handle: record }))
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refuse(`${what} must be an object.`, 'handle', 'type')
  const record = value as RunHandle
  if (record.provider !== provider)
    return refuse(
      `${what} has provider "${provider}" (got ${show(String(record.provider))}).`,
      'provider',
      'value',
      record,
    )
  const optional = rules.optional ?? {}
  const known = new Set([
    'provider',
    ...Object.keys(rules.required),
    ...Object.keys(optional),
    ...(rules.allowed ?? []),
  ])
  const extra = rules.exact ? Object.keys(record).find((key) => !known.has(key)) : undefined
  if (extra !== undefined) return refuse(`${what} has no field "${extra}".`, extra, 'unknown', record)
  for (const [field, rule] of Object.entries(rules.required)) {
    const problem = checkStringField(provider, what, record, field, rule)
    if (problem) return err(problem)
  }
  for (const [field, rule] of Object.entries(optional)) {
    const problem =
      record[field] === undefined ? undefined : checkStringField(provider, what, record, field, rule)
    if (problem) return err(problem)
  }
  return ok(record)
}
