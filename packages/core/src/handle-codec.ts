import { err, ok, type Result } from 'neverthrow'
import { copyHandle } from './plain-handle.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

const SCHEME = 'runstop:'

function encode(text: string): string {
  // Lone surrogates cannot be percent-encoded as UTF-8; they become U+FFFD (such a handle is not valid anyway).
  return encodeURIComponent(text.toWellFormed())
}

function invalid(message: string, provider = 'unknown'): RunError {
  return new RunError({ code: 'VALIDATION', message, provider })
}

/**
 * Checks that a value has the shape of a RunHandle and returns a plain copy of it (see
 * `copyHandle`): a non-empty `provider` string and every other field a string (or undefined,
 * left out). It does not check a provider's own constraints; adapters do.
 */
export function checkHandleShape(value: unknown): Result<RunHandle, RunError> {
  return copyHandle(value)
}

/** What a record names: one run (a handle) or a set of runs (a scope). Used in messages only. */
export type RecordNoun = 'handle' | 'scope'

/**
 * The shape check shared by handles and scopes (`run-scope.ts`): the one copy into plain data
 * (`copyHandle`), its messages naming what was checked.
 */
export function checkRecordShape(value: unknown, noun: RecordNoun): Result<RunHandle, RunError> {
  const copied = copyHandle(value)
  if (noun === 'handle') return copied
  return copied.mapErr((error) => error.with({ message: error.message.replace(/\bhandle\b/g, 'scope') }))
}

/**
 * The string form of a handle, for databases, queues and the CLI:
 * `runstop:<provider>?<key>=<value>&…` with keys sorted and everything percent-encoded, so equal
 * handles give equal strings. Undefined fields are left out.
 */
export function formatHandle(handle: RunHandle): string {
  const keys = Object.keys(handle)
    .filter((key) => key !== 'provider' && handle[key] !== undefined)
    .sort()
  const query = keys.map((key) => `${encode(key)}=${encode(handle[key] as string)}`).join('&')
  return `${SCHEME}${encode(handle.provider)}${query ? `?${query}` : ''}`
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

/** Parses the output of `formatHandle`. Never throws: bad input is a `VALIDATION` error. */
export function parseHandle(text: unknown): Result<RunHandle, RunError> {
  return parseRecord(text, 'handle')
}

/** The parser shared by handles and scopes (`run-scope.ts`): the same string form. */
export function parseRecord(text: unknown, noun: RecordNoun): Result<RunHandle, RunError> {
  if (typeof text !== 'string') return err(invalid(`A ${noun} string must be a string.`))
  if (!text.startsWith(SCHEME)) return err(invalid(`A ${noun} string starts with "${SCHEME}".`))
  const body = text.slice(SCHEME.length)
  const q = body.indexOf('?')
  const provider = decode(q === -1 ? body : body.slice(0, q))
  if (!provider) return err(invalid(`A ${noun} string names its provider: runstop:<provider>?key=value.`))
  const handle: Record<string, string> = { provider }
  if (q !== -1) {
    for (const pair of body.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=')
      if (eq <= 0) return err(invalid(`Each ${noun} field is written key=value.`, provider))
      const key = decode(pair.slice(0, eq))
      const value = decode(pair.slice(eq + 1))
      if (key === undefined || value === undefined)
        return err(invalid(`A ${noun} field is not valid percent-encoding.`, provider))
      if (key === 'provider' || Object.hasOwn(handle, key))
        return err(
          invalid(`${noun === 'handle' ? 'Handle' : 'Scope'} field "${key}" appears twice.`, provider),
        )
      // defineProperty, not assignment: a field named "__proto__" must stay a field.
      Object.defineProperty(handle, key, { value, enumerable: true, writable: true, configurable: true })
    }
  }
  return ok(handle as RunHandle)
}
