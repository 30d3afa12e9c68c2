import { getEventListeners } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRatePacer, DEFAULT_PACER, type RatePacer, UNPACE_AFTER } from './rate-pacer.js'

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

/** `perSecond` sends for `seconds`, evenly spaced, each answered (accepted) at once. */
function sendSteadily(pacer: RatePacer, perSecond: number, seconds: number, accepted = true): number {
  const every = 1000 / perSecond
  let taken = 0
  for (let i = 0; i < perSecond * seconds; i++) {
    vi.advanceTimersByTime(every)
    if (pacer.tryTake()) {
      taken++
      if (accepted) pacer.onAccepted(pacer.epoch)
    }
  }
  return taken
}

/** Permits granted over `ms`, trying every millisecond: the rate the pacer really allows. */
function permitsOver(pacer: RatePacer, ms: number): number {
  let taken = 0
  for (let t = 0; t < ms; t++) {
    vi.advanceTimersByTime(1)
    while (pacer.tryTake()) taken++
  }
  return taken
}

describe('createRatePacer', () => {
  it('is unpaced until the first throttle: never waits, arms no timer', async () => {
    const pacer = createRatePacer()
    expect(pacer.rate()).toBeUndefined()
    for (let i = 0; i < 10_000; i++) expect(pacer.tryTake()).toBe(true)
    expect(pacer.delayMs()).toBe(0)
    await expect(pacer.take()).resolves.toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('after a throttle allows less than the rate the provider accepted', () => {
    const pacer = createRatePacer()
    expect(sendSteadily(pacer, 100, 2)).toBe(200)
    expect(pacer.onThrottle(pacer.epoch)).toBe(true)
    const rate = pacer.rate() as number
    expect(rate).toBeGreaterThan(60)
    expect(rate).toBeLessThanOrEqual(DEFAULT_PACER.beta * 100 + 1)
    // And it holds sends to it: trying every millisecond for 500 ms gets fewer than the 50 that
    // 100/s would allow (the rate climbs from ~70 back toward 100 meanwhile, so more than 35).
    const granted = permitsOver(pacer, 500)
    expect(granted).toBeGreaterThan(35)
    expect(granted).toBeLessThan(46)
  })

  it('measures over the time since the first send when that is shorter than the window', () => {
    const pacer = createRatePacer()
    // 50 accepted in 100 ms is 500 per second, not 50.
    sendSteadily(pacer, 500, 0.1)
    pacer.onThrottle(pacer.epoch)
    const rate = pacer.rate() as number
    expect(rate).toBeGreaterThan(300)
    expect(rate).toBeLessThan(400)
  })

  it('backs off from the send rate when the provider accepted nothing', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 1, false)
    pacer.onThrottle(pacer.epoch)
    const rate = pacer.rate() as number
    expect(rate).toBeGreaterThan(65)
    expect(rate).toBeLessThan(75)
  })

  it('grows back after a cut: to the cut-from rate, beyond it, then unpaced', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 2)
    pacer.onThrottle(pacer.epoch)
    const start = pacer.rate() as number
    const k = DEFAULT_PACER.minRecoveryMs
    vi.advanceTimersByTime(k / 4)
    const quarter = pacer.rate() as number
    expect(quarter).toBeGreaterThan(start)
    vi.advanceTimersByTime((3 * k) / 4)
    expect(pacer.rate()).toBeGreaterThan(95)
    expect(pacer.rate()).toBeLessThan(105)
    vi.advanceTimersByTime(k)
    expect(pacer.rate()).toBeGreaterThan(110)
    vi.advanceTimersByTime((UNPACE_AFTER - 2) * k)
    expect(pacer.rate()).toBeUndefined()
    expect(pacer.tryTake()).toBe(true)
  })

  it('cuts once for one burst of throttles, and again for a throttle after the cut', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 2)
    const burstEpoch = pacer.epoch
    expect(pacer.onThrottle(burstEpoch)).toBe(true)
    const once = pacer.rate() as number
    for (let i = 0; i < 50; i++) expect(pacer.onThrottle(burstEpoch)).toBe(false)
    expect(pacer.rate()).toBe(once)
    // A request sent after the cut and still throttled: the rate was not low enough. Many sent
    // since the cut were accepted (98 of 99 answers): cut by about beta again.
    for (let i = 0; i < 98; i++) pacer.onAccepted(pacer.epoch)
    expect(pacer.onThrottle(pacer.epoch)).toBe(true)
    const twice = pacer.rate() as number
    expect(twice).toBeCloseTo(once * DEFAULT_PACER.beta * (99 / 100), 0)
    // One throttle right after this cut, most answers still accepted: not a rate signal yet.
    expect(pacer.onThrottle(pacer.epoch)).toBe(false)
    expect(pacer.rate()).toBe(twice)
    // Heavy throttling (most recent answers throttled) is: nothing sent at this rate got through,
    // so the cut is deeper than beta (the provider let through about 1 in 12, with the +1 prior).
    let cuts = 0
    for (let i = 0; i < 10; i++) if (pacer.onThrottle(pacer.epoch)) cuts++
    expect(cuts).toBeGreaterThanOrEqual(1)
    expect(pacer.rate()).toBeLessThan(twice * DEFAULT_PACER.beta * 0.51)
  })

  it('cuts again on the first throttle after a long clean climb (the climb hit the limit)', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 2)
    pacer.onThrottle(pacer.epoch)
    const first = pacer.rate() as number
    // 29 accepted in a row since the cut, then a throttle: still climbing, not yet a signal.
    for (let i = 0; i < 29; i++) pacer.onAccepted(pacer.epoch)
    expect(pacer.onThrottle(pacer.epoch)).toBe(false)
    expect(pacer.rate()).toBe(first)
    // 30 in a row, then a throttle: the climb ran into the limit.
    for (let i = 0; i < 30; i++) pacer.onAccepted(pacer.epoch)
    expect(pacer.onThrottle(pacer.epoch)).toBe(true)
    expect(pacer.rate()).toBeLessThan(first)
  })

  it('when something else holds the sending far below the allowed rate, a throttle brings it down', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 500, 0.2)
    pacer.onThrottle(pacer.epoch) // allows ~350/s
    // Only ~50/s are sent (the concurrency window holds them back), one in five throttled.
    for (let i = 1; i <= 20; i++) {
      vi.advanceTimersByTime(20)
      expect(pacer.tryTake()).toBe(true)
      if (i % 5 === 0) {
        const cut = pacer.onThrottle(pacer.epoch)
        // Only once enough has been sent since the cut to tell (8 answers, 100 ms).
        expect(cut).toBe(i >= 10)
        if (cut) break
      } else pacer.onAccepted(pacer.epoch)
    }
    // Down to about what was sent, so it paces again.
    expect(pacer.rate()).toBeLessThan(60)
  })

  it('after a full climb, an occasional throttle cuts back to the rate offered, not below it', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 2)
    pacer.onThrottle(pacer.epoch)
    // A full climb with one throttle in five (answers to requests of an older epoch, which do not
    // cut): the provider accepted ~80 % of what it was offered.
    let offered = 0
    let i = 0
    for (let ms = 0; ms < DEFAULT_PACER.minRecoveryMs; ms += 5) {
      vi.advanceTimersByTime(5)
      if (!pacer.tryTake()) continue
      offered++
      if (++i % 5 === 0) pacer.onThrottle(-1)
      else pacer.onAccepted(-1)
    }
    const offeredRate = offered / (DEFAULT_PACER.minRecoveryMs / 1000)
    // The climb is over: this occasional throttle cuts, from about the offered rate, not from
    // the accepted rate (20 % lower), which would ratchet the rate down cut after cut.
    expect(pacer.onThrottle(pacer.epoch)).toBe(true)
    const rate = pacer.rate() as number
    expect(rate).toBeGreaterThan(DEFAULT_PACER.beta * offeredRate * 0.9)
    expect(rate).toBeLessThan(DEFAULT_PACER.beta * offeredRate * 1.1)
  })

  it('when already paced, cuts from the lower of the accepted and the allowed rate', () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 100, 2)
    pacer.onThrottle(pacer.epoch)
    // The window still counts the 100/s from before (β × that would be 70); the allowed ~72,
    // even times the accepted share since the cut, is lower.
    vi.advanceTimersByTime(10)
    for (let i = 0; i < 1_000; i++) pacer.onAccepted(pacer.epoch)
    pacer.onThrottle(pacer.epoch)
    expect(pacer.rate()).toBeLessThan(55)
  })

  it('never drops below the minimum rate', () => {
    const pacer = createRatePacer({ minRate: 2 })
    pacer.tryTake()
    for (let i = 0; i < 30; i++) pacer.onThrottle(pacer.epoch)
    expect(pacer.rate()).toBeGreaterThanOrEqual(2)
  })

  it('take waits first come first served; tryTake does not overtake a waiter', async () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 10, 2)
    pacer.onThrottle(pacer.epoch) // 7 per second: one permit every ~143 ms
    const order: number[] = []
    const waits = [1, 2, 3].map((n) => pacer.take().then((taken) => order.push(taken ? n : -n)))
    expect(pacer.tryTake()).toBe(false)
    expect(pacer.delayMs()).toBeGreaterThan(3 * 100)
    await vi.advanceTimersByTimeAsync(150)
    expect(order).toEqual([1])
    await vi.advanceTimersByTimeAsync(300)
    await Promise.all(waits)
    expect(order).toEqual([1, 2, 3])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('an aborted take resolves false at once and leaves no listener or timer', async () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 10, 2)
    pacer.onThrottle(pacer.epoch)
    const controller = new AbortController()
    const first = pacer.take(controller.signal)
    const second = pacer.take(controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(2)
    expect(vi.getTimerCount()).toBe(1)
    controller.abort()
    await expect(first).resolves.toBe(false)
    await expect(second).resolves.toBe(false)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    await expect(pacer.take(controller.signal)).resolves.toBe(false)
  })

  it('close releases every waiter and its timer', async () => {
    const pacer = createRatePacer()
    sendSteadily(pacer, 10, 2)
    pacer.onThrottle(pacer.epoch)
    const signal = new AbortController().signal
    const waits = [pacer.take(signal), pacer.take()]
    pacer.close()
    await expect(Promise.all(waits)).resolves.toEqual([false, false])
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('createRatePacer against simulated providers', () => {
  /**
   * Offers `demand` sends per second for `seconds`, answering each at once: `throttle(now)` says
   * whether the provider throttles it. Returns the sends and throttles per second.
   */
  function drive(pacer: RatePacer, demand: number, seconds: number, throttle: (now: number) => boolean) {
    const perSecond: { sent: number; throttled: number; cuts: number }[] = []
    let owed = 0
    for (let s = 0; s < seconds; s++) {
      const second = { sent: 0, throttled: 0, cuts: 0 }
      perSecond.push(second)
      for (let ms = 0; ms < 1000; ms++) {
        vi.advanceTimersByTime(1)
        owed = Math.min(owed + demand / 1000, demand / 100)
        while (owed >= 1 && pacer.tryTake()) {
          owed--
          second.sent++
          const epoch = pacer.epoch
          if (throttle(Date.now())) {
            second.throttled++
            if (pacer.onThrottle(epoch)) second.cuts++
          } else pacer.onAccepted(epoch)
        }
      }
    }
    return perSecond
  }

  function seeded(seed = 7): () => number {
    let state = seed
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
      return state / 2_147_483_648
    }
  }

  it('settles near a token bucket’s rate with few throttles, and sees no background', () => {
    const pacer = createRatePacer()
    let tokens = 100
    let at = Date.now()
    const bucket = (now: number) => {
      tokens = Math.min(100, tokens + ((now - at) / 1000) * 100)
      at = now
      if (tokens >= 1) {
        tokens--
        return false
      }
      return true
    }
    const seconds = drive(pacer, 1_000, 20, bucket)
    const later = seconds.slice(2)
    const sent = later.reduce((n, s) => n + s.sent, 0)
    const throttled = later.reduce((n, s) => n + s.throttled, 0)
    expect(sent / later.length).toBeGreaterThan(90)
    expect(sent / later.length).toBeLessThan(110)
    expect(throttled / sent).toBeLessThan(0.03)
  })

  it('cuts on few of the throttles that come at any rate, so they pull the rate down slowly', () => {
    const pacer = createRatePacer()
    const random = seeded()
    const seconds = drive(pacer, 1_000, 20, () => random() < 0.1)
    const throttles = seconds.reduce((n, s) => n + s.throttled, 0)
    const cuts = seconds.reduce((n, s) => n + s.cuts, 0)
    expect(cuts).toBeLessThan(throttles / 10)
    // Cutting on every throttle (each sent after the last cut) pulls it down to the minimum rate
    // within seconds; here it is still sending tens per second after 20 s.
    const last = seconds.slice(-5)
    expect(last.reduce((n, s) => n + s.sent, 0) / last.length).toBeGreaterThan(20)
  })

  it('still cuts when a rate limit comes on top of throttling at any rate', () => {
    const pacer = createRatePacer()
    const random = seeded()
    drive(pacer, 1_000, 10, () => random() < 0.1)
    // Now the provider starts limiting to 100 per second (on top of the background).
    let tokens = 0
    let at = Date.now()
    const seconds = drive(pacer, 1_000, 10, (now) => {
      tokens = Math.min(10, tokens + ((now - at) / 1000) * 100)
      at = now
      if (random() < 0.1 || tokens < 1) return true
      tokens--
      return false
    })
    const last = seconds.slice(-5)
    const sent = last.reduce((n, s) => n + s.sent, 0)
    expect(sent / last.length).toBeLessThan(200)
  })
})
