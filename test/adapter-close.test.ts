import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, type RunAdapter, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { createStepFunctionsAdapter } from '@runstop/step-functions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConnectionCounter, countConnections } from './support/connection-counter.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})

type Provider = 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow' | 'step-functions'

const adapters: Record<
  Provider,
  { endpoint: () => string; make: (url: string, maxSockets?: number) => RunAdapter }
> = {
  'mwaa-serverless': {
    endpoint: () => emulator.endpoints.mwaaServerless,
    make: (endpoint, maxSockets) =>
      createMwaaServerlessAdapter({
        endpoint,
        credentials: emulator.credentials.aws,
        ...(maxSockets === undefined ? {} : { maxSockets }),
      } as never) as RunAdapter,
  },
  'bedrock-flows': {
    endpoint: () => emulator.endpoints.bedrockFlows,
    make: (endpoint, maxSockets) =>
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint,
        credentials: emulator.credentials.aws,
        ...(maxSockets === undefined ? {} : { maxSockets }),
      } as never) as RunAdapter,
  },
  'alibaba-cloudflow': {
    endpoint: () => emulator.endpoints.alibabaCloudFlow,
    make: (endpoint, maxSockets) =>
      createAlibabaCloudFlowAdapter({
        region: 'cn-hangzhou',
        endpoint,
        credentials: emulator.credentials.alibaba,
        ...(maxSockets === undefined ? {} : { maxSockets }),
      } as never) as RunAdapter,
  },
  'step-functions': {
    endpoint: () => emulator.endpoints.stepFunctions,
    make: (endpoint, maxSockets) =>
      createStepFunctionsAdapter({
        endpoint,
        credentials: emulator.credentials.aws,
        ...(maxSockets === undefined ? {} : { maxSockets }),
      }) as RunAdapter,
  },
}

const PROVIDERS = Object.keys(adapters) as Provider[]

async function concurrentGets(
  provider: Provider,
  counter: ConnectionCounter,
  calls: number,
  maxSockets?: number,
) {
  const runs = createRunController({
    adapters: [adapters[provider].make(counter.url, maxSockets)],
    retry: false,
  })
  const handles: RunHandle[] = Array.from({ length: 20 }, () => emulator.createRun(provider))
  const results = await Promise.all(
    Array.from({ length: calls }, (_, i) => runs.get(handles[i % handles.length] as RunHandle)),
  )
  return { runs, results }
}

describe.each(PROVIDERS)('%s: connections', (provider) => {
  it('200 concurrent calls open at most 50 connections by default', async () => {
    const counter = await countConnections(adapters[provider].endpoint())
    const { runs, results } = await concurrentGets(provider, counter, 200)
    expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().message)).toEqual([])
    expect(counter.opened).toBeGreaterThan(0)
    expect(counter.opened).toBeLessThanOrEqual(50)
    await runs.close()
    await counter.close()
  })

  it('the bound is configurable', async () => {
    const counter = await countConnections(adapters[provider].endpoint())
    const { runs, results } = await concurrentGets(provider, counter, 200, 4)
    expect(results.every((r) => r.isOk())).toBe(true)
    expect(counter.opened).toBeLessThanOrEqual(4)
    await runs.close()
    await counter.close()
  })

  it('close() releases every connection it opened, and later calls answer an error Result', async () => {
    const counter = await countConnections(adapters[provider].endpoint())
    expect(counter.open).toBe(0)
    const { runs, results } = await concurrentGets(provider, counter, 20)
    expect(results.every((r) => r.isOk())).toBe(true)
    // Keep-alive connections stay open after the calls...
    expect(counter.open).toBeGreaterThan(0)
    await runs.close()
    // ...until close() (the relay never closes a client connection by itself).
    await counter.allClosed()
    expect(counter.open).toBe(0)
    const after = await runs.get(emulator.createRun(provider))
    expect(after._unsafeUnwrapErr().code).toBe('ABORTED')
    expect(after._unsafeUnwrapErr().details).toMatchObject({ sent: false, closed: true })
    await counter.close()
  })
})

describe('alibaba-cloudflow: a call waiting for a connection slot', () => {
  it('sends nothing once its signal fires', async () => {
    const runs = createRunController({
      adapters: [adapters['alibaba-cloudflow'].make(emulator.endpoints.alibabaCloudFlow, 1)],
      retry: false,
    })
    const first = emulator.createRun('alibaba-cloudflow')
    const second = emulator.createRun('alibaba-cloudflow')
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs: 300 })
    emulator.clearRequests()
    try {
      const holding = runs.stop(first)
      const controller = new AbortController()
      const waiting = runs.stop(second, { signal: controller.signal })
      // Let both calls reach the adapter: the second now waits for the one slot.
      while (emulator.requests.length === 0) await new Promise((resolve) => setImmediate(resolve))
      controller.abort()
      expect((await waiting)._unsafeUnwrapErr().code).toBe('ABORTED')
      expect((await holding).isOk()).toBe(true)
      // Only the first stop reached the provider.
      expect(emulator.requests.map((r) => r.params.ExecutionName)).toEqual([first.executionName])
    } finally {
      emulator.clearFaults()
      await runs.close()
    }
  })
})
