/**
 * A count setting (connections, stops in flight…) as a whole number of at least 1: `value` rounded
 * down, or `fallback` when it is unset, below 1 or not finite. Settings like these are read
 * leniently, as Node's agents read `maxSockets`, rather than refused.
 */
export function wholeAtLeastOne(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback
}
