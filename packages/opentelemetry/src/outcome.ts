import type { CallEndEvent, StopResult } from '@runstop/core'

/**
 * The `runstop.outcome` of a finished call: a stop's own outcome (`stopped`, `stop_requested`,
 * `already_terminal`), `ok` for a get or wait that answered, `error` for any failure.
 */
export function outcomeOf(event: Pick<CallEndEvent, 'ok' | 'method' | 'value'>): string {
  if (!event.ok) return 'error'
  if (event.method === 'stop') {
    const outcome = (event.value as StopResult | undefined)?.outcome
    return typeof outcome === 'string' ? outcome : 'ok'
  }
  return 'ok'
}
