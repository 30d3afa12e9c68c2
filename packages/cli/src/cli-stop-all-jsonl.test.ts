import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { formatScope, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, BIN, emulatorCliEnv, REPO_ROOT, runBin, startBin } from './test-support/spawn-cli.js'

// `runstop stop --all <scope> --output jsonl`, the real bin against the emulator: the scope's
// listing streamed through the same jsonl stop path as handles.

let emulator: Emulator
let env: Record<string, string>
let workflows = 0

beforeAll(async () => {
  assertBuilt()
  emulator = await startEmulator({ stopDelayMs: 0 })
  env = emulatorCliEnv(emulator)
})
afterAll(async () => {
  await emulator?.close()
})

/** A fresh MWAA workflow holding runs in these provider statuses; its scope string. */
function workflowWith(statuses: string[]): { scope: string; handles: RunHandle[] } {
  const workflowArn = `arn:aws:airflow-serverless:us-east-1:123456789012:workflow/cli-all-jsonl-${++workflows}-ABCDEFGHIJ`
  const handles = statuses.map((status) =>
    emulator.createRun('mwaa-serverless', { ids: { workflowArn }, status }),
  )
  return { scope: formatScope({ provider: 'mwaa-serverless', workflowArn }), handles }
}

const statusOf = (handle: RunHandle) =>
  emulator.runs('mwaa-serverless').find((run) => run.key === `${handle.workflowArn}|${handle.runId}`)?.status
const runIdOf = (line: { handle: string }) => new URL(line.handle).searchParams.get('runId')

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON lines
const parseLines = (text: string): any[] =>
  text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('runstop stop --all --output jsonl (real bin against the emulator)', () => {
  it('--yes: one line per listed run as it finishes (each once, across pages), then the summary', async () => {
    const { scope, handles } = workflowWith([...Array(250).fill('RUNNING'), 'QUEUED', 'SUCCESS', 'FAILED'])
    const run = await runBin(['stop', '--all', scope, '--output', 'jsonl', '--yes', '--concurrency', '8'], {
      env,
      timeoutMs: 60_000,
    })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const lines = parseLines(run.stdout)
    expect(lines).toHaveLength(252)
    const entries = lines.slice(0, -1)
    expect(entries.map(runIdOf).sort()).toEqual(
      handles
        .slice(0, 251)
        .map((h) => h.runId)
        .sort(),
    )
    expect(entries.every((line) => line.ok === true && line.result.outcome === 'stopped')).toBe(true)
    expect(lines.at(-1)).toMatchObject({
      summary: true,
      ok: true,
      scope,
      total: 251,
      aborted: false,
      counts: { stopped: 251, failed: 0, outcomeUnknown: 0 },
    })
    expect(handles.slice(0, 251).every((h) => statusOf(h) === 'STOPPED')).toBe(true)
    expect(handles.slice(251).map(statusOf)).toEqual(['SUCCESS', 'FAILED'])
  })

  it('--dry-run: one line per matching run, then a summary; only the listing is sent', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'QUEUED', 'SUCCESS'])
    const before = emulator.requests.length
    const run = await runBin(['stop', '--all', scope, '--output', 'jsonl', '--dry-run'], { env })
    expect(run.code).toBe(0)
    const lines = parseLines(run.stdout)
    expect(lines.slice(0, -1).map(runIdOf).sort()).toEqual([handles[0]?.runId, handles[1]?.runId].sort())
    expect(lines.slice(0, -1).every((line) => line.dryRun === true && line.run.status !== undefined)).toBe(
      true,
    )
    expect(lines.at(-1)).toEqual({ summary: true, ok: true, dryRun: true, scope, total: 2 })
    expect(emulator.requests.slice(before).map((r) => r.operation)).toEqual(['ListWorkflowRuns'])
    expect(handles.map(statusOf)).toEqual(['RUNNING', 'QUEUED', 'SUCCESS'])
  })

  it('a listing error mid-way: the runs listed before it are stopped and reported, the summary names it, exit 1', async () => {
    const { scope, handles } = workflowWith(Array(150).fill('RUNNING'))
    emulator.setFaults({ provider: 'mwaa-serverless', operationLatencyMs: { ListWorkflowRuns: 300 } })
    const listsBefore = emulator.requests.filter((r) => r.operation === 'ListWorkflowRuns').length
    try {
      const bin = startBin(['stop', '--all', scope, '--output', 'jsonl', '--yes'], { env, timeoutMs: 30_000 })
      // Once the first page is answered, the next page (decided after its latency) meets the fault.
      await until(
        () =>
          emulator.requests.filter((r) => r.operation === 'ListWorkflowRuns')[listsBefore]?.status !==
          undefined,
      )
      emulator.injectFault({
        provider: 'mwaa-serverless',
        operation: 'ListWorkflowRuns',
        code: 'AccessDeniedException',
      })
      const run = await bin.done
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`listing ${scope} failed`)
      const lines = parseLines(run.stdout)
      const summary = lines.at(-1)
      expect(summary).toMatchObject({ summary: true, ok: false, scope, total: 100, counts: { stopped: 100 } })
      expect(summary.listError.operation).toBe('list')
      expect(lines).toHaveLength(101)
      const reported = new Set(lines.slice(0, -1).map(runIdOf))
      expect(
        handles.filter((h) => statusOf(h) === 'STOPPED').every((h) => reported.has(h.runId as string)),
      ).toBe(true)
      expect(handles.filter((h) => statusOf(h) === 'RUNNING')).toHaveLength(50)
    } finally {
      emulator.clearFaults()
    }
  })

  it('Ctrl-C: runs not sent are ABORTED with details.sent false and still running; stops on the wire say sent; exit 130', async () => {
    const { scope, handles } = workflowWith(Array(40).fill('RUNNING'))
    emulator.setFaults({ provider: 'mwaa-serverless', operationLatencyMs: { stop: 2_000 } })
    try {
      const stopsBefore = emulator.requests.filter((r) => r.kind === 'stop').length
      const bin = startBin(
        ['stop', '--all', scope, '--output', 'jsonl', '--yes', '--concurrency', '4', '--per-provider', '4'],
        { env, timeoutMs: 30_000 },
      )
      await until(() => emulator.requests.filter((r) => r.kind === 'stop').length - stopsBefore >= 4)
      bin.child.kill('SIGINT')
      const run = await bin.done
      expect(run.code).toBe(130)
      expect(run.stderr).toContain('interrupted')
      const lines = parseLines(run.stdout)
      const summary = lines.at(-1)
      expect(summary).toMatchObject({ summary: true, ok: false, aborted: true })
      const entries = lines.slice(0, -1)
      expect(entries).toHaveLength(summary.total)
      expect(new Set(entries.map(runIdOf)).size).toBe(entries.length)
      const sentIds = new Set(
        emulator.requests.filter((r) => r.kind === 'stop').map((r) => String(r.params.RunId)),
      )
      for (const entry of entries) {
        expect(entry.ok).toBe(false)
        expect(entry.error.code).toBe('ABORTED')
        expect(entry.error.details.sent).toBe(sentIds.has(runIdOf(entry) as string))
      }
      expect(entries.filter((e) => e.error.details.sent)).toHaveLength(4)
      const notSent = entries.filter((e) => !e.error.details.sent).map(runIdOf)
      expect(notSent.length).toBeGreaterThan(0)
      for (const id of notSent)
        expect(statusOf(handles.find((h) => h.runId === id) as RunHandle)).toBe('RUNNING')
    } finally {
      emulator.clearFaults()
    }
  })

  it('refuses --json with --output jsonl (exit 2, nothing sent)', async () => {
    const { scope } = workflowWith(['RUNNING'])
    const before = emulator.requests.length
    const run = await runBin(['stop', '--all', scope, '--output', 'jsonl', '--json', '--yes'], { env })
    expect(run.code).toBe(2)
    expect(emulator.requests.length).toBe(before)
  })

  it('on a terminal: asks first, then streams exactly the confirmed runs as JSON lines', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'QUEUED', 'SUCCESS'])
    const relay = fileURLToPath(new URL('./test-support/pty-relay.py', import.meta.url))
    const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const child = spawn(
        'python3',
        [relay, process.execPath, BIN, 'stop', '--all', scope, '--output', 'jsonl'],
        {
          cwd: REPO_ROOT,
          env: { ...env, COLUMNS: '400' },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      )
      let text = ''
      let answered = false
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
        if (!answered && text.includes(`Stop 2 runs of ${scope}? [y/N]`)) {
          answered = true
          child.stdin.write('y\n')
        }
      })
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, text })
      })
    })
    expect(output.code).toBe(0)
    const lines = parseLines(output.text)
    expect(lines.slice(0, -1).map(runIdOf).sort()).toEqual([handles[0]?.runId, handles[1]?.runId].sort())
    expect(lines.at(-1)).toMatchObject({ summary: true, ok: true, scope, total: 2 })
    expect(handles.map(statusOf)).toEqual(['STOPPED', 'STOPPED', 'SUCCESS'])
  })
})
