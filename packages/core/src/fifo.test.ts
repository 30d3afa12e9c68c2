import { describe, expect, it } from 'vitest'
import { Fifo } from './fifo.js'

describe('Fifo', () => {
  it('hands items out in the order they came, and undefined when empty', () => {
    const queue = new Fifo<number>()
    expect(queue.shift()).toBeUndefined()
    for (let i = 0; i < 5; i++) queue.push(i)
    expect(queue.size).toBe(5)
    const out: (number | undefined)[] = []
    for (let i = 0; i < 3; i++) out.push(queue.shift())
    queue.push(5)
    while (queue.size > 0) out.push(queue.shift())
    expect(out).toEqual([0, 1, 2, 3, 4, 5])
    expect(queue.shift()).toBeUndefined()
  })

  it('a queue that never empties does not grow: taken slots are reclaimed', () => {
    // A stream consumer one step behind the batch: an entry or two always wait, the queue is never
    // empty, and 1,000,000 stops must not leave 1,000,000 slots behind.
    const queue = new Fifo<number>()
    queue.push(-1)
    for (let i = 0; i < 100_000; i++) {
      queue.push(i)
      if (i % 7 === 0) queue.push(-i)
      queue.shift()
      if (i % 7 === 0) queue.shift()
    }
    expect(queue.size).toBe(1)
    expect(queue.slots).toBeLessThan(5_000)
  })

  it('clear empties it', () => {
    const queue = new Fifo<string>()
    queue.push('a')
    queue.push('b')
    queue.clear()
    expect(queue.size).toBe(0)
    expect(queue.shift()).toBeUndefined()
  })
})
