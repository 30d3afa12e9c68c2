/** How many stops the batch may have in flight, in all and per provider. */
export interface GateLimits {
  readonly concurrency: number
  readonly perProvider: number
}

/**
 * Hands handles to `stopMany` only when it can send them at once, so that after Ctrl-C no handle
 * is left waiting inside the batch engine's queues, to be sent later. (`stopMany` reads ahead of
 * dispatch; anything it has read it will send unless the whole batch is aborted, which would also
 * cut the stops in flight short.)
 *
 * The CLI's input generator asks `room(provider)` before each handle. There is room when fewer
 * than `concurrency` stops are in flight in all, fewer than `perProvider` for that provider, and
 * no handle already handed over for that provider is still waiting to be sent (the batch engine may
 * hold one back when the provider throttles). The controller's hooks feed the gate: `attempted`
 * when a stop is dispatched to the adapter (`onAttempt`), `settled` when its call ends (`onResult`).
 * `close()` (the first Ctrl-C) answers every pending and later `room()` with false.
 */
export class DispatchGate {
  readonly #limits: GateLimits
  /** Handed over and not settled: key → provider. */
  readonly #open = new Map<string, string>()
  /** Handed over, not yet sent: key → provider. */
  readonly #waiting = new Map<string, string>()
  /** Every key whose stop was sent at least once. */
  readonly #sent = new Set<string>()
  readonly #waiters = new Set<() => void>()
  #closed = false

  constructor(limits: GateLimits) {
    this.#limits = limits
  }

  /** Stops handed over and not settled yet. */
  get inFlight(): number {
    return this.#open.size
  }

  /** True once the stop for `key` was sent to its provider (it may have stopped the run). */
  wasSent(key: string): boolean {
    return this.#sent.has(key)
  }

  /** Resolves true when a stop for `provider` can be sent now, false once the gate is closed. */
  async room(provider: string): Promise<boolean> {
    while (!this.#closed && !this.#hasRoom(provider)) {
      await new Promise<void>((resolve) => this.#waiters.add(resolve))
    }
    return !this.#closed
  }

  /** The generator hands `key` to the batch. */
  admit(key: string, provider: string): void {
    this.#open.set(key, provider)
    this.#waiting.set(key, provider)
  }

  /** The controller dispatched an attempt of the stop for `key`. */
  attempted(key: string): void {
    this.#sent.add(key)
    if (this.#waiting.delete(key)) this.#wake()
  }

  /** The stop for `key` ended (answered, failed, or ended by the abort). */
  settled(key: string): void {
    this.#waiting.delete(key)
    if (this.#open.delete(key)) this.#wake()
  }

  /** No more handles: every `room()` answers false from now on. */
  close(): void {
    this.#closed = true
    this.#wake()
  }

  #hasRoom(provider: string): boolean {
    if (this.#open.size >= this.#limits.concurrency) return false
    let open = 0
    for (const value of this.#open.values()) if (value === provider) open++
    if (open >= this.#limits.perProvider) return false
    for (const value of this.#waiting.values()) if (value === provider) return false
    return true
  }

  #wake(): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const resolve of waiters) resolve()
  }
}
