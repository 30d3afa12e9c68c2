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

/** A copy of `value` with `convert` applied at the end of the path (from `at`); anything off the path is kept. */
function along(
  value: unknown,
  path: readonly string[],
  at: number,
  convert: (object: Loose) => Loose,
): unknown {
  if (at === path.length) return isObject(value) ? convert(value) : value
  if (!isObject(value)) return value
  const step = path[at] as string
  const list = step.endsWith('[]')
  const key = list ? step.slice(0, -2) : step
  const member = value[key]
  if (list && !Array.isArray(member)) return value
  const next = list
    ? (member as unknown[]).map((item) => along(item, path, at + 1, convert))
    : along(member, path, at + 1, convert)
  return member === undefined ? value : { ...value, [key]: next }
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
 * The output with its timestamps turned into `Date`s, as the official clients give them: epoch
 * seconds (awsJson1_0's default) and ISO 8601 strings (what some models declare) are both read;
 * a value that is neither is dropped rather than kept as a string that claims to be a date.
 */
export function withDates(output: Loose, paths: TimestampPaths): Loose {
  let converted: unknown = output
  for (const [path, members] of split(paths))
    converted = along(converted, path, 0, (object) => {
      const copy: Loose = { ...object }
      for (const member of members) {
        if (copy[member] === undefined || copy[member] === null) continue
        const date = parseTimestamp(copy[member])
        if (date === undefined) delete copy[member]
        else copy[member] = date
      }
      return copy
    })
  return converted as Loose
}
