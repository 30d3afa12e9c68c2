/**
 * Client-side rate adaptation for one provider (a "pacer"), in the spirit of the AWS SDKs'
 * "adaptive" retry mode, simplified: a token bucket whose fill rate follows a CUBIC curve.
 *
 * - Unpaced until the provider first answers `THROTTLED`: nothing waits, no timer exists.
 * - A cut sets the allowed rate to `beta ×` what the provider let through: the rate it accepted
 *   over the last `windowMs` (measured since the pacer's first send when that is shorter) or, when
 *   already paced and that is lower, the current rate times the share of requests sent since the
 *   last cut that were accepted. Only a throttle of a request sent after the last cut can cut
 *   again (`epoch`), so one burst of throttles counts once.
 * - Then the rate climbs back along a cubic curve: concave up to the rate it was cut from (`wMax`,
 *   reached after `k` ms), flat around it, convex beyond; `UNPACE_AFTER × k` after the last cut
 *   (at 20 × `wMax`) the pacer is unpaced again. (Until then a climb past the limit is a ramp, so
 *   it is found with few requests in flight, not with a window's worth sent at once.)
 * - Which throttles cut. A provider may throttle a share of requests whatever the rate (a fault
 *   mix, a hot partition); cutting on each of those spirals the rate down to nothing, since they
 *   keep coming at any rate. So after the first cut a throttle cuts at once only when it is a rate
 *   signal: the first one after a long clean run (`PROBING_ANSWERS` accepted in a row: the climb
 *   went past the limit), or part of heavy throttling (fewer than `HEAVY_ACCEPTED` of the last
 *   `RECENT` answers accepted, or a third of the answers since the last cut throttled), or when the
 *   pacer is not pacing (its rate is `NOT_PACING` times what is sent since the cut: something else,
 *   the concurrency window, holds the sending back; the cut brings it down to what is sent). Any
 *   other throttle cuts only once the climb is complete (`k` after the last cut), and then back to
 *   the rate the provider was offered (accepted + throttled) rather than the rate it accepted, so
 *   background throttling costs a climb now and then and pulls the rate down only slowly (a
 *   fixed ~10 % of throttles costs a cut now and then, not one per throttle).
 *
 * Sends wait in FIFO order; `take` waits (abortably), `tryTake` never waits and never overtakes a
 * waiter. Time comes from `now` (default `Date.now`) and `setTimeout`, so fake timers drive it.
 */

export interface RatePacerOptions {
  /** Multiplicative decrease on a cut, 0 < beta < 1. Default 0.7. */
  readonly beta?: number
  /** Window over which the accepted rate is measured, in ms. Default 1,000. */
  readonly windowMs?: number
  /** Lowest allowed rate, per second. Default 0.5. */
  readonly minRate?: number
  /** Shortest climb back to the rate that was cut, in ms. Default 1,000. */
  readonly minRecoveryMs?: number
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
  recoverySends: 20,
} as const

/** The pacer turns itself off this many recovery periods after the last cut. */
export const UNPACE_AFTER = 5

/** Slots of the sliding counters; the window is measured to within one slot. */
const SLOTS = 20

/** Recent answers kept to tell heavy throttling from the occasional throttle. */
const RECENT = 20

/** Throttling is heavy when fewer than this share of the recent answers were accepted... */
const HEAVY_ACCEPTED = 0.5

/** ...or when at least this share of the answers since the last cut (and `EPOCH_ANSWERS`) were. */
const HEAVY_SINCE_CUT = 0.34
const EPOCH_ANSWERS = 8

/** What was sent since the last cut is measured once the cut is this old (ms). */
const MIN_EPOCH_MS = 100

/** The pacer is not pacing when the allowed rate is this many times what is sent. */
const NOT_PACING = 1.5

/** A throttle after this many accepted answers in a row is the climb hitting the limit. */
const PROBING_ANSWERS = 30

export interface RatePacer {
  /** The allowed rate (sends per second) now, or `undefined` while unpaced. */
  rate(): number | undefined
  /** Counts cuts; read it when sending and hand it back with the answer. */
  readonly epoch: number
  /** Takes a send permit if one is free now and nobody is waiting. Never waits. */
  tryTake(): boolean
  /** Waits for a send permit, first come first served. `false` when `signal` fired first. */
  take(signal?: AbortSignal): Promise<boolean>
  /** Ms until `tryTake` could succeed, counting those already waiting (0 when unpaced). */
  delayMs(): number
  /** The provider answered a request sent in `epoch` without throttling it. */
  onAccepted(epoch: number): void
  /** The provider throttled a request sent in `epoch`. Returns true when this cut the rate. */
  onThrottle(epoch: number): boolean
  /** Releases every waiter (as if aborted) and its timer. */
  close(): void
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

  /** Events from `windowStart(now)` to `now`. */
  sum(now: number): number {
    const id = Math.floor(now / this.slotMs)
    let total = 0
    for (let i = 0; i < SLOTS; i++) {
      const slot = this.ids[i] as number
      if (slot > id - SLOTS && slot <= id) total += this.counts[i] as number
    }
    return total
  }

  windowStart(now: number): number {
    return (Math.floor(now / this.slotMs) - SLOTS + 1) * this.slotMs
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

interface Waiter {
  readonly resolve: (taken: boolean) => void
  readonly signal: AbortSignal | undefined
  readonly onAbort: () => void
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
  const recoverySends = positive(options.recoverySends, DEFAULT_PACER.recoverySends)
  const now = options.now ?? Date.now

  const sent = new SlidingCount(windowMs / SLOTS)
  const accepted = new SlidingCount(windowMs / SLOTS)
  const throttled = new SlidingCount(windowMs / SLOTS)
  let firstSendAt: number | undefined
  let cut: Cut | undefined
  let epoch = 0
  /** Answers to requests sent since the last cut. */
  let acceptedInEpoch = 0
  let throttledInEpoch = 0
  /** Answers accepted since the last throttle. */
  let cleanRun = 0

  /** The provider's last answers, true for a throttle (a ring). */
  const recent = new Array<boolean>(RECENT).fill(false)
  let recentCount = 0
  let recentNext = 0
  let recentThrottles = 0

  let tokens = 0
  let tokensAt = 0
  const waiters: Waiter[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

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

  const noteSend = (t: number) => {
    firstSendAt ??= t
    sent.add(t)
  }

  /** Events per second over the window (or since the first send, when that is shorter). */
  const measured = (counter: SlidingCount, t: number): number => {
    const from = Math.max(counter.windowStart(t), firstSendAt ?? t)
    const spanMs = Math.max(1, t - from)
    return (counter.sum(t) / spanMs) * 1000
  }

  const remember = (wasThrottled: boolean) => {
    if (recentCount === RECENT) {
      if (recent[recentNext]) recentThrottles--
    } else recentCount++
    recent[recentNext] = wasThrottled
    if (wasThrottled) recentThrottles++
    recentNext = (recentNext + 1) % RECENT
  }

  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  const settle = (waiter: Waiter, taken: boolean) => {
    waiter.signal?.removeEventListener('abort', waiter.onAbort)
    waiter.resolve(taken)
  }

  /** Lets waiters through while permits last, then sleeps until the next permit. */
  const pump = () => {
    disarm()
    const t = now()
    const rate = rateAt(t)
    while (waiters.length > 0) {
      if (rate !== undefined) {
        refill(t, rate)
        if (tokens < 1) break
        tokens -= 1
      }
      noteSend(t)
      settle(waiters.shift() as Waiter, true)
    }
    if (waiters.length === 0 || rate === undefined) return
    const waitMs = Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000))
    timer = setTimeout(pump, waitMs)
  }

  return {
    rate: () => rateAt(now()),
    get epoch() {
      return epoch
    },

    tryTake() {
      const t = now()
      const rate = rateAt(t)
      // Waiters go first; once the pacer has turned itself off they all go at once.
      if (waiters.length > 0 && rate === undefined) pump()
      if (waiters.length > 0) return false
      if (rate !== undefined) {
        refill(t, rate)
        if (tokens < 1) return false
        tokens -= 1
      }
      noteSend(t)
      return true
    },

    take(signal) {
      if (signal?.aborted) return Promise.resolve(false)
      if (this.tryTake()) return Promise.resolve(true)
      return new Promise<boolean>((resolve) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            const i = waiters.indexOf(waiter)
            if (i >= 0) waiters.splice(i, 1)
            settle(waiter, false)
            if (waiters.length === 0) disarm()
          },
        }
        signal?.addEventListener('abort', waiter.onAbort, { once: true })
        waiters.push(waiter)
        if (timer === undefined) pump()
      })
    },

    delayMs() {
      const t = now()
      const rate = rateAt(t)
      if (rate === undefined) return 0
      refill(t, rate)
      const missing = waiters.length + 1 - tokens
      return missing <= 0 ? 0 : Math.ceil((missing / rate) * 1000)
    },

    onAccepted(sentInEpoch) {
      accepted.add(now())
      remember(false)
      cleanRun++
      if (sentInEpoch === epoch) acceptedInEpoch++
    },

    onThrottle(sentInEpoch) {
      const t = now()
      throttled.add(t)
      remember(true)
      const run = cleanRun
      cleanRun = 0
      // A request sent before the last cut was part of the burst that cut already answered.
      if (sentInEpoch !== epoch) return false
      throttledInEpoch++
      const answers = acceptedInEpoch + throttledInEpoch
      const probing = run >= PROBING_ANSWERS
      const heavy =
        recentThrottles > (1 - HEAVY_ACCEPTED) * recentCount ||
        (answers >= EPOCH_ANSWERS && throttledInEpoch >= HEAVY_SINCE_CUT * answers)
      const current = rateAt(t)
      // What was sent since the last cut (per second), once that is measurable, and whether the
      // allowed rate is far above it (something else, the concurrency window, holds the sending
      // back): then the pacer does not pace, and its throttles are not evidence about its rate.
      const since = cut === undefined ? 0 : t - cut.at
      const sentSince =
        since >= MIN_EPOCH_MS && answers >= EPOCH_ANSWERS ? (answers / since) * 1000 : undefined
      const idle = current !== undefined && sentSince !== undefined && current > NOT_PACING * sentSince
      const climbing = cut !== undefined && t - cut.at < cut.k
      if (climbing && !probing && !heavy && !idle) return false
      // What the provider let through; when it let nothing through, what we sent (to back off from).
      const through = accepted.sum(t) > 0 ? measured(accepted, t) : measured(sent, t)
      let base: number
      if (current === undefined) base = through
      else if (idle && !heavy && !probing) {
        // Not pacing and throttled: come down to what is sent, so that the pacer paces again.
        base = Math.min(current, sentSince as number)
      } else if (heavy || probing) {
        // A rate signal: the provider accepted about this share of what was sent at the current
        // rate since the last cut (+1: one throttle is not "nothing").
        base = Math.min(through, (current * (acceptedInEpoch + 1)) / (acceptedInEpoch + 2))
      } else {
        // An occasional throttle after a full climb: back to what the provider was offered, not
        // just what it accepted, or throttling that comes at any rate would ratchet the rate down
        // cut after cut.
        const offered = accepted.sum(t) + throttled.sum(t)
        base = Math.min(current, (through * offered) / Math.max(1, accepted.sum(t)))
      }
      base = Math.max(minRate / beta, base)
      cut = { at: t, wMax: base, k: Math.max(minRecoveryMs, (recoverySends / base) * 1000) }
      epoch++
      acceptedInEpoch = 0
      throttledInEpoch = 0
      tokens = 0
      tokensAt = t
      if (waiters.length > 0) pump()
      return true
    },

    close() {
      disarm()
      for (const waiter of waiters.splice(0)) settle(waiter, false)
    },
  }
}
