import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

const alibabaRun = (status?: string) =>
  emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou', ...(status ? { status } : {}) })

describe('runstop stop <handle…> (real bin against the emulator)', () => {
  it('--json reports every handle in order, records the reason where it can, exit 0', async () => {
    const mwaa = emulator.createRun('mwaa-serverless')
    const bedrock = emulator.createRun('bedrock-flows', { region: 'us-east-1' })
    const alibaba = alibabaRun()
    const finished = emulator.createRun('mwaa-serverless', { status: 'SUCCESS' })
    const handles = [mwaa, bedrock, alibaba, finished]
    const run = await runBin(
      [
        'stop',
        ...handles.map((h) => formatHandle(h)),
        '--reason',
        'cli test reason',
        '--error-code',
        'CliTest',
        '--json',
      ],
      { env },
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const doc = singleJson(run)
    expect(doc).toMatchObject({ ok: true, total: 4, aborted: false })
    expect(doc.counts.failed).toBe(0)
    expect(doc.counts.alreadyTerminal).toBe(1)
    expect(doc.counts.stopped + doc.counts.stopRequested).toBe(3)
    expect(doc.results.map((r: { handle: string }) => r.handle)).toEqual(handles.map((h) => formatHandle(h)))
    expect(doc.results.every((r: { ok: boolean }) => r.ok)).toBe(true)
    const [mwaaResult, , alibabaResult, finishedResult] = doc.results.map(
      (r: { result: unknown }) => r.result,
    )
    expect(mwaaResult).toMatchObject({ handle: mwaa, reasonRecorded: false })
    expect(['stop_requested', 'stopped']).toContain(mwaaResult.outcome)
    expect(alibabaResult).toMatchObject({ handle: alibaba, reasonRecorded: true })
    expect(finishedResult).toMatchObject({
      outcome: 'already_terminal',
      status: 'succeeded',
      providerStatus: 'SUCCESS',
    })
    expect(mwaaResult).not.toHaveProperty('raw')
    const stored = emulator
      .runs('alibaba-cloudflow')
      .find((r) => r.extra.executionName === alibaba.executionName)
    expect(stored?.cause).toBe('cli test reason')
  })

  it('prints a table and a summary without --json', async () => {
    const handle = alibabaRun('Succeeded')
    const run = await runBin(['stop', formatHandle(handle)], { env })
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^PROVIDER\s+OUTCOME\s+STATUS\s+REASON RECORDED\s+REQUEST ID \/ ERROR\s+HANDLE$/)
    expect(lines[1]).toMatch(
      /^alibaba-cloudflow\s+already_terminal\s+Succeeded → succeeded\s+no\s+\S+\s+runstop:alibaba-cloudflow\?/,
    )
    expect(lines[1]?.endsWith(formatHandle(handle))).toBe(true)
    expect(lines[2]).toMatch(/^1 run: 0 stopped, 0 stop requested, 1 already finished, 0 failed/)
  })

  it('--wait waits for the run to end: outcome stopped, status stopped', async () => {
    const handle = emulator.createRun('mwaa-serverless')
    const run = await runBin(
      ['stop', formatHandle(handle), '--wait', '--poll-interval', '50ms', '--timeout', '10s', '--json'],
      {
        env,
      },
    )
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc.results[0].result).toMatchObject({
      outcome: 'stopped',
      status: 'stopped',
      providerStatus: 'STOPPED',
    })
    expect(doc.counts).toEqual({
      stopped: 1,
      stopRequested: 0,
      alreadyTerminal: 0,
      failed: 0,
      notSent: 0,
      outcomeUnknown: 0,
    })
  })

  it('exits 1 when any stop fails, keeping the others', async () => {
    const good = alibabaRun()
    const missing = { ...alibabaRun(), executionName: 'exec-missing-one' }
    const run = await runBin(['stop', formatHandle(good), formatHandle(missing), '--json'], { env })
    expect(run.code).toBe(1)
    const doc = singleJson(run)
    expect(doc.ok).toBe(false)
    expect(doc.counts.failed).toBe(1)
    expect(doc.results[0]).toMatchObject({ ok: true })
    expect(doc.results[1]).toMatchObject({
      ok: false,
      handle: formatHandle(missing),
      error: { code: 'NOT_FOUND', provider: 'alibaba-cloudflow', providerCode: 'ExecutionNotExists' },
    })
    expect(run.stderr).toContain(`error: ${formatHandle(missing)}: NOT_FOUND provider=alibaba-cloudflow`)
  })
})

describe('runstop stop --from-file (real bin against the emulator)', () => {
  it('reads a file, skipping blank lines and # comments, exit 0', async () => {
    const handles = [emulator.createRun('mwaa-serverless'), alibabaRun(), alibabaRun('Failed')]
    const dir = await mkdtemp(join(tmpdir(), 'runstop-cli-'))
    const file = join(dir, 'handles.txt')
    await writeFile(
      file,
      [
        '# runs to stop',
        '',
        formatHandle(handles[0]!),
        '   ',
        `  ${formatHandle(handles[1]!)}  `,
        '  # indented comment',
        formatHandle(handles[2]!),
        '',
      ].join('\n'),
    )
    const run = await runBin(
      ['stop', '--from-file', file, '--concurrency', '2', '--reason', 'file', '--json'],
      { env },
    )
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc).toMatchObject({ ok: true, total: 3, aborted: false })
    expect(doc.counts.alreadyTerminal).toBe(1)
    expect(doc.counts.failed).toBe(0)
    expect(doc.results.map((r: { handle: string }) => r.handle).sort()).toEqual(
      handles.map((h) => formatHandle(h)).sort(),
    )
  })

  it('reads handles from stdin with "-", and an unparsable line is a failure (exit 1), not lost', async () => {
    const handles = [alibabaRun(), emulator.createRun('bedrock-flows', { region: 'us-east-1' })]
    const stdin = `${formatHandle(handles[0]!)}\r\nnot-a-handle\n${formatHandle(handles[1]!)}\n`
    const run = await runBin(['stop', '--from-file', '-', '--json'], { env, stdin })
    expect(run.code).toBe(1)
    const doc = singleJson(run)
    expect(doc.total).toBe(3)
    expect(doc.counts.failed).toBe(1)
    const failed = doc.results.find((r: { ok: boolean }) => !r.ok)
    expect(failed).toMatchObject({ handle: 'not-a-handle', error: { code: 'VALIDATION' } })
    const okHandles = doc.results
      .filter((r: { ok: boolean }) => r.ok)
      .map((r: { handle: string }) => r.handle)
    expect(okHandles.sort()).toEqual(handles.map((h) => formatHandle(h)).sort())
  })

  it('stdin with only valid handles exits 0', async () => {
    const handles = [alibabaRun(), alibabaRun('Stopped'), emulator.createRun('mwaa-serverless')]
    const run = await runBin(['stop', '--from-file', '-', '--json'], {
      env,
      stdin: `${handles.map((h) => formatHandle(h)).join('\n')}`,
    })
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc.total).toBe(3)
    expect(doc.counts.alreadyTerminal).toBe(1)
  })

  it('--from-file --wait waits for the runs still stopping', async () => {
    const handles = [emulator.createRun('mwaa-serverless'), emulator.createRun('mwaa-serverless')]
    const run = await runBin(
      ['stop', '--from-file', '-', '--wait', '--poll-interval', '50ms', '--timeout', '10s', '--json'],
      {
        env,
        stdin: handles.map((h) => formatHandle(h)).join('\n'),
      },
    )
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc.counts).toEqual({
      stopped: 2,
      stopRequested: 0,
      alreadyTerminal: 0,
      failed: 0,
      notSent: 0,
      outcomeUnknown: 0,
    })
    for (const result of doc.results)
      expect(result.result).toMatchObject({ status: 'stopped', providerStatus: 'STOPPED' })
  })

  it('an empty input is a usage error (exit 2) with a message, and sends nothing', async () => {
    const before = emulator.requests.length
    const run = await runBin(['stop', '--from-file', '-', '--json'], { env, stdin: '# nothing\n\n' })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Nothing to stop: "-" holds no handle/)
    expect(singleJson(run)).toMatchObject({ ok: false, error: { code: 'USAGE' } })
    expect(emulator.requests.length).toBe(before)
  })
})
