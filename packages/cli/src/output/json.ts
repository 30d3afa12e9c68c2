import { redact } from '@runstop/core'

/**
 * Round-trips through JSON (so Dates become ISO strings and RunErrors their `toJSON()` form),
 * then scrubs every string, keys included, with `redact`.
 */
export function toRedactedData(value: unknown, secrets: readonly string[]): unknown {
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null')
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redact(node, secrets)
    if (Array.isArray(node)) return node.map(walk)
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(
        Object.entries(node).map(([key, inner]) => [redact(key, secrets), walk(inner)]),
      )
    return node
  }
  return walk(plain)
}

/**
 * The one JSON document a `--json` command prints: redacted, indented by two spaces, ending with
 * a newline.
 */
export function renderJson(value: unknown, secrets: readonly string[]): string {
  return `${JSON.stringify(toRedactedData(value, secrets), null, 2)}\n`
}
