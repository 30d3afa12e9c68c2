/**
 * Scrubs credentials out of text that may end up in an error message, a log line or CLI output.
 * Signatures, tokens and Authorization headers are removed by shape; explicit secret values
 * (an adapter's own configured secret, say) are removed wherever they appear.
 */
const SECRET_SHAPES: readonly RegExp[] = [
  // Authorization: AWS4-HMAC-SHA256 Credential=..., Signature=... / ACS3-HMAC-SHA256 ... / acs AK:sig
  /(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi,
  /((?:x-amz-signature|signature|x-amz-security-token|security-?token|sessiontoken|x-acs-security-token|secretaccesskey|accesskeysecret|access_key_secret|secret_access_key)["']?\s*[:=]\s*["']?)[^"'&\s,;}]+/gi,
]

/** What a secret is replaced with in redacted text: `[REDACTED]`. */
export const REDACTED = '[REDACTED]'

/** Returns `text` with signatures, tokens, Authorization values and each of `secrets` replaced. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
  for (const secret of secrets) {
    // Short values would blank out ordinary words; real secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED)
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, `$1${REDACTED}`)
  return out
}

/** Fields that carry credentials or the raw exchange (request, socket, headers): never copied. */
const SENSITIVE_KEY =
  /authorization|token|secret|signature|password|credential|cookie|^\$?(?:headers?|request|req|response|res|config|socket|agent|client)$/i

/** How deep a cause (and the data under it) is copied; deeper parts become a marker string. */
const MAX_DEPTH = 6

const COPIES = new WeakSet<object>()

/**
 * A copy of `value` that is plain data and safe to print: strings redacted (`redact`, with
 * `secrets`), fields with credential-like names left out, class instances other than errors
 * (sockets, HTTP messages, buffers, SDK responses) reduced to `[ClassName]`, a BigInt written as
 * its decimal string, cycles as `[Circular]`, an unreadable field (a throwing getter) as
 * `[unreadable]`. Never throws.
 */
export function redactData(value: unknown, secrets: readonly (string | undefined)[] = []): unknown {
  return copyData(value, secrets, 0, new WeakSet())
}

/**
 * The one redaction of an error's `cause`, used by `RunError` for every adapter: an Error becomes
 * a new Error with the same name, a redacted message and stack, its own plain fields copied with
 * `redactData` (so the raw HTTP response, the request, its headers and sockets are not kept) and
 * its own `cause` redacted the same way. A RunError is kept as is (it was redacted when made);
 * a string is redacted; anything else is copied with `redactData`. Never throws; nothing reachable
 * from the result (by `util.inspect` at any depth, JSON, `String`) holds a configured secret or a
 * signature, token or Authorization value written in a recognisable shape.
 */
export function redactCause(cause: unknown, secrets: readonly (string | undefined)[] = []): unknown {
  return copyCause(cause, secrets, 0, new WeakSet())
}

function isRunError(value: object): boolean {
  return (value as Record<symbol, unknown>)[Symbol.for('runstop.RunError')] === true
}

function copyCause(
  cause: unknown,
  secrets: readonly (string | undefined)[],
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof cause !== 'object' || cause === null) return copyData(cause, secrets, depth, seen)
  try {
    if (isRunError(cause) || COPIES.has(cause)) return cause
    if (!(cause instanceof Error)) return copyData(cause, secrets, depth, seen)
    if (seen.has(cause)) return '[Circular]'
    seen.add(cause)
    const copy = new Error(redact(readString(cause, 'message') ?? '', secrets))
    const hidden = (key: string, value: unknown) =>
      Object.defineProperty(copy, key, { value, enumerable: false, writable: true, configurable: true })
    hidden('name', redact(readString(cause, 'name') ?? 'Error', secrets))
    hidden('stack', redact(readString(cause, 'stack') ?? `${copy.name}: ${copy.message}`, secrets))
    for (const key of ownKeys(cause)) {
      if (key === 'message' || key === 'name' || key === 'stack' || key === 'cause') continue
      if (SENSITIVE_KEY.test(key)) continue
      const field = copyData(read(cause, key), secrets, depth + 1, seen)
      if (field !== undefined)
        Object.defineProperty(copy, key, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        })
    }
    const inner = read(cause, 'cause')
    if (inner !== undefined)
      hidden('cause', depth + 1 >= MAX_DEPTH ? '[…]' : copyCause(inner, secrets, depth + 1, seen))
    COPIES.add(copy)
    return copy
  } catch {
    return '[unreadable]'
  }
}

function copyData(
  value: unknown,
  secrets: readonly (string | undefined)[],
  depth: number,
  seen: WeakSet<object>,
): unknown {
  switch (typeof value) {
    case 'string':
      return redact(value, secrets)
    case 'bigint':
      return value.toString()
    case 'function':
      return '[Function]'
    case 'symbol':
      return value.toString()
    case 'object':
      break
    default:
      return value
  }
  if (value === null) return null
  const object = value as object
  try {
    if (object instanceof Error || isRunError(object)) return copyCause(object, secrets, depth, seen)
    if (object instanceof Date) return new Date(object.getTime())
    if (seen.has(object)) return '[Circular]'
    if (depth >= MAX_DEPTH) return '[…]'
    if (Array.isArray(object)) {
      seen.add(object)
      const out = object.slice(0, 100).map((item) => copyData(item, secrets, depth + 1, seen))
      seen.delete(object)
      return out
    }
    const proto = Object.getPrototypeOf(object)
    if (proto !== Object.prototype && proto !== null)
      return `[${(proto?.constructor as { name?: unknown } | undefined)?.name || 'object'}]`
    seen.add(object)
    const out: Record<string, unknown> = {}
    for (const key of ownKeys(object)) {
      if (SENSITIVE_KEY.test(key)) continue
      const field = copyData(read(object, key), secrets, depth + 1, seen)
      if (field !== undefined)
        Object.defineProperty(out, key, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        })
    }
    seen.delete(object)
    return out
  } catch {
    return '[unreadable]'
  }
}

function ownKeys(object: object): string[] {
  try {
    return Object.keys(object)
  } catch {
    return []
  }
}

const UNREADABLE = '[unreadable]'

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key]
  } catch {
    return UNREADABLE
  }
}

function readString(object: object, key: string): string | undefined {
  const value = read(object, key)
  return typeof value === 'string' ? value : undefined
}
