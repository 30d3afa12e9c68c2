import { err, ok, type Result } from 'neverthrow'
import { RunError, type RunErrorCode } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/** The rule of one string field of a handle or scope, from the provider's API reference. */
export interface FieldRule {
  /** The longest value allowed; absent, only the pattern bounds it. */
  readonly max?: number
  /** The shortest value allowed. Default 1. */
  readonly min?: number
  /**
   * The pattern, matched in full (anchor it). A named group `region` makes the field an ARN that
   * names its region: a `region` field beside it must then be left out or equal that region.
   */
  readonly pattern: RegExp
  /** What the pattern asks for, in words, for messages: `letters and digits, then …`. */
  readonly form: string
}

/** An AWS region name (a host label and a SigV4 scope), e.g. `us-east-1`. */
export const AWS_REGION: FieldRule = {
  max: 20,
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/,
  form: "an AWS region name such as 'us-east-1' ([a-z0-9-], no leading or trailing '-')",
}

/** A value fit for a message: at most 80 characters, quoted. */
export const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)

/**
 * A local refusal of a handle or scope (nothing sent): `VALIDATION` unless another code is given.
 * Every refusal of `checkFields` and `readIdFields` is built here, with `details: { field, rule }`.
 */
export function refuseHandle(
  provider: string,
  message: string,
  handle?: RunHandle,
  code: RunErrorCode = 'VALIDATION',
  details?: { readonly field: string; readonly rule: string },
): Result<never, RunError> {
  return err(refusal(provider, message, handle, code, details))
}

function refusal(...[provider, message, handle, code, details]: Parameters<typeof refuseHandle>) {
  const extra = { ...(handle === undefined ? {} : { handle }), ...(details === undefined ? {} : { details }) }
  return new RunError({ code: code ?? 'VALIDATION', message, provider, ...extra })
}

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
  rule: FieldRule,
): RunError | undefined {
  const value: unknown = record[field]
  const min = rule.min ?? 1
  if (typeof value !== 'string')
    return fieldProblem(provider, what, record, field, 'is required and must be a string.', 'required')
  if (value.length < min || value.length > (rule.max ?? Number.POSITIVE_INFINITY)) {
    const message = `must be ${min}–${rule.max ?? '…'} characters long (got ${value.length}).`
    return fieldProblem(provider, what, record, field, message, 'length')
  }
  if (rule.pattern.test(value)) return undefined
  const message = `must be ${rule.form} (full match of ${rule.pattern.source}); got ${show(value)}.`
  return fieldProblem(provider, what, record, field, message, 'pattern')
}

function fieldProblem(
  provider: string,
  what: string,
  record: RunHandle,
  field: string,
  message: string,
  rule: 'required' | 'length' | 'pattern',
): RunError {
  return refusal(provider, `${what} field "${field}" ${message}`, record, 'VALIDATION', { field, rule })
}

/** The fields of a handle or scope, for `checkFields`. */
export interface FieldRules {
  /** Fields that must be given, each with its rule. */
  readonly required?: Readonly<Record<string, FieldRule>>
  /** Fields that may be left out, checked when given. */
  readonly optional?: Readonly<Record<string, FieldRule>>
  /** Names of other fields allowed as they are (e.g. `region`, checked against an ARN's). */
  readonly allowed?: readonly string[]
  /** True: a field not named above is refused (a scope, whose fields all reach the request). */
  readonly exact?: boolean
  /** True: the record is a listing's scope; errors carry operation `list`. */
  readonly scope?: boolean
}

/** The own fields of an object, read once; undefined for anything else (or fields that throw). */
function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  try {
    return Array.isArray(value) ? undefined : { ...value }
  } catch {
    return undefined
  }
}

/**
 * Checks a handle or scope locally (nothing is sent), the one field check of every adapter: an
 * object of `provider`; every field a string (or undefined); the fields named in `rules` keeping
 * their rules (`checkStringField`); a `region` equal to the region an ARN field names (a rule
 * pattern's `region` group); with `rules.exact`, no field besides `provider` and those named. A
 * problem is a `VALIDATION` RunError of `provider` with `details: { field, rule }` (`type`,
 * `value`, `unknown`, `matchesArn` or a field rule), operation `list` for a scope; the record is
 * given back as it is.
 */
export function checkFields(
  provider: string,
  what: string,
  value: unknown,
  rules: FieldRules,
): Result<RunHandle, RunError> {
  const problem = check(provider, what, value, rules)
  if (problem === undefined) return ok(value as RunHandle)
  return err(rules.scope ? problem.with({ operation: 'list' }) : problem)
}

const hasOwn = (rules: Readonly<Record<string, FieldRule>> | undefined, key: string) =>
  rules !== undefined && Object.hasOwn(rules, key)

/**
 * The first problem of `value`, or undefined. Runs on every call (the controller validates each
 * handle), so it builds nothing for a good record: no merged rule table, no set of known names,
 * and an ARN's pattern runs a second time (`exec`, for its region) only when a `region` is given.
 */
function check(provider: string, what: string, value: unknown, rules: FieldRules): RunError | undefined {
  const refuse = (message: string, field: string, rule: string, record?: RunHandle) =>
    refusal(provider, `${what} ${message}`, record, 'VALIDATION', { field, rule })
  const fields = fieldsOf(value)
  if (fields === undefined)
    return refuse('must be an object of string fields.', rules.scope ? 'scope' : 'handle', 'type')
  const record = fields as RunHandle
  if (record.provider !== provider)
    return refuse(
      `must have provider "${provider}" (got ${show(String(record.provider))}).`,
      'provider',
      'value',
      record,
    )
  const { required, optional } = rules
  // for…in rather than Object.keys: no array per call (`fields` is a plain copy, the rules are
  // constants: own fields only, in the same order).
  const exact = Boolean(rules.exact)
  for (const key in fields) {
    const field = fields[key]
    // A string (or undefined) field of a record that may have others: nothing to check here (the
    // ruled fields are checked below), so no lookups in the rules.
    if (!exact && (field === undefined || typeof field === 'string')) continue
    if (!Object.hasOwn(fields, key)) continue
    const ruled = hasOwn(required, key) || hasOwn(optional, key)
    if (exact && !ruled && key !== 'provider' && !rules.allowed?.includes(key))
      return refuse(`has no field "${key}".`, key, 'unknown', record)
    if (!ruled && field !== undefined && typeof field !== 'string')
      return refuse(`field "${key}" must be a string.`, key, 'type', record)
  }
  // The required fields, then the optional ones not also required (a field named in both keeps
  // the optional rule, in the required field's place: the order of `{ ...required, ...optional }`).
  if (required !== undefined)
    for (const field in required) {
      if (!Object.hasOwn(required, field)) continue
      const rule = hasOwn(optional, field) ? (optional?.[field] as FieldRule) : (required[field] as FieldRule)
      const problem = checkRuled(provider, what, record, field, rule, true)
      if (problem !== undefined) return problem
    }
  if (optional !== undefined)
    for (const field in optional) {
      if (!Object.hasOwn(optional, field) || hasOwn(required, field)) continue
      const problem = checkRuled(provider, what, record, field, optional[field] as FieldRule, false)
      if (problem !== undefined) return problem
    }
  return undefined
}

/** One ruled field: its rule, and a `region` beside an ARN field naming the ARN's region. */
function checkRuled(
  provider: string,
  what: string,
  record: RunHandle,
  field: string,
  rule: FieldRule,
  required: boolean,
): RunError | undefined {
  const value = record[field]
  if (value === undefined && !required) return undefined
  const problem = checkStringField(provider, what, record, field, rule)
  if (problem !== undefined || record.region === undefined || value === undefined) return problem
  // A pattern without a `region` group names no region: no second run of it (the handle's own
  // `region` field, checked by a rule like AWS_REGION, on every call of a regional handle).
  if (!rule.pattern.source.includes('(?<region>')) return undefined
  const region = rule.pattern.exec(value)?.groups?.region
  if (region === undefined || record.region === region) return undefined
  return refusal(
    provider,
    `${what} field "region" must be left out or equal the region of its ${field}, "${region}".`,
    record,
    'VALIDATION',
    { field: 'region', rule: 'matchesArn' },
  )
}
