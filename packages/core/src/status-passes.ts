import type { RunStatus } from './run-status.js'

/**
 * For a provider whose list request filters by one state at a time: the passes a listing makes,
 * one per provider state of the statuses asked for (`table` maps provider states to statuses), or
 * one unfiltered pass (`undefined`) when no statuses are given or `unknown` is among them. A status
 * no state maps to needs no pass.
 */
export function statusPasses(
  table: Readonly<Record<string, RunStatus>>,
  statuses: readonly RunStatus[] | undefined,
): (string | undefined)[] {
  if (statuses === undefined || statuses.includes('unknown')) return [undefined]
  return Object.keys(table).filter((state) => statuses.includes(table[state] as RunStatus))
}

/** Where a page token of a multi-pass listing points: a pass, and the provider's token in it. */
export interface PassPosition {
  /** The index of the pass. */
  readonly pass: number
  /** The provider's own token for the next page of that pass; absent at its start. */
  readonly next?: string
}

/**
 * Reads the page token of a multi-pass listing (`<pass>.<provider token>`, made by
 * {@link nextPassToken}); absent, the first pass. A token it did not make is `undefined`.
 */
export function readPassToken(token: string | undefined, passes: number): PassPosition | undefined {
  if (token === undefined) return { pass: 0 }
  const match = /^(\d{1,2})\.([\s\S]*)$/.exec(token)
  const pass = Number(match?.[1])
  if (match === null || pass >= passes) return undefined
  return match[2] ? { pass, next: match[2] } : { pass }
}

/** The page token after a page: the provider's next page of this pass, else the next pass, else none. */
export function nextPassToken(
  at: PassPosition,
  passes: number,
  next: string | undefined,
): string | undefined {
  if (next !== undefined) return `${at.pass}.${next}`
  return at.pass + 1 < passes ? `${at.pass + 1}.` : undefined
}
