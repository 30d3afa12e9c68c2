import { formatHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin, singleJson } from './test-support/spawn-cli.js'

let emulator: Emulator
let env: Record<string, string>

beforeAll(async () => {
  assertBuilt()
  emulator = await startEmulator({ stopDelayMs: 100 })
  env = emulatorCliEnv(emulator)
})
afterAll(async () => {
  await emulator?.close()
})

describe('runstop get (real bin against the emulator)', () => {
  it.each([
    ['mwaa-serverless', 'RUNNING', 'us-east-1'],
    ['bedrock-flows', 'Running', 'us-east-1'],
    ['alibaba-cloudflow', 'Running', 'cn-hangzhou'],
  ] as const)(
    '--json prints one snapshot document for a %s run, exit 0',
    async (provider, providerStatus, region) => {
      const handle = emulator.createRun(provider, { region })
      const run = await runBin(['get', formatHandle(handle), '--json'], { env })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const doc = singleJson(run)
      expect(doc).toMatchObject({
        ok: true,
        handle: formatHandle(handle),
        snapshot: { handle, status: 'running', providerStatus },
      })
      expect(doc.snapshot).not.toHaveProperty('raw')
      if (doc.snapshot.startedAt !== undefined)
        expect(doc.snapshot.startedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
    },
  )

  it('prints a readable snapshot without --json', async () => {
    const handle = emulator.createRun('mwaa-serverless', { status: 'SUCCESS' })
    const run = await runBin(['get', formatHandle(handle)], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`handle      ${formatHandle(handle)}`)
    expect(run.stdout).toMatch(/status\s+SUCCESS → succeeded/)
    expect(() => JSON.parse(run.stdout)).toThrow()
  })

  it('exits 1 for a missing run, with code, provider and request id on stderr and in the JSON', async () => {
    const created = emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })
    const missing = { ...created, executionName: 'exec-does-not-exist' }
    const run = await runBin(['get', formatHandle(missing), '--json'], { env })
    expect(run.code).toBe(1)
    const doc = singleJson(run)
    expect(doc.ok).toBe(false)
    expect(doc.error).toMatchObject({ name: 'RunError', code: 'NOT_FOUND', provider: 'alibaba-cloudflow' })
    expect(typeof doc.error.requestId).toBe('string')
    expect(run.stderr).toContain('NOT_FOUND provider=alibaba-cloudflow')
    expect(run.stderr).toContain(`requestId=${doc.error.requestId}`)
  })
})

describe('runstop wait (real bin against the emulator)', () => {
  it('returns the final snapshot of a finished run at once, exit 0', async () => {
    const handle = emulator.createRun('bedrock-flows', { status: 'Failed', region: 'us-east-1' })
    const run = await runBin(['wait', formatHandle(handle), '--json'], { env })
    expect(run.code).toBe(0)
    expect(singleJson(run)).toMatchObject({
      ok: true,
      snapshot: { status: 'failed', providerStatus: 'Failed' },
    })
  })

  it('times out with TIMEOUT carrying the last status, exit 1', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    // A deadline a loaded machine still gets a first answer within (the bin's first get loads
    // the SDK's modules): a wait that ends before any answer has no last status to carry.
    const run = await runBin(
      ['wait', formatHandle(handle), '--timeout', '3s', '--poll-interval', '50ms', '--json'],
      { env },
    )
    expect(run.code).toBe(1)
    const doc = singleJson(run)
    expect(doc.ok).toBe(false)
    expect(doc.error).toMatchObject({
      code: 'TIMEOUT',
      provider: 'mwaa-serverless',
      lastSnapshot: { status: 'running', providerStatus: 'RUNNING' },
    })
    expect(run.stderr).toContain('lastStatus=RUNNING → running')
  })

  it('sees a run that is being stopped through to its end', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const stopped = await runBin(['stop', formatHandle(handle), '--json'], { env })
    expect(stopped.code).toBe(0)
    const run = await runBin(['wait', formatHandle(handle), '--poll-interval', '50ms', '--timeout', '10s'], {
      env,
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/status\s+STOPPED → stopped/)
  })
})
