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

describe('usage errors exit 2 and send nothing (real bin)', () => {
  it.each([
    ['an unknown flag', ['get', 'runstop:mwaa-serverless?runId=a', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['halt'], /unknown command 'halt'/],
    ['no command', [], /Usage: runstop/],
    ['a missing handle', ['get'], /missing required argument 'handle'/],
    ['an unparsable handle', ['get', 'mwaa-serverless/run1'], /Invalid handle "mwaa-serverless\/run1"/],
    ['an unknown provider', ['stop', 'runstop:logic-apps?run=x'], /unknown provider "logic-apps"/],
    [
      'a handle that breaks the provider constraints',
      ['stop', 'runstop:alibaba-cloudflow?executionName=..%2Fetc&flowName=f'],
      /Invalid handle/,
    ],
    ['a bad duration', ['wait', 'runstop:mwaa-serverless?runId=a', '--timeout', '5x'], /not a duration/],
    ['a zero duration', ['stop', 'runstop:mwaa-serverless?runId=a', '--timeout', '0s'], /greater than zero/],
    ['a bad concurrency', ['stop', '--from-file', '-', '--concurrency', '0'], /not a positive integer/],
    ['handles and --from-file together', ['stop', 'runstop:x?a=b', '--from-file', '-'], /not both/],
    ['nothing to stop', ['stop'], /Nothing to stop/],
    ['a missing handle file', ['stop', '--from-file', '/nonexistent/handles.txt'], /Cannot read handle file/],
    ['a bad port', ['emulator', '--port', '70000'], /not a port/],
  ])('%s', async (_name, args, message) => {
    const before = emulator.requests.length
    const run = await runBin(args, { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(emulator.requests.length).toBe(before)
  })

  it('with --json, a usage error is also one JSON document on stdout', async () => {
    const run = await runBin(['get', 'not-a-handle', '--json'], { env })
    expect(run.code).toBe(2)
    expect(singleJson(run)).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('Invalid handle "not-a-handle"') },
    })
    const flag = await runBin(['stop', '--json', '--nope'], { env })
    expect(flag.code).toBe(2)
    expect(singleJson(flag).error).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining("'--nope'"),
    })
  })

  it('checks every command-line handle before sending the first stop', async () => {
    const good = emulator.createRun('mwaa-serverless')
    const before = emulator.requests.length
    const run = await runBin(
      ['stop', formatHandle(good), 'runstop:mwaa-serverless?runId=x&workflowArn=nope'],
      { env },
    )
    expect(run.code).toBe(2)
    expect(emulator.requests.length).toBe(before)
    expect(
      emulator
        .runs('mwaa-serverless')
        .find((r) => r.status !== 'RUNNING' && r.key.includes(String(good.runId))),
    ).toBe(undefined)
  })

  it('--help and --version exit 0', async () => {
    const help = await runBin(['--help'], { env })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: runstop')
    expect(help.stdout).toContain('Exit codes')
    const version = await runBin(['--version'], { env })
    expect(version.code).toBe(0)
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
