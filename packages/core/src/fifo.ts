/**
 * A first-in first-out queue over one array: `shift` moves a head index instead of moving every
 * item (Array.prototype.shift is O(n) per call), and a taken slot is cleared at once so the queue
 * keeps no reference to what it handed out.
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
    return item
  }

  /** Removes every item. */
  clear(): void {
    this.items = []
    this.head = 0
  }
}
