import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
      createMwaaServerlessAdapter({
        endpoint: emulator.endpoints.mwaaServerless,
        credentials: emulator.credentials.aws,
      }),
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
      }),
    ],
    retry: false,
  })
}

/** The handle with `field` turned into a getter: the real value on the first read, `../../x` after. */
function shifty(handle: RunHandle, field: string): RunHandle {
  const real = handle[field]
  let reads = 0
  const copy: Record<string, unknown> = { ...handle }
  Object.defineProperty(copy, field, {
    enumerable: true,
    get() {
      reads++
      return reads === 1 ? real : '../../x'
    },
  })
  return copy as RunHandle
}

/** Every value the emulator received, from the logged parameters and the raw paths. */
function wire(): string {
  return JSON.stringify(emulator.requests.map((r) => r.params))
}

describe('a handle is read once, at the boundary: what was validated is what is sent', () => {
  it.each([
    ['mwaa-serverless', 'runId'],
    ['bedrock-flows', 'executionIdentifier'],
  ] as const)(
    '%s: a %s getter that changes after validation never reaches the wire',
    async (provider, field) => {
      const runs = controller()
      const handle = emulator.createRun(provider)
      const real = handle[field] as string
      emulator.clearRequests()
      const stopped = await runs.stop(shifty(handle, field))
      expect(stopped.isOk()).toBe(true)
      const got = await runs.get(shifty(handle, field))
      expect(got.isOk()).toBe(true)
      const report = await runs.stopMany([shifty(handle, field)])
      expect(report.total).toBe(1)
      expect(report.failed.filter((f) => f.error.code === 'VALIDATION')).toEqual([])
      expect(emulator.requests.length).toBeGreaterThanOrEqual(3)
      expect(wire()).not.toContain('../../x')
      expect(wire()).toContain(real)
      await runs.close()
    },
  )

  it('a provider getter that throws answers VALIDATION from stop, get and stopMany, sending nothing', async () => {
    const runs = controller()
    const handle = emulator.createRun('mwaa-serverless')
    const hostile = Object.defineProperty({ ...handle }, 'provider', {
      enumerable: true,
      get() {
        throw new Error('hostile')
      },
    }) as RunHandle
    emulator.clearRequests()
    expect((await runs.stop(hostile))._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect((await runs.get(hostile))._unsafeUnwrapErr().code).toBe('VALIDATION')
    const report = await runs.stopMany([hostile])
    expect(report.failed.map((f) => f.error.code)).toEqual(['VALIDATION'])
    expect(emulator.requests).toEqual([])
    await runs.close()
  })
})
