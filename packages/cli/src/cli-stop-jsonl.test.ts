import { formatHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin } from './test-support/spawn-cli.js'

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

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON lines
const parseLines = (stdout: string): any[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))

describe('runstop stop --output jsonl (real bin against the emulator)', () => {
  it('prints one JSON line per run as it finishes, each handle once, then the summary line', async () => {
    const handles = [
      ...Array.from({ length: 10 }, () => emulator.createRun('mwaa-serverless')),
      ...Array.from({ length: 10 }, () => emulator.createRun('bedrock-flows', { region: 'us-east-1' })),
      ...Array.from({ length: 10 }, () => emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })),
      emulator.createRun('mwaa-serverless', { status: 'SUCCESS' }),
    ].map((h) => formatHandle(h))
    const run = await runBin(['stop', '--from-file', '-', '--output', 'jsonl', '--reason', 'jsonl test'], {
      env,
      stdin: `${handles.join('\n')}\n`,
    })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const lines = parseLines(run.stdout)
    expect(lines).toHaveLength(handles.length + 1)
    const entries = lines.slice(0, -1)
    expect(entries.map((l) => l.handle).sort()).toEqual([...handles].sort())
    expect(entries.every((l) => l.ok === true && !('raw' in l.result))).toBe(true)
    expect(entries.filter((l) => l.result.outcome === 'already_terminal')).toHaveLength(1)
    expect(lines.at(-1)).toMatchObject({
      summary: true,
      ok: true,
      total: handles.length,
      aborted: false,
      counts: { alreadyTerminal: 1, failed: 0, outcomeUnknown: 0 },
    })
    const counts = lines.at(-1).counts
    expect(counts.stopped + counts.stopRequested).toBe(30)
  })

  it('reports a line that is not a handle as a failed entry and exits 1', async () => {
    const good = formatHandle(emulator.createRun('mwaa-serverless'))
    const run = await runBin(['stop', '--from-file', '-', '--output', 'jsonl'], {
      env,
      stdin: `${good}\nnot-a-handle\n`,
    })
    expect(run.code).toBe(1)
    const lines = parseLines(run.stdout)
    expect(lines).toHaveLength(3)
    const bad = lines.find((l) => l.handle === 'not-a-handle')
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(lines.find((l) => l.handle === good)).toMatchObject({ ok: true })
    expect(lines.at(-1)).toMatchObject({ summary: true, ok: false, total: 2, counts: { failed: 1 } })
  })

  it('streams handles given as arguments too', async () => {
    const handles = [emulator.createRun('mwaa-serverless'), emulator.createRun('mwaa-serverless')].map((h) =>
      formatHandle(h),
    )
    const run = await runBin(['stop', ...handles, '--output', 'jsonl'], { env })
    expect(run.code).toBe(0)
    const lines = parseLines(run.stdout)
    expect(
      lines
        .slice(0, -1)
        .map((l) => l.handle)
        .sort(),
    ).toEqual([...handles].sort())
    expect(lines.at(-1)).toMatchObject({ summary: true, ok: true, total: 2 })
  })

  it.each([
    [['--output', 'jsonl', '--json'], /--json or --output jsonl/],
    [['--output', 'jsonl', '--wait'], /does not combine with --wait/],
    [['--output', 'xml'], /xml/],
  ])('rejects %j as a usage error (exit 2), sending nothing', async (flags, message) => {
    const handle = formatHandle(emulator.createRun('mwaa-serverless'))
    emulator.clearRequests()
    const run = await runBin(['stop', handle, ...flags], { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(emulator.requests).toHaveLength(0)
  })
})
