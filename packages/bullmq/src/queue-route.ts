import type { RunHandle, RunScope } from '@runstop/core'

/** Where a handle's stop is queued: one BullMQ queue per provider, region and (when known) account. */
export interface QueueRoute {
  /** The handle's provider name. */
  readonly provider: string
  /** The handle's region, else the one in its ARN, else `default` (the worker adapter's region). */
  readonly region: string
  /** The AWS account id from an ARN in the handle, when there is one. */
  readonly account?: string
  /** The BullMQ queue name: `stop.<provider>.<region>[.<account>]` (`list.…` for page jobs), no ':' (BullMQ forbids it). */
  readonly queue: string
}

// arn:partition:service:region:account:resource
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:([a-z0-9-]*):([0-9]{12}):/

/** Queue-name parts keep `A–Z a–z 0–9 _ -`; anything else becomes `~` and its code point in hex. */
function namePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, (c) => `~${(c.codePointAt(0) ?? 0).toString(16)}`)
}

/**
 * The queue of a (canonical) handle, or with `kind: 'list'` of a scope's page jobs. Provider
 * quotas are per account and region, so each gets its own queue and so its own BullMQ limiter
 * shared by every worker of that queue.
 */
export function queueRoute(handle: RunHandle | RunScope, kind: 'stop' | 'list' = 'stop'): QueueRoute {
  let region = handle.region
  let account: string | undefined
  for (const key of Object.keys(handle).sort()) {
    const match = ARN.exec(handle[key] ?? '')
    if (match === null) continue
    region ??= match[1] || undefined
    account ??= match[2]
  }
  const regionName = region ?? 'default'
  const parts = [kind, handle.provider, regionName, ...(account === undefined ? [] : [account])]
  return {
    provider: handle.provider,
    region: regionName,
    ...(account === undefined ? {} : { account }),
    queue: parts.map(namePart).join('.'),
  }
}
