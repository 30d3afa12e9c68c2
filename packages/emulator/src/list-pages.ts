import type { StoredRun } from './types.js'

/**
 * Pagination shared by the emulator's list operations. Runs are listed newest first (creation
 * time descending, then store key), and a page token is a cursor: the position of the last run
 * given, plus a fingerprint of the query. A cursor (unlike an offset) stays right while runs
 * change state between pages: listing `Running` executions while stopping them neither skips nor
 * repeats any. A token from another query, or one that is not ours, is refused.
 */

interface Cursor {
  /** Fingerprint of the query the token belongs to. */
  readonly q: string
  /** Creation time of the last run given. */
  readonly t: number
  /** Store key of the last run given. */
  readonly k: string
}

/** Newest first; the store key breaks ties, so the order is total and stable. */
function compare(a: StoredRun, b: StoredRun): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

function after(run: StoredRun, cursor: Cursor): boolean {
  if (run.createdAt !== cursor.t) return run.createdAt < cursor.t
  return run.key > cursor.k
}

/** A cursor as an opaque token (base64url JSON). */
export function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url')
}

/** The cursor in a token, or undefined when the token is not one of ours for this query. */
export function decodeToken(token: string, query: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    const cursor = value as Partial<Cursor>
    if (
      typeof cursor === 'object' &&
      cursor !== null &&
      cursor.q === query &&
      typeof cursor.t === 'number' &&
      typeof cursor.k === 'string'
    )
      return cursor as Cursor
  } catch {
    // not ours
  }
  return undefined
}

/** One page, or `{ ok: false }` for a token that is not valid for the query. */
export type PageResult =
  | { readonly ok: true; readonly runs: StoredRun[]; readonly nextToken?: string }
  | { readonly ok: false }

/**
 * One page of `runs` (already filtered to the query) after `token`, at most `limit` long. The
 * next token is given only when more runs follow. `{ ok: false }`: the token is invalid.
 */
export function pageOf(
  runs: StoredRun[],
  query: string,
  limit: number,
  token: string | undefined,
): PageResult {
  let cursor: Cursor | undefined
  if (token !== undefined) {
    cursor = decodeToken(token, query)
    if (cursor === undefined) return { ok: false }
  }
  const sorted = [...runs].sort(compare)
  const rest = cursor === undefined ? sorted : sorted.filter((run) => after(run, cursor as Cursor))
  const page = rest.slice(0, limit)
  const last = page[page.length - 1]
  if (rest.length <= limit || last === undefined) return { ok: true, runs: page }
  return { ok: true, runs: page, nextToken: encodeToken({ q: query, t: last.createdAt, k: last.key }) }
}
