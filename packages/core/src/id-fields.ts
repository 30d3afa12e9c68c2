import { err, ok, type Result } from 'neverthrow'
import { AWS_REGION, checkFields, type FieldRule, refuseHandle, show } from './check-fields.js'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/**
 * One identifier field of a handle that goes into a URL path: a bare id (the `FieldRule`: its
 * pattern, its form in words, and `max`, the longest value of either form), or the ARN form of
 * the field, which may name more of the run (other ids, its region and account). A scope, sent
 * as given, takes the bare id only: give the rule to `checkFields`.
 */
export interface IdFieldRule extends FieldRule {
  /** The ARN form, matched in full; named groups `region`, `account` and any field it names. */
  readonly arn: RegExp
  /** The ARN form in words, for messages: `arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW`. */
  readonly arnForm: string
  /** Said after `is required` when no field names it, e.g. how else to give it. */
  readonly required?: string
}

/** What `readIdFields` read: every field's bare id, and the region (the handle's or an ARN's). */
export interface IdFields<F extends string> {
  /** The bare ids. */
  readonly ids: Readonly<Record<F, string>>
  /** The region the handle or an ARN names, if any. */
  readonly region?: string
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** What must never reach a URL path, each said in the message. */
const PATH_CHARACTERS = ['/', '..', '?', '#', '%'] as const

type Problem = readonly [rule: string, message: string]

/** One field: nothing, its bare id, or what its ARN names; the rule broken and why otherwise. */
function readField(
  field: string,
  value: string | undefined,
  rule: IdFieldRule,
): Result<Record<string, string>, Problem> {
  const max = rule.max ?? Number.POSITIVE_INFINITY
  const refuse = (...problem: Problem) => err(problem)
  if (value === undefined || value === '') return ok({})
  if (value.length <= max && rule.pattern.test(value)) return ok({ [field]: value })
  if (value.length > max) return refuse('length', `must be 1–${max} characters long (got ${value.length}).`)
  if (CONTROL.test(value)) return refuse('pattern', 'must not contain control characters.')
  const arn = rule.arn.exec(value)?.groups
  if (arn !== undefined) return ok({ ...arn })
  if (value.startsWith('arn:')) return refuse('pattern', `is an ARN but not of the form ${rule.arnForm}.`)
  const expected = `${rule.form} or an ARN ${rule.arnForm}`
  const bad = PATH_CHARACTERS.find((text) => value.includes(text))
  if (bad !== undefined)
    return refuse('pattern', `must not contain '${bad}': it goes into the URL path. Expected ${expected}.`)
  return refuse('pattern', `must be ${expected} (service model pattern); got ${show(value)}.`)
}

/**
 * Reads a handle's identifier fields, each a bare id or its ARN form (`rules`), and merges what
 * they say into bare ids plus the region: the canonical handle. The handle is first checked by
 * `checkFields` (an object of `provider`, string fields, a `region` that is an AWS region name).
 * Two fields (or an ARN and the handle's `region`) that name different ids, regions or accounts
 * are refused (rule `agrees`); so is a field no one names (`required`), a value longer than its
 * rule's `max` (`length`), one with control characters or a URL path character (`/`, `..`, `?`,
 * `#`, `%`) or of neither form (`pattern`). Messages say `what` and the field as `checkFields`
 * does; errors are `VALIDATION` of `provider` with `details: { field, rule }`. Nothing is sent.
 */
export function readIdFields<F extends string>(
  provider: string,
  what: string,
  value: unknown,
  rules: Readonly<Record<F, IdFieldRule>>,
): Result<IdFields<F>, RunError> {
  const checked = checkFields(provider, what, value, REGION_RULES)
  if (checked.isErr()) return err(checked.error)
  const handle = checked.value
  return bareIds(handle, rules) ?? merge(provider, what, handle, rules)
}

/** The rules `checkFields` applies before the identifier fields are read: one object for every call. */
const REGION_RULES = { optional: { region: AWS_REGION } }

/**
 * What `merge` gives for a handle whose every identifier field is a bare id (the canonical form,
 * what the controller passes on every call), built without `merge`'s bookkeeping; undefined for
 * any other handle (an ARN, a missing or bad field), which `merge` then reads. A bare id names
 * only its own field, so such fields cannot disagree, and `checkFields` has checked the region.
 */
function bareIds<F extends string>(
  handle: RunHandle,
  rules: Readonly<Record<F, IdFieldRule>>,
): Result<IdFields<F>, RunError> | undefined {
  const ids = {} as Record<F, string>
  for (const field in rules) {
    if (!Object.hasOwn(rules, field)) continue
    const value = handle[field]
    const rule = rules[field]
    if (value === undefined || value === '' || value.length > (rule.max ?? Number.POSITIVE_INFINITY))
      return undefined
    if (!rule.pattern.test(value)) return undefined
    ids[field] = value
  }
  const region = handle.region
  return ok(region === undefined ? { ids } : { ids, region })
}

function merge<F extends string>(
  provider: string,
  what: string,
  handle: RunHandle,
  rules: Readonly<Record<F, IdFieldRule>>,
): Result<IdFields<F>, RunError> {
  const refuse = (field: string, rule: string, message: string) =>
    refuseHandle(provider, `${what} field "${field}" ${message}`, handle, 'VALIDATION', { field, rule })
  const fields = Object.keys(rules) as F[]
  const seen: Record<string, { value: string; from: string }> = {}
  if (handle.region !== undefined) seen.region = { value: handle.region, from: 'region' }
  for (const field of fields) {
    const read = readField(field, handle[field], rules[field])
    if (read.isErr()) return refuse(field, ...read.error)
    for (const [name, value] of Object.entries(read.value)) {
      if (value === undefined) continue
      const before = seen[name]
      seen[name] ??= { value, from: field }
      if (before === undefined || before.value === value) continue
      const says = (text: string) => `${name} ${show(text)}`
      const message = `names ${says(value)} but field "${before.from}" names ${says(before.value)}`
      return refuse(field, 'agrees', `${message}: they must name one run.`)
    }
  }
  const missing = fields.find((field) => seen[field] === undefined)
  if (missing !== undefined)
    return refuse(missing, 'required', `is required${rules[missing].required ?? ''}.`)
  const region = seen.region?.value
  if (region !== undefined && !AWS_REGION.pattern.test(region))
    return refuse('region', 'pattern', `must be ${AWS_REGION.form}; got ${show(region)}.`)
  const ids = Object.fromEntries(fields.map((field) => [field, seen[field]?.value])) as Record<F, string>
  return ok(region === undefined ? { ids } : { ids, region })
}
