import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatHandle, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin, singleJson, startBin } from './test-support/spawn-cli.js'

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

const requestsFor = (handles: readonly RunHandle[], kind: 'stop' | 'get') => {
  const ids = new Set(handles.map((h) => String(h.runId)))
  return emulator.requests.filter(
    (r) => r.provider === 'mwaa-serverless' && r.kind === kind && ids.has(String(r.params.RunId)),
  )
}

async function tempFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'runstop-cli-batch-'))
  const file = join(dir, 'input')
  await writeFile(file, text)
  return file
}

describe('runstop stop: one batch path for every multi-run input (real bin against the emulator)', () => {
  it('stop h1 … h24 --wait sends every stop before the first wait poll', async () => {
    const handles = Array.from({ length: 24 }, () => emulator.createRun('mwaa-serverless'))
    const run = await runBin(
      ['stop', ...handles.map((h) => formatHandle(h)), '--wait', '--poll-interval', '50ms', '--json'],
      { env, timeoutMs: 30_000 },
    )
    expect(run.code).toBe(0)
    expect(singleJson(run).counts).toMatchObject({ stopped: 24, failed: 0 })
    const stops = requestsFor(handles, 'stop')
    const gets = requestsFor(handles, 'get')
    expect(stops).toHaveLength(24)
    expect(gets.length).toBeGreaterThan(0)
    const lastStop = emulator.requests.indexOf(stops.at(-1) as (typeof stops)[number])
    const firstGet = emulator.requests.indexOf(gets[0] as (typeof gets)[number])
    expect(lastStop).toBeLessThan(firstGet)
  }, 40_000)

  it('--per-provider lifts the per-provider cap: 32 stops to one provider in flight at once', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    try {
      const handles = Array.from({ length: 40 }, () => em.createRun('mwaa-serverless'))
      // No answer comes back during the test: every stop received is a stop in flight.
      em.setFaults({ provider: 'mwaa-serverless', latencyMs: 120_000 })
      const bin = startBin(['stop', '--from-file', '-', '--concurrency', '64', '--per-provider', '32'], {
        env: emulatorCliEnv(em),
        stdin: handles.map((h) => formatHandle(h)).join('\n'),
        timeoutMs: 30_000,
      })
      const inFlight = () => em.requests.filter((r) => r.kind === 'stop').length
      while (inFlight() < 32) await new Promise((resolve) => setTimeout(resolve, 20))
      bin.child.kill('SIGINT')
      while (!bin.stderr().includes('interrupted:')) await new Promise((resolve) => setTimeout(resolve, 20))
      bin.child.kill('SIGINT')
      const run = await bin.done
      expect(run.code).toBe(130)
      expect(inFlight()).toBe(32)
    } finally {
      await em.close()
    }
  }, 40_000)

  it('a provider at its limit does not hold back the handles of another behind it in the file', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    try {
      const mwaa = Array.from({ length: 6 }, () => em.createRun('mwaa-serverless'))
      const alibaba = Array.from({ length: 3 }, () =>
        em.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' }),
      )
      // MWAA answers slowly, so with 2 per provider its third stop waits for a free slot.
      em.setFaults({ provider: 'mwaa-serverless', latencyMs: 1_500 })
      const run = await runBin(['stop', '--from-file', '-', '--per-provider', '2', '--json'], {
        env: emulatorCliEnv(em),
        stdin: [...mwaa, ...alibaba].map((h) => formatHandle(h)).join('\n'),
        timeoutMs: 30_000,
      })
      expect(run.code).toBe(0)
      expect(singleJson(run).counts).toMatchObject({ failed: 0, notSent: 0 })
      const stops = em.requests.filter((r) => r.kind === 'stop')
      expect(stops).toHaveLength(9)
      const thirdMwaa = stops.filter((r) => r.provider === 'mwaa-serverless')[2]
      const lastAlibaba = stops.filter((r) => r.provider === 'alibaba-cloudflow').at(-1)
      expect(stops.indexOf(lastAlibaba as (typeof stops)[number])).toBeLessThan(
        stops.indexOf(thirdMwaa as (typeof stops)[number]),
      )
    } finally {
      await em.close()
    }
  }, 40_000)

  it('--help states the batch defaults', async () => {
    const run = await runBin(['stop', '--help'], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /--concurrency <n>\s+stops \(and waits\) in flight at once, in all\s+\(default 16\)/,
    )
    expect(run.stdout).toMatch(
      /--per-provider <n>\s+stops in flight at once for any one provider\s+\(default 8\)/,
    )
    expect(run.stdout).toMatch(
      /--poll-interval <duration>\s+first poll interval while waiting \(default 1s\)/,
    )
  })

  it.each(['get', 'stop', 'wait', 'emulator', 'demo'])(
    'runstop %s --help shows examples',
    async (command) => {
      const run = await runBin([command, '--help'], { env })
      expect(run.code).toBe(0)
      const examples = run.stdout.split('Examples:\n')[1] ?? ''
      expect(examples).toMatch(new RegExp(`^  runstop ${command}\\b`, 'm'))
    },
  )
})

describe('runstop stop: input as a new user writes it', () => {
  it('--from-file: duplicates stopped and reported once (with a note), inline comments, trailing whitespace', async () => {
    const [a, b, c] = [
      emulator.createRun('mwaa-serverless'),
      emulator.createRun('mwaa-serverless'),
      emulator.createRun('mwaa-serverless'),
    ] as [RunHandle, RunHandle, RunHandle]
    // The same run written with its fields in another order: one canonical handle.
    const reordered = `runstop:mwaa-serverless?workflowArn=${encodeURIComponent(String(a.workflowArn))}&runId=${a.runId}`
    const file = await tempFile(
      [
        `${formatHandle(a)}   # nightly ETL, first try`,
        `${formatHandle(b)}\t `,
        reordered,
        `${formatHandle(c)} #no space after the hash`,
        formatHandle(b),
        '',
      ].join('\n'),
    )
    const run = await runBin(['stop', '--from-file', file, '--json'], { env })
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc).toMatchObject({ ok: true, total: 3, duplicatesDropped: 2 })
    expect(doc.results.map((r: { handle: string }) => r.handle)).toEqual(
      [a, b, c].map((h) => formatHandle(h)),
    )
    expect(requestsFor([a, b, c], 'stop')).toHaveLength(3)
    expect(run.stderr).toBe('note: 2 duplicate handle(s) dropped; each run is stopped and reported once\n')
  })

  it('arguments: trailing whitespace trimmed, a repeated handle stopped once', async () => {
    const a = emulator.createRun('mwaa-serverless')
    const run = await runBin(['stop', `${formatHandle(a)}  `, formatHandle(a), '--json'], { env })
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc).toMatchObject({ total: 1, duplicatesDropped: 1 })
    expect(doc.results[0]).toMatchObject({ handle: formatHandle(a), ok: true, sent: true })
    expect(requestsFor([a], 'stop')).toHaveLength(1)
  })

  it('an input with only comments and blank lines exits 2 and says so', async () => {
    const file = await tempFile('# nothing to do today\n\n   \n')
    const run = await runBin(['stop', '--from-file', file], { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('holds no handle')
    expect(run.stdout).toBe('')
  })
})

describe('--region and --profile beside the environment', () => {
  it('--region is the default region and wins over AWS_REGION; a handle without region uses it', async () => {
    const { region: _region, ...withoutRegion } = emulator.createRun('bedrock-flows', { region: 'us-west-2' })
    const handle = formatHandle(withoutRegion as RunHandle)
    // The environment names another region: the run is not found there.
    const fromEnv = await runBin(['get', handle, '--json'], { env })
    expect(fromEnv.code).toBe(1)
    expect(singleJson(fromEnv).error).toMatchObject({ code: 'NOT_FOUND' })
    const fromFlag = await runBin(['get', handle, '--region', 'us-west-2', '--json'], { env })
    expect(fromFlag.code).toBe(0)
    expect(singleJson(fromFlag).snapshot).toMatchObject({ status: 'running' })
    const beforeCommand = await runBin(['--region', 'us-west-2', 'stop', handle, '--json'], { env })
    expect(beforeCommand.code).toBe(0)
    expect(singleJson(beforeCommand).counts.failed).toBe(0)
  })

  it('--profile reads that profile of the shared credentials file for the AWS providers', async () => {
    const handle = formatHandle(emulator.createRun('mwaa-serverless'))
    const credentialsFile = await tempFile(
      [
        '[default]',
        'aws_access_key_id = AKIDSOMEONEELSE',
        'aws_secret_access_key = not-the-emulator-secret',
        '[emulator]',
        `aws_access_key_id = ${emulator.credentials.aws.accessKeyId}`,
        `aws_secret_access_key = ${emulator.credentials.aws.secretAccessKey}`,
        '',
      ].join('\n'),
    )
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...withoutKeys } = env
    const profileEnv = { ...withoutKeys, AWS_SHARED_CREDENTIALS_FILE: credentialsFile }
    const withDefault = await runBin(['get', handle, '--json'], { env: profileEnv })
    expect(withDefault.code).toBe(1)
    const withProfile = await runBin(['get', handle, '--profile', 'emulator', '--json'], { env: profileEnv })
    expect(withProfile.code).toBe(0)
    expect(singleJson(withProfile).snapshot).toMatchObject({ status: 'running' })
    expect(withProfile.stdout + withProfile.stderr).not.toContain(emulator.credentials.aws.secretAccessKey)
  })
})
