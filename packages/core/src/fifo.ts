/** Taken slots are dropped from the front once there are more than this, and more than live ones. */
const COMPACT_AFTER = 1024

/**
 * A first-in first-out queue over one array: `shift` moves a head index instead of moving every
 * item (Array.prototype.shift is O(n) per call), and a taken slot is cleared at once so the queue
 * keeps no reference to what it handed out. The taken slots at the front are dropped once they
 * outnumber the live ones (and `COMPACT_AFTER`): a queue that is never empty (a consumer a step
 * behind a batch of a million stops) must not keep a slot per item that ever passed through.
 * The array is at most about twice its live items, and the compaction's copy is amortised.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = []
  private head = 0

  /** Items queued. */
  get size(): number {
    return this.items.length - this.head
  }

  /** Slots of the backing array, taken ones included (what the queue costs in memory). */
  get slots(): number {
    return this.items.length
  }

  push(item: T): void {
    this.items.push(item)
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) this.clear()
    else if (this.head > COMPACT_AFTER && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head)
      this.head = 0
    }
    return item
  }

  /** Removes every item. */
  clear(): void {
    this.items = []
    this.head = 0
  }
}
