import { parseTimestamp } from '@runstop/core'

/**
 * Where an operation's output holds timestamps: a path to an object (members separated by `.`,
 * `[]` after a member for each element of a list, `''` for the output itself) and the timestamp
 * members of that object. `{ 'Runs[].Summary': ['StartedAt'] }` converts `StartedAt` in the
 * `Summary` of every element of `Runs`.
 */
export type TimestampPaths = Readonly<Record<string, readonly string[]>>

type Loose = Record<string, unknown>
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Converts `members` of every object at the end of the path (from `at`); anything off the path is left alone. */
function along(value: unknown, path: readonly string[], at: number, members: readonly string[]): void {
  if (!isObject(value)) return
  if (at === path.length) {
    convert(value, members)
    return
  }
  const step = path[at] as string
  if (!step.endsWith('[]')) {
    along(value[step], path, at + 1, members)
    return
  }
  const member = value[step.slice(0, -2)]
  if (Array.isArray(member)) for (const item of member) along(item, path, at + 1, members)
}

/** The timestamp `members` of one object as `Date`s; a value that is no timestamp is dropped. */
function convert(object: Loose, members: readonly string[]): void {
  for (const member of members) {
    const value = object[member]
    if (value === undefined || value === null) continue
    const date = parseTimestamp(value)
    if (date === undefined) delete object[member]
    else object[member] = date
  }
}

/** Each service's paths, split once (a service's `TimestampPaths` is one constant object). */
const SPLIT = new WeakMap<TimestampPaths, [readonly string[], readonly string[]][]>()
function split(paths: TimestampPaths): [readonly string[], readonly string[]][] {
  let entries = SPLIT.get(paths)
  if (entries === undefined) {
    entries = Object.entries(paths).map(([path, members]) => [path === '' ? [] : path.split('.'), members])
    SPLIT.set(paths, entries)
  }
  return entries
}

/**
 * Turns the output's timestamps into `Date`s, as the official clients give them, in place (the
 * output is the caller's own, just parsed: no copy is made) and returns it: epoch seconds
 * (awsJson1_0's default) and ISO 8601 strings (what some models declare) are both read; a value
 * that is neither is dropped rather than kept as a string that claims to be a date.
 */
export function withDates(output: Loose, paths: TimestampPaths): Loose {
  // No closure per path and call: the members travel with the walk.
  for (const [path, members] of split(paths)) along(output, path, 0, members)
  return output
}
