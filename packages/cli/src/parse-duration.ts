import { err, ok, type Result } from 'neverthrow'

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y

/**
 * Parses a human duration into milliseconds: `1500ms`, `30s`, `5m`, `1h`, `1d`, decimals (`1.5s`)
 * and compounds (`1m30s`). A unit is required: a bare number is ambiguous and rejected, as is
 * anything negative, empty or malformed. The error is a sentence fit for a usage message.
 */
export function parseDuration(text: string): Result<number, string> {
  const input = text.trim().toLowerCase()
  if (input.length === 0) return err('A duration cannot be empty (use e.g. 30s, 5m, 1h, 1500ms).')
  let total = 0
  let index = 0
  while (index < input.length) {
    PART.lastIndex = index
    const match = PART.exec(input)
    if (match === null)
      return err(`"${text}" is not a duration (use e.g. 30s, 5m, 1h, 1500ms; a unit is required).`)
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number)
    index = PART.lastIndex
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER)
    return err(`"${text}" is too long a duration.`)
  return ok(Math.round(total))
}
