import { describe, expect, it } from 'vitest'
import { createRequestGate } from './request-gate.js'

describe('createRequestGate', () => {
  it('lets `limit` requests in, queues the rest in order, and passes freed slots on', async () => {
    const gate = createRequestGate(2)
    const signal = new AbortController().signal
    const order: string[] = []
    const a = await gate.enter(signal)
    const b = await gate.enter(signal)
    const c = gate.enter(signal).then((leave) => {
      order.push('c')
      return leave
    })
    const d = gate.enter(signal).then((leave) => {
      order.push('d')
      return leave
    })
    await Promise.resolve()
    expect(order).toEqual([])
    a()
    a() // a second call of the same release frees nothing more
    const leaveC = await c
    expect(order).toEqual(['c'])
    b()
    const leaveD = await d
    expect(order).toEqual(['c', 'd'])
    leaveC()
    leaveD()
    // Both slots are free again.
    await gate.enter(signal)
    await gate.enter(signal)
  })

  it('rejects a waiter whose signal fires, and never gives it a slot', async () => {
    const gate = createRequestGate(1)
    const held = await gate.enter(new AbortController().signal)
    const controller = new AbortController()
    const waiting = gate.enter(controller.signal)
    controller.abort(new Error('stop waiting'))
    await expect(waiting).rejects.toThrow('stop waiting')
    held()
    // The slot went back to the gate, not to the aborted waiter.
    const next = await gate.enter(new AbortController().signal)
    expect(typeof next).toBe('function')
    await expect(gate.enter(AbortSignal.abort('already'))).rejects.toBe('already')
  })
})
