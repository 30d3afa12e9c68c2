/** Default prefix of every Redis key runstop writes (BullMQ's own keys included). */
export const DEFAULT_PREFIX = 'runstop'

/** The Redis keys of one campaign. */
export interface CampaignKeys {
  /** Hash: state, reason, errorCode, createdAt, inputDone, total and one count per outcome. */
  readonly meta: string
  /** Hash: canonical handle string → '' while pending, then its outcome (written once). */
  readonly results: string
  /** Hash: canonical handle string → RunError JSON, for the failed ones. */
  readonly failures: string
}

/** Keys of campaign `id` under `prefix`. */
export function campaignKeys(prefix: string, id: string): CampaignKeys {
  const base = `${prefix}:campaign:${id}`
  return { meta: base, results: `${base}:results`, failures: `${base}:failures` }
}

/** Hash: queue name → provider. Campaigns add to it; workers read it to find their queues. */
export function queuesKey(prefix: string): string {
  return `${prefix}:queues`
}

/** The prefix handed to BullMQ, so its keys sit beside ours and never collide with them. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`
}

const CAMPAIGN_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Campaign ids are 1–64 of `A–Z a–z 0–9 _ -`: they go into Redis keys and BullMQ job ids. */
export function isCampaignId(id: string): boolean {
  return CAMPAIGN_ID.test(id)
}

const SCHEME = 'runstop:'

/**
 * The BullMQ job id of a handle in a campaign: `<campaign>|<handle string without "runstop:">`.
 * BullMQ forbids ':' in custom ids (and integer ids); `formatHandle` percent-encodes every ':'
 * but the scheme's, which is dropped here. The campaign id in front makes deduplication
 * per campaign: the same run in two campaigns is reported by both.
 */
export function jobIdFor(campaignId: string, handleString: string): string {
  const body = handleString.startsWith(SCHEME) ? handleString.slice(SCHEME.length) : handleString
  return `${campaignId}|${body}`
}
