/**
 * Turns a provider timestamp into a Date: epoch seconds (awsJson), an ISO 8601 string, or a Date
 * (SDKs that already parsed it). Anything else, including an invalid date, is `undefined`.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  let date: Date | undefined
  if (value instanceof Date) date = value
  else if (typeof value === 'number') date = new Date(value * 1000)
  else if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value)
    date = Number.isFinite(numeric) ? new Date(numeric * 1000) : new Date(value)
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}
