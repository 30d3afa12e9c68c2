import { formatHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin, singleJson } from './test-support/spawn-cli.js'

const WRONG_AWS_SECRET = 'wrongAwsSecret-DISTINCTIVE-7f3a9c1e5b'
const WRONG_ALIBABA_SECRET = 'wrongAlibabaSecret-DISTINCTIVE-2d8e4b6a0c'

let emulator: Emulator

beforeAll(async () => {
  assertBuilt()
  emulator = await startEmulator({ stopDelayMs: 100 })
})
afterAll(async () => {
  await emulator?.close()
})

describe('a wrong secret (real bin against the emulator)', () => {
  it.each([
    { mode: 'json', flags: ['--json'] },
    { mode: 'table', flags: [] as string[] },
  ])('fails as UNAUTHENTICATED and is never printed ($mode)', async ({ flags }) => {
    const env = emulatorCliEnv(emulator, {
      AWS_SECRET_ACCESS_KEY: WRONG_AWS_SECRET,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: WRONG_ALIBABA_SECRET,
    })
    const handles = [
      emulator.createRun('mwaa-serverless'),
      emulator.createRun('bedrock-flows', { region: 'us-east-1' }),
      emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' }),
    ]
    const run = await runBin(['stop', ...handles.map((h) => formatHandle(h)), ...flags], { env })
    expect(run.code).toBe(1)
    const everything = run.stdout + run.stderr
    expect(everything).not.toContain(WRONG_AWS_SECRET)
    expect(everything).not.toContain(WRONG_ALIBABA_SECRET)
    // Not even a recognisable piece of it.
    expect(everything).not.toContain('DISTINCTIVE')
    for (const provider of ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow'])
      expect(run.stderr).toMatch(new RegExp(`UNAUTHENTICATED provider=${provider} .*requestId=`))
    if (flags.includes('--json')) {
      const doc = singleJson(run)
      expect(doc.counts.failed).toBe(3)
      for (const result of doc.results) expect(result.error.code).toBe('UNAUTHENTICATED')
    }
    // Nothing was stopped.
    for (const handle of handles) {
      const get = await runBin(['get', formatHandle(handle), '--json'], { env: emulatorCliEnv(emulator) })
      expect(singleJson(get).snapshot.status).toBe('running')
    }
  })

  it('get with a wrong secret fails without printing it either', async () => {
    const env = emulatorCliEnv(emulator, { ALIBABA_CLOUD_ACCESS_KEY_SECRET: WRONG_ALIBABA_SECRET })
    const handle = emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })
    const run = await runBin(['get', formatHandle(handle), '--json'], { env })
    expect(run.code).toBe(1)
    expect(singleJson(run).error.code).toBe('UNAUTHENTICATED')
    expect(run.stdout + run.stderr).not.toContain('DISTINCTIVE')
  })

  it('is redacted even where a provider or a handle echoes it back', async () => {
    // A secret that is also a valid execution name: every line that shows the handle would leak it.
    const env = emulatorCliEnv(emulator, { ALIBABA_CLOUD_ACCESS_KEY_SECRET: WRONG_ALIBABA_SECRET })
    const handle = {
      ...emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' }),
      executionName: WRONG_ALIBABA_SECRET,
    }
    for (const flags of [['--json'], []]) {
      const run = await runBin(['stop', formatHandle(handle), ...flags], { env })
      expect(run.code).toBe(1)
      expect(run.stdout + run.stderr).not.toContain('DISTINCTIVE')
      expect(run.stderr).toContain('executionName=[REDACTED]')
      if (flags.length > 0) expect(singleJson(run).results[0].error.handle.executionName).toBe('[REDACTED]')
    }
  })
})
