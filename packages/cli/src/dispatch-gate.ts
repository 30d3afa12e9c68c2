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
 * The CLI's input generator asks `hasRoom(provider)` before handing over a handle. There is room
 * when fewer than `concurrency` stops are in flight in all, fewer than `perProvider` for that
 * provider, and no handle already handed over for that provider is still waiting to be sent (the
 * batch engine may hold one back while the provider throttles). The controller's hooks feed the
 * gate: `attempted` when a stop is dispatched to the adapter (`onAttempt`), `settled` when its call
 * ends (`onResult`). `close()` (the first Ctrl-C) makes every later `hasRoom()` false.
 */
export class DispatchGate {
  readonly #limits: GateLimits
  /** Handed over and not settled: key → provider. */
  readonly #open = new Map<string, string>()
  /** Handed over, not yet sent: key → provider. */
  readonly #waiting = new Map<string, string>()
  /** Per provider: open stops, and handed-over stops not sent yet. */
  readonly #openCount = new Map<string, number>()
  readonly #waitingCount = new Map<string, number>()
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

  /** True when a stop for `provider` handed over now would be sent at once. */
  hasRoom(provider: string): boolean {
    return (
      !this.#closed &&
      this.#open.size < this.#limits.concurrency &&
      (this.#openCount.get(provider) ?? 0) < this.#limits.perProvider &&
      (this.#waitingCount.get(provider) ?? 0) === 0
    )
  }

  /** Resolves at the next change: a stop sent or settled, or the gate closed. */
  changed(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    return new Promise<void>((resolve) => this.#waiters.add(resolve))
  }

  /** The generator hands `key` to the batch. */
  admit(key: string, provider: string): void {
    this.#open.set(key, provider)
    this.#waiting.set(key, provider)
    bump(this.#openCount, provider, 1)
    bump(this.#waitingCount, provider, 1)
  }

  /** The controller dispatched an attempt of the stop for `key`. */
  attempted(key: string): void {
    this.#sent.add(key)
    if (this.#stopWaiting(key)) this.#wake()
  }

  /** The stop for `key` ended (answered, failed, or ended by the abort). */
  settled(key: string): void {
    this.#stopWaiting(key)
    const provider = this.#open.get(key)
    if (provider === undefined) return
    this.#open.delete(key)
    bump(this.#openCount, provider, -1)
    this.#wake()
  }

  /** No more handles: `hasRoom()` is false from now on. */
  close(): void {
    this.#closed = true
    this.#wake()
  }

  #stopWaiting(key: string): boolean {
    const provider = this.#waiting.get(key)
    if (provider === undefined) return false
    this.#waiting.delete(key)
    bump(this.#waitingCount, provider, -1)
    return true
  }

  #wake(): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const resolve of waiters) resolve()
  }
}

function bump(counts: Map<string, number>, provider: string, by: number): void {
  counts.set(provider, (counts.get(provider) ?? 0) + by)
}
