import { err, ok, type Result } from 'neverthrow'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { checkScopeShape, type RunScope } from './run-scope.js'

/**
 * One identifier field of a handle that goes into a URL path: a bare id, or the ARN form of the
 * field, which may name more of the run (other ids, its region and account).
 */
export interface IdFieldRule {
  /** The bare id, matched in full, e.g. `/^[0-9a-zA-Z]{10}$/`. */
  readonly id: RegExp
  /** The bare id's rule in words, for messages: `exactly 10 characters of [0-9a-zA-Z]`. */
  readonly rule: string
  /** The ARN form, matched in full; named groups `region`, `account` and any field it names. */
  readonly arn: RegExp
  /** The ARN form in words, for messages: `arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW`. */
  readonly form: string
  /** Said after `<field> is required` when no field names it, e.g. how else to give it. */
  readonly required?: string
}

/** What `readIdFields` read: every field's bare id, and the region (the handle's or an ARN's). */
export interface IdFields<F extends string> {
  /** The bare ids. */
  readonly ids: Readonly<Record<F, string>>
  /** The region the handle or an ARN names, if any. */
  readonly region?: string
}

/** An AWS region name: a host label and a SigV4 scope, `[a-z0-9-]{1,20}` without a leading or trailing `-`. */
export const AWS_REGION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** What must never reach a URL path, each said in the message. */
const PATH_CHARACTERS = ['/', '..', '?', '#', '%'] as const

/** The problem with one field as a bare id only (a scope sent as given), or undefined when it is one. */
export function bareIdProblem(
  field: string,
  value: string | undefined,
  rule: IdFieldRule,
): string | undefined {
  if (value === undefined || value === '') return `${field} is required.`
  if (rule.id.test(value)) return undefined
  const id = value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : undefined
  const hint = id !== undefined && rule.id.test(id) ? ` Use the bare id: ${field} '${id}'.` : ''
  return `${field} of a scope must be ${rule.rule} (a bare id, not an ARN).${hint}`
}

type Reading = { field: string; values: Record<string, string> }

/** One field: nothing, its bare id, or what its ARN names; a message naming the field and the rule otherwise. */
function readField(field: string, value: string | undefined, rule: IdFieldRule, max: number) {
  if (value === undefined || value === '') return ok(undefined)
  if (rule.id.test(value)) return ok({ field, values: { [field]: value } })
  if (value.length > max) return err(`${field} is longer than ${max} characters.`)
  if (CONTROL.test(value)) return err(`${field} must not contain control characters.`)
  const arn = rule.arn.exec(value)?.groups
  if (arn !== undefined) return ok({ field, values: { ...arn } as Record<string, string> })
  if (value.startsWith('arn:')) return err(`${field} is an ARN but not of the form ${rule.form}.`)
  const expected = `${rule.rule} or an ARN ${rule.form}`
  const bad = PATH_CHARACTERS.find((text) => value.includes(text))
  if (bad !== undefined)
    return err(`${field} must not contain '${bad}': it goes into the URL path. Expected ${expected}.`)
  return err(`${field} must be ${expected} (service model ${field} pattern).`)
}

/**
 * Reads a handle's identifier fields, each a bare id or its ARN form (`rules`), and merges what
 * they say into bare ids plus the region: the canonical handle. Two fields (or an ARN and the
 * handle's `region`) that name different ids, regions or accounts are refused; so is a field no
 * one names, a value longer than `max`, one with control characters or a URL path character
 * (`/`, `..`, `?`, `#`, `%`), and a region that is not an AWS region name. Every message names
 * the field and the rule; errors are `VALIDATION` of `provider`. Nothing is sent.
 */
export function readIdFields<F extends string>(
  provider: string,
  handle: RunHandle,
  rules: Readonly<Record<F, IdFieldRule>>,
  max: number,
): Result<IdFields<F>, RunError> {
  const refuse = (message: string) => err(new RunError({ code: 'VALIDATION', message, provider, handle }))
  const fields = Object.keys(rules) as F[]
  const seen: Record<string, { value: string; from: string }> = {}
  if (handle.region !== undefined) seen.region = { value: handle.region, from: 'region' }
  for (const field of fields) {
    const read = readField(field, handle[field], rules[field], max)
    if (read.isErr()) return refuse(read.error)
    const { field: from, values } = (read.value ?? { values: {} }) as Reading
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue
      const before = seen[name]
      seen[name] ??= { value, from }
      if (before === undefined || before.value === value) continue
      if (name === 'region')
        return refuse(
          `${from} is an ARN in region '${value}' but ${before.from} says '${before.value}': leave region out or make them agree.`,
        )
      if (name === 'account')
        return refuse(
          `${from} is an ARN of account ${value} but ${before.from} names account ${before.value}.`,
        )
      return refuse(
        `${from} names ${name} '${value}' but ${before.from} names '${before.value}': they must name one run.`,
      )
    }
  }
  const missing = fields.find((field) => seen[field] === undefined)
  if (missing !== undefined) return refuse(`${missing} is required${rules[missing].required ?? ''}.`)
  const region = seen.region?.value
  if (region !== undefined && !AWS_REGION_NAME.test(region))
    return refuse(`region must be an AWS region name such as 'us-east-1' (1 to 20 characters of [a-z0-9-]).`)
  const ids = Object.fromEntries(fields.map((field) => [field, seen[field]?.value])) as Record<F, string>
  return ok(region === undefined ? { ids } : { ids, region })
}

/**
 * Checks a scope of bare ids locally (a scope is sent as given, so it takes no ARN form): the
 * `required` fields and any `optional` ones given, each by `bareIdProblem`, a `region` that is an
 * AWS region name, and no field besides these and `provider`. Errors are `VALIDATION` of
 * `provider`, operation `list`. Nothing is sent.
 */
export function checkScopeIds(
  provider: string,
  value: unknown,
  required: Readonly<Record<string, IdFieldRule>>,
  optional: Readonly<Record<string, IdFieldRule>> = {},
): Result<RunScope, RunError> {
  const shaped = checkScopeShape(value)
  if (shaped.isErr()) return err(shaped.error.with({ provider, operation: 'list' }))
  const scope = shaped.value
  const given = Object.entries(optional).filter(([field]) => scope[field] !== undefined)
  const rules = [...Object.entries(required), ...given]
  const known = new Set(['provider', 'region', ...Object.keys(required), ...Object.keys(optional)])
  const extra = Object.keys(scope).find((key) => !known.has(key))
  const problem =
    scope.provider === provider
      ? rules.map(([field, rule]) => bareIdProblem(field, scope[field], rule)).find((p) => p !== undefined)
      : `This adapter serves provider '${provider}', not '${scope.provider}'.`
  const message =
    problem ??
    (scope.region !== undefined && !AWS_REGION_NAME.test(scope.region)
      ? "region must be an AWS region name such as 'us-east-1'."
      : extra && `${provider} scopes have no field '${extra}'.`)
  if (!message) return ok(scope)
  return err(new RunError({ code: 'VALIDATION', message, provider, operation: 'list', handle: scope }))
}
