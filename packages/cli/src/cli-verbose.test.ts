import { formatHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin } from './test-support/spawn-cli.js'

let emulator: Emulator
let env: Record<string, string>

beforeAll(async () => {
  assertBuilt()
  emulator = await startEmulator()
  env = emulatorCliEnv(emulator)
})
afterAll(async () => {
  await emulator?.close()
})
beforeEach(() => {
  emulator.clearFaults()
})

/** The verbose lines of stderr, split into call id and text. */
function verboseLines(stderr: string): { id: string; text: string }[] {
  return stderr
    .split('\n')
    .map((line) => /^\[runstop ([0-9a-f]{8})\] (.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ id: match[1] as string, text: match[2] as string }))
}

describe('runstop --verbose (real bin against the emulator)', () => {
  it('stop: prints the call, each attempt and the retry of a throttle to stderr, stdout untouched', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'ThrottlingException',
      count: 1,
    })
    const run = await runBin(['stop', formatHandle(handle), '--json', '--verbose'], { env })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).counts.failed).toBe(0)
    expect(run.stdout).not.toContain('[runstop ')

    const lines = verboseLines(run.stderr)
    expect(new Set(lines.map((line) => line.id)).size).toBe(1)
    const texts = lines.map((line) => line.text)
    expect(texts[0]).toBe(`stop ${formatHandle(handle)}`)
    expect(texts[1]).toBe('attempt 1: stop (mwaa-serverless)')
    expect(texts[2]).toMatch(/^attempt 1 failed: THROTTLED \(ThrottlingException\): .+; retrying in \d+ ms$/)
    expect(texts[3]).toBe('attempt 2: stop (mwaa-serverless)')
    expect(texts[4]).toMatch(/^stop done after 2 attempts in \d+ ms: (stop_requested|stopped), status \w+$/)
    expect(texts).toHaveLength(5)
    expect(run.stderr).not.toContain(emulator.credentials.aws.secretAccessKey)
  })

  it('before the command too; a failed get ends with its error code', async () => {
    const handle = emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })
    const missing = formatHandle({ ...handle, executionName: 'no_such_execution' })
    const run = await runBin(['--verbose', 'get', missing], { env })
    expect(run.code).toBe(1)
    const texts = verboseLines(run.stderr).map((line) => line.text)
    expect(texts[0]).toBe(`get ${missing}`)
    expect(texts[1]).toBe('attempt 1: get (alibaba-cloudflow)')
    expect(texts.at(-1)).toMatch(/^get done after 1 attempt in \d+ ms: NOT_FOUND \(ExecutionNotExists\): /)
  })

  it('without --verbose nothing of the kind is printed', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'ThrottlingException',
      count: 1,
    })
    const run = await runBin(['stop', formatHandle(handle), '--json'], { env })
    expect(run.code).toBe(0)
    expect(verboseLines(run.stderr)).toEqual([])
  })
})
