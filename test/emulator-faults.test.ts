import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})

function controller() {
  return createRunController({
    adapters: [
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
      }),
    ],
    retry: false,
  })
}

/** What the emulator answered to `n` sequential gets through the real SDK, as a string per request. */
async function sequence(handle: RunHandle, n: number): Promise<string[]> {
  const runs = controller()
  emulator.clearRequests()
  for (let i = 0; i < n; i++) await runs.get(handle)
  return emulator.requests.map((r) => `${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`)
}

describe('emulator faults over the wire (real SDK client)', () => {
  it('gives the same answers for the same seed, and different ones for another seed', async () => {
    const handle = emulator.createRun('bedrock-flows')
    const mix = { provider: 'bedrock-flows', throttleRate: 0.2, errorRate: 0.2, resetRate: 0.1 } as const
    emulator.setFaults({ ...mix, seed: 99 })
    const first = await sequence(handle, 40)
    emulator.setFaults({ ...mix, seed: 99 })
    const again = await sequence(handle, 40)
    emulator.setFaults({ ...mix, seed: 100 })
    const other = await sequence(handle, 40)
    emulator.clearFaults()
    expect(again).toEqual(first)
    expect(other).not.toEqual(first)
    expect(first).toContain('429 ThrottlingException')
    expect(first).toContain('500 InternalServerException')
    expect(first).toContain('reset')
    expect(first).toContain('200')
  })

  it('decides a fault as the request arrives: one injected while an earlier get waits out its latency goes to the next get', async () => {
    // What broke a later test once: a get abandoned by its caller was still waiting out its
    // latency when that test injected a throttle for its own get, and took it.
    const handle = emulator.createRun('bedrock-flows')
    const runs = controller()
    emulator.setFaults({ provider: 'bedrock-flows', operationLatencyMs: { get: 400 } })
    const arrived = emulator.requests.length
    const waiting = runs.get(handle)
    // Until the get has arrived: a first call loads the SDK, which a loaded machine takes seconds for.
    await vi.waitFor(() => expect(emulator.requests.length).toBe(arrived + 1), {
      interval: 5,
      timeout: 15_000,
    })
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'get', code: 'ThrottlingException' })
    expect((await waiting)._unsafeUnwrap().status).toBe('running')
    expect((await runs.get(handle))._unsafeUnwrapErr().code).toBe('THROTTLED')
    emulator.clearFaults()
    expect(emulator.requests.slice(arrived).map((r) => r.status)).toEqual([200, 429])
  })

  it('holds a rate limit: requests over it are throttled, the rest are answered', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.setFaults({ provider: 'bedrock-flows', rateLimitPerSecond: 10, seed: 1 })
    const started = Date.now()
    const answers = await sequence(handle, 30)
    const elapsedSeconds = (Date.now() - started) / 1000
    emulator.clearFaults()
    const passed = answers.filter((a) => a === '200').length
    const throttled = answers.filter((a) => a === '429 ThrottlingException').length
    expect(passed + throttled).toBe(30)
    // A burst of one second's worth, plus what refilled while the requests ran.
    expect(passed).toBeGreaterThanOrEqual(10)
    expect(passed).toBeLessThanOrEqual(10 + Math.ceil(elapsedSeconds * 10) + 1)
    expect(throttled).toBeGreaterThan(0)
  })
})
