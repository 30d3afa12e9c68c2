/**
 * Client-side rate adaptation for one provider (a "pacer"), in the spirit of the AWS SDKs'
 * "adaptive" retry mode: a token bucket whose fill rate follows a CUBIC curve. The difference is
 * which throttles move it.
 *
 * - Off until the provider shows a rate limit: nothing waits, no timer exists.
 * - A throttle is a rate signal only when it does not come alone: `SIGNAL_THROTTLES` of the last
 *   `RECENT` answers to requests sent since the last cut were throttles (1 in 6), or
 *   `DENSE_THROTTLES` of the last `DENSE_OF`. The occasional throttle (a provider that throttles
 *   a few % of requests whatever the rate) is only retried.
 *   Answers to requests sent before the last cut do not count (`epoch`): one burst of throttles
 *   counts once.
 * - On a signal the pacer measures what the provider let through: when it is paced, the rate it
 *   accepted since the last cut (no more than the share of the current rate it accepted, for a
 *   heavy signal; for the limit found past the climb, no less than the share of the cut-from rate
 *   accepted and no more than the rate offered just now);
 *   when it is not, the accepted rate over the last `windowMs` (or what was sent, when nothing was
 *   accepted). Its rate drops to `beta ×` that (`wMax`), then
 *   climbs back along a cubic curve: concave up to `wMax` (reached after `k`: 1 to 5 s), flat
 *   around it, convex beyond, so the limit is probed slowly first. While it climbs back only a
 *   heavy signal cuts; past `k`, `PROBE_THROTTLES` among the last `DENSE_OF` answers are the limit
 *   found. `UNPACE_AFTER × k` after the last cut the pacer is off again.
 *
 * Time comes from `now` (default `Date.now`), so fake timers drive it.
 */

export interface RatePacerOptions {
  /** Multiplicative decrease on a cut, 0 < beta < 1. Default 0.7. */
  readonly beta?: number
  /** Window over which the accepted rate of an unpaced provider is measured, in ms. Default 1,000. */
  readonly windowMs?: number
  /** Lowest allowed rate, per second. Default 0.5. */
  readonly minRate?: number
  /** Shortest climb back to the rate that was cut, in ms. Default 1,000. */
  readonly minRecoveryMs?: number
  /** Longest climb back, in ms. Default 5,000. */
  readonly maxRecoveryMs?: number
  /** The climb back spans at least this many sends at the rate that was cut. Default 20. */
  readonly recoverySends?: number
  /** Clock in ms. Default `Date.now`. */
  readonly now?: () => number
}

export const DEFAULT_PACER = {
  beta: 0.7,
  windowMs: 1_000,
  minRate: 0.5,
  minRecoveryMs: 1_000,
  maxRecoveryMs: 5_000,
  recoverySends: 20,
} as const

/** The pacer turns itself off this many recovery periods after the last cut. */
export const UNPACE_AFTER = 5

/**
 * Answers remembered to tell a rate limit from the occasional throttle... The windows are short
 * and the shares high (10 of 60, 4 of 7) so that a provider throttling ~3 % of requests at random
 * looks rate-limited less often: with 10 of 100 and 4 of 8, 20,000 such answers showed a false rate
 * signal in 3 of 4 batches (and once paced, every later lone throttle past the climb re-cut it);
 * with these, in about 1 of 4 (none of the 20 seeded runs of the test).
 */
export const RECENT = 60

/** ...and how many of them must be throttles for a throttle to be a rate signal. */
export const SIGNAL_THROTTLES = 10

/** The rate offered "just now" is measured over this many slots (200 ms of the default window). */
const PROBE_SLOTS = 4

/** ...or this many of the last `DENSE_OF` answers (a dense cluster: many throttled at once). */
export const DENSE_THROTTLES = 4
export const DENSE_OF = 7

/** Throttles among the last `DENSE_OF` answers that, past the climb, are the limit found. */
export const PROBE_THROTTLES = 2

/** Slots of the sliding counters; the window is measured to within one slot. */
const SLOTS = 20

export interface RatePacer {
  /** The allowed rate (sends per second) now, or `undefined` while unpaced. */
  rate(): number | undefined
  /** Counts cuts; read it when sending and hand it back with the answer. */
  readonly epoch: number
  /** Takes a send permit if one is free now. Never waits. */
  tryTake(): boolean
  /** Ms until `tryTake` could succeed (0 when unpaced). */
  delayMs(): number
  /** The provider answered a request sent in `epoch` without throttling it. */
  onAccepted(epoch: number): void
  /** The provider throttled a request sent in `epoch`. Returns true when this cut the rate. */
  onThrottle(epoch: number): boolean
}

/** Counts events in a sliding window of `SLOTS` slots. Memory is constant. */
class SlidingCount {
  private readonly counts = new Array<number>(SLOTS).fill(0)
  private readonly ids = new Array<number>(SLOTS).fill(Number.NEGATIVE_INFINITY)
  constructor(private readonly slotMs: number) {}

  add(now: number): void {
    const id = Math.floor(now / this.slotMs)
    const i = ((id % SLOTS) + SLOTS) % SLOTS
    if (this.ids[i] !== id) {
      this.ids[i] = id
      this.counts[i] = 0
    }
    this.counts[i] = (this.counts[i] as number) + 1
  }

  /** Events in the last `slots` slots (all of the window by default), up to `now`. */
  sum(now: number, slots = SLOTS): number {
    const id = Math.floor(now / this.slotMs)
    let total = 0
    for (let i = 0; i < SLOTS; i++) {
      const slot = this.ids[i] as number
      if (slot > id - slots && slot <= id) total += this.counts[i] as number
    }
    return total
  }

  windowStart(now: number, slots = SLOTS): number {
    return (Math.floor(now / this.slotMs) - slots + 1) * this.slotMs
  }
}

interface Cut {
  /** When the rate was cut. */
  readonly at: number
  /** The rate the curve climbs back to (per second). */
  readonly wMax: number
  /** Ms to climb back to `wMax`. */
  readonly k: number
}

function fraction(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 && value < 1 ? value : fallback
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
}

export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const beta = fraction(options.beta, DEFAULT_PACER.beta)
  const windowMs = positive(options.windowMs, DEFAULT_PACER.windowMs)
  const minRate = positive(options.minRate, DEFAULT_PACER.minRate)
  const minRecoveryMs = positive(options.minRecoveryMs, DEFAULT_PACER.minRecoveryMs)
  const maxRecoveryMs = Math.max(minRecoveryMs, positive(options.maxRecoveryMs, DEFAULT_PACER.maxRecoveryMs))
  const recoverySends = positive(options.recoverySends, DEFAULT_PACER.recoverySends)
  const now = options.now ?? Date.now

  const sent = new SlidingCount(windowMs / SLOTS)
  const accepted = new SlidingCount(windowMs / SLOTS)
  let firstSendAt: number | undefined
  let cut: Cut | undefined
  let epoch = 0
  /** Requests sent since the last cut that the provider accepted. */
  let acceptedInEpoch = 0
  /** Answers (accepted or throttled) to requests sent since the last cut. */
  let answersInEpoch = 0

  /** The last answers of this epoch, true for a throttle (a ring). */
  const recent = new Array<boolean>(RECENT).fill(false)
  let recentCount = 0
  let recentNext = 0
  let recentThrottles = 0

  let tokens = 0
  let tokensAt = 0

  /** The allowed rate at `t`; turns the pacer off once the curve has run its course. */
  const rateAt = (t: number): number | undefined => {
    if (cut === undefined) return undefined
    const elapsed = Math.max(0, t - cut.at)
    if (elapsed >= UNPACE_AFTER * cut.k) {
      cut = undefined
      return undefined
    }
    const x = (elapsed - cut.k) / cut.k
    return Math.max(minRate, cut.wMax * (1 + (1 - beta) * x * x * x))
  }

  /** Up to 20 ms of sends may go back to back, at least 2, so a late timer loses no rate. */
  const capacity = (rate: number) => Math.max(2, rate / 50)

  const refill = (t: number, rate: number) => {
    tokens = Math.min(capacity(rate), tokens + (Math.max(0, t - tokensAt) / 1000) * rate)
    tokensAt = t
  }

  /** Events per second over the last `slots` slots (or since the first send, when that is shorter). */
  const measured = (counter: SlidingCount, t: number, slots = SLOTS): number => {
    const from = Math.max(counter.windowStart(t, slots), firstSendAt ?? t)
    const spanMs = Math.max(1, t - from)
    return (counter.sum(t, slots) / spanMs) * 1000
  }

  const remember = (wasThrottled: boolean) => {
    if (recentCount === RECENT) {
      if (recent[recentNext]) recentThrottles--
    } else recentCount++
    recent[recentNext] = wasThrottled
    if (wasThrottled) recentThrottles++
    recentNext = (recentNext + 1) % RECENT
  }

  /** Throttles among the last `n` answers remembered. */
  const lastThrottles = (n: number): number => {
    let count = 0
    for (let i = 1; i <= Math.min(n, recentCount); i++)
      if (recent[(recentNext - i + RECENT) % RECENT]) count++
    return count
  }

  return {
    rate: () => rateAt(now()),
    get epoch() {
      return epoch
    },

    tryTake() {
      const t = now()
      const rate = rateAt(t)
      if (rate !== undefined) {
        refill(t, rate)
        if (tokens < 1) return false
        tokens -= 1
      }
      firstSendAt ??= t
      sent.add(t)
      return true
    },

    delayMs() {
      const t = now()
      const rate = rateAt(t)
      if (rate === undefined) return 0
      refill(t, rate)
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / rate) * 1000)
    },

    onAccepted(sentInEpoch) {
      accepted.add(now())
      if (sentInEpoch !== epoch) return
      acceptedInEpoch++
      answersInEpoch++
      remember(false)
    },

    onThrottle(sentInEpoch) {
      // A request sent before the last cut was part of the burst that cut already answered.
      if (sentInEpoch !== epoch) return false
      answersInEpoch++
      remember(true)
      const t = now()
      const current = rateAt(t)
      const heavy = recentThrottles >= SIGNAL_THROTTLES || lastThrottles(DENSE_OF) >= DENSE_THROTTLES
      // Past the rate it was cut from, the climb is probing: a second throttle close to the first is
      // the limit found (a lone one is as likely background).
      const probing =
        current !== undefined &&
        cut !== undefined &&
        t - cut.at >= cut.k &&
        lastThrottles(DENSE_OF) >= PROBE_THROTTLES
      if (!heavy && !probing) return false
      let through: number
      if (current === undefined || cut === undefined) {
        through = accepted.sum(t) > 0 ? measured(accepted, t) : measured(sent, t)
      } else {
        // What the provider accepted per second since the cut. Over a span long enough to measure
        // it is the provider's rate: a token bucket empty at the cut and empty again now let through
        // exactly its refill. Shorter, +1 (one throttle is not "nothing").
        const span = Math.max(1, t - cut.at)
        const acceptedSinceCut = ((span >= windowMs ? acceptedInEpoch : acceptedInEpoch + 1) / span) * 1000
        through = heavy
          ? // Heavy while paced: the share of this rate the provider accepted since the cut, and no
            // more than it accepted (the window may have held sends below this rate).
            Math.min((current * (acceptedInEpoch + 1)) / (answersInEpoch + 1), acceptedSinceCut)
          : // The limit found: what the climb got through (backing off from the rate offered
            // just now settled above a token bucket's rate, with a throttle in every climb), but
            // no less than the share of the cut-from rate accepted since the cut: a climb that
            // sent less than that rate (little to send, or throttles at any rate cutting it short)
            // would otherwise ratchet the rate down cut after cut. Never more than is offered now
            // (not the allowed rate when less is sent).
            Math.min(
              current,
              measured(sent, t, PROBE_SLOTS),
              Math.max(acceptedSinceCut, (cut.wMax * acceptedInEpoch) / answersInEpoch),
            )
      }
      const wMax = Math.max(minRate / beta, through)
      const k = Math.min(maxRecoveryMs, Math.max(minRecoveryMs, (recoverySends / wMax) * 1000))
      cut = { at: t, wMax, k }
      epoch++
      acceptedInEpoch = 0
      answersInEpoch = 0
      recent.fill(false)
      recentCount = 0
      recentNext = 0
      recentThrottles = 0
      tokens = 0
      tokensAt = t
      return true
    },
  }
}
