import { describe, expect, it } from 'vitest'
import { DispatchGate } from './dispatch-gate.js'

describe('DispatchGate', () => {
  it('has room until the per-provider limit; another provider is not held back', () => {
    const gate = new DispatchGate({ concurrency: 10, perProvider: 2 })
    gate.admit('a1', 'a')
    gate.attempted('a1')
    gate.admit('a2', 'a')
    gate.attempted('a2')
    expect(gate.hasRoom('a')).toBe(false)
    expect(gate.hasRoom('b')).toBe(true)
    gate.settled('a1')
    expect(gate.hasRoom('a')).toBe(true)
    expect(gate.inFlight).toBe(1)
  })

  it('stops at the overall limit', () => {
    const gate = new DispatchGate({ concurrency: 2, perProvider: 8 })
    gate.admit('a1', 'a')
    gate.attempted('a1')
    gate.admit('b1', 'b')
    gate.attempted('b1')
    expect(gate.hasRoom('c')).toBe(false)
  })

  it('holds a provider back while one of its handles waits to be sent', () => {
    const gate = new DispatchGate({ concurrency: 10, perProvider: 8 })
    gate.admit('a1', 'a')
    expect(gate.hasRoom('a')).toBe(false)
    expect(gate.wasSent('a1')).toBe(false)
    gate.attempted('a1')
    expect(gate.hasRoom('a')).toBe(true)
    expect(gate.wasSent('a1')).toBe(true)
  })

  it('a stop rejected before sending settles without ever being sent', () => {
    const gate = new DispatchGate({ concurrency: 10, perProvider: 1 })
    gate.admit('a1', 'a')
    gate.settled('a1')
    expect(gate.wasSent('a1')).toBe(false)
    expect(gate.hasRoom('a')).toBe(true)
    expect(gate.inFlight).toBe(0)
  })

  it('wakes a waiter on a change, and once closed has no room', async () => {
    const gate = new DispatchGate({ concurrency: 1, perProvider: 1 })
    gate.admit('a1', 'a')
    gate.attempted('a1')
    const changed = gate.changed()
    gate.settled('a1')
    await changed
    expect(gate.hasRoom('a')).toBe(true)
    gate.close()
    expect(gate.hasRoom('a')).toBe(false)
    await gate.changed()
  })

  it('ignores hooks for keys it never admitted', () => {
    const gate = new DispatchGate({ concurrency: 1, perProvider: 1 })
    gate.settled('other')
    gate.attempted('other')
    expect(gate.inFlight).toBe(0)
    expect(gate.hasRoom('a')).toBe(true)
  })
})
