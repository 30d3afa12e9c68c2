import { err, ok, type Result } from 'neverthrow'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

function refuse(message: string, provider = 'unknown', handle?: RunHandle): RunError {
  return new RunError({
    code: 'VALIDATION',
    message,
    provider,
    ...(handle === undefined ? {} : { handle }),
  })
}

/** A key or value `formatHandle` can write and `parseHandle` reads back unchanged. */
function writable(text: string): boolean {
  return text.isWellFormed()
}

/**
 * Copies a caller's handle into plain data, once: the own enumerable string-keyed fields, each
 * read exactly once (a getter runs at most once, a proxy is asked once per field). Everything
 * after this step (validation, the request, errors, hooks) sees the copy, never the original, so
 * what is validated is what is sent.
 *
 * Refused with `VALIDATION` (never thrown): anything that is not a non-array object, an object
 * whose fields cannot be read (a throwing getter or proxy trap), a missing or empty `provider`,
 * a field that is neither a string nor undefined (a number, a BigInt, an object), an empty field
 * name, and a name or value that is not well-formed Unicode (a lone surrogate). The last two
 * cannot be written down by `formatHandle` and read back by `parseHandle`, so no handle that
 * cannot round-trip is ever accepted. Undefined fields are left out of the copy. The error's
 * `handle` is the plain part that could be read (string fields only), when `provider` was.
 */
export function copyHandle(value: unknown): Result<RunHandle, RunError> {
  if (typeof value !== 'object' || value === null)
    return err(refuse('A run handle must be an object with a provider field.'))
  const copy: Record<string, string> = {}
  let problem: string | undefined
  try {
    // Inside the try: Array.isArray throws for a revoked proxy.
    if (Array.isArray(value)) return err(refuse('A run handle must be an object with a provider field.'))
    for (const key of Object.keys(value)) {
      const field: unknown = (value as Record<string, unknown>)[key]
      if (field === undefined) continue
      if (typeof field !== 'string') {
        problem ??= `Run handle field "${printable(key)}" must be a string (it is ${describe(field)}).`
        continue
      }
      if (key === '') problem ??= 'A run handle field name must not be empty.'
      else if (!writable(key) || !writable(field))
        problem ??= `Run handle field "${printable(key)}" is not well-formed text (a lone surrogate).`
      // defineProperty for "__proto__", so it stays a field (assignment would set the prototype).
      if (key === '__proto__')
        Object.defineProperty(copy, key, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      else copy[key] = field
    }
  } catch {
    return err(refuse('A run handle must be plain data; reading its fields failed.'))
  }
  const provider = Object.hasOwn(copy, 'provider') ? copy.provider : undefined
  if (provider === undefined || provider === '')
    return err(refuse('A run handle needs a non-empty string "provider".'))
  const handle = copy as RunHandle
  if (problem !== undefined) return err(refuse(problem, writable(provider) ? provider : 'unknown', handle))
  return ok(handle)
}

function describe(field: unknown): string {
  if (field === null) return 'null'
  if (Array.isArray(field)) return 'an array'
  return typeof field === 'object' ? 'an object' : `a ${typeof field}`
}

/** A field name fit for a message: lone surrogates replaced, length bounded. */
function printable(key: string): string {
  const text = key.toWellFormed()
  return text.length > 64 ? `${text.slice(0, 64)}…` : text
}
