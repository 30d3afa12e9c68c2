import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { formatScope, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, BIN, emulatorCliEnv, REPO_ROOT, runBin, singleJson } from './test-support/spawn-cli.js'

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
  const workflowArn = `arn:aws:airflow-serverless:us-east-1:123456789012:workflow/cli-list-${++workflows}-ABCDEFGHIJ`
  const handles = statuses.map((status) =>
    emulator.createRun('mwaa-serverless', { ids: { workflowArn }, status }),
  )
  return { scope: formatScope({ provider: 'mwaa-serverless', workflowArn }), handles }
}

const statusOf = (handle: RunHandle) =>
  emulator.runs('mwaa-serverless').find((run) => run.key === `${handle.workflowArn}|${handle.runId}`)?.status

describe('runstop list (real bin against the emulator)', () => {
  it('lists every run across pages as a table, then the count', async () => {
    const { scope, handles } = workflowWith([...Array(230).fill('RUNNING'), 'SUCCESS'])
    const run = await runBin(['list', scope], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^PROVIDER\s+STATUS\s+STARTED\s+HANDLE/)
    expect(run.stdout).toContain(`231 runs match ${scope}`)
    for (const handle of handles.slice(0, 3))
      expect(run.stdout).toContain(encodeURIComponent(handle.runId as string))
    expect(run.stdout.match(/RUNNING → running/g)).toHaveLength(230)
  })

  it('--status filters; --output json is one document; --output jsonl is one line per run then a summary', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'SUCCESS', 'QUEUED', 'FAILED'])
    const json = singleJson(
      await runBin(['list', scope, '--status', 'running,pending', '--output', 'json'], { env }),
    )
    expect(json).toMatchObject({ ok: true, scope, count: 2 })
    expect(json.runs.map((r: { handle: RunHandle }) => r.handle.runId).sort()).toEqual(
      [handles[0]?.runId, handles[2]?.runId].sort(),
    )
    const jsonl = await runBin(['list', scope, '--output', 'jsonl'], { env })
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(5)
    expect(lines.slice(0, 4).every((line) => line.type === 'run')).toBe(true)
    expect(lines[4]).toEqual({ type: 'summary', ok: true, scope, count: 4 })
  })

  it('lists Bedrock and Alibaba scopes too, and stop --all --yes records the reason where it can', async () => {
    for (let i = 0; i < 12; i++)
      emulator.createRun('bedrock-flows', {
        ids: { flowIdentifier: 'CLIFLOW001', flowAliasIdentifier: 'CLIALIAS01' },
      })
    const bedrock = singleJson(
      await runBin(
        ['list', 'runstop:bedrock-flows?flowIdentifier=CLIFLOW001&region=us-east-1', '--output', 'json'],
        {
          env,
        },
      ),
    )
    expect(bedrock).toMatchObject({ ok: true, count: 12 })
    for (let i = 0; i < 5; i++) emulator.createRun('alibaba-cloudflow', { ids: { flowName: 'cli_flow' } })
    const scope = 'runstop:alibaba-cloudflow?flowName=cli_flow&region=cn-hangzhou'
    const stopped = await runBin(['stop', '--all', scope, '--yes', '--reason', 'cli incident', '--json'], {
      env,
    })
    expect(stopped.code).toBe(0)
    const doc = singleJson(stopped)
    expect(doc.total).toBe(5)
    expect(doc.results.every((r: { result: { reasonRecorded: boolean } }) => r.result.reasonRecorded)).toBe(
      true,
    )
    const causes = emulator
      .runs('alibaba-cloudflow')
      .filter((r) => r.key.startsWith('cli_flow/'))
      .map((r) => r.cause)
    expect(causes).toEqual(Array(5).fill('cli incident'))
  })

  it('lists a Step Functions state machine, and stop --all --yes stops its running executions', async () => {
    const ids = { stateMachineName: 'cli-machine' }
    const running = Array.from({ length: 4 }, () => emulator.createRun('step-functions', { ids }))
    const done = emulator.createRun('step-functions', { ids, status: 'SUCCEEDED' })
    const scope = formatScope({
      provider: 'step-functions',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:cli-machine',
    })
    const listed = singleJson(await runBin(['list', scope, '--output', 'json'], { env }))
    expect(listed).toMatchObject({ ok: true, count: 5 })
    const stopped = await runBin(['stop', '--all', scope, '--yes', '--reason', 'sfn incident', '--json'], {
      env,
    })
    expect(stopped.code).toBe(0)
    expect(singleJson(stopped).total).toBe(4)
    const status = (h: RunHandle) =>
      emulator.runs('step-functions').find((r) => r.key === h.executionArn)?.status
    expect(running.map(status)).toEqual(Array(4).fill('ABORTED'))
    expect(status(done)).toBe('SUCCEEDED')
  })

  it('refuses a bad scope or status with exit 2, sending nothing', async () => {
    const before = emulator.requests.length
    const badArn = await runBin(['list', 'runstop:mwaa-serverless?workflowArn=arn%3Aaws%3As3%3A%3A%3Ab'], {
      env,
    })
    expect(badArn.code).toBe(2)
    expect(badArn.stderr).toContain('Invalid scope')
    const badStatus = await runBin(['list', workflowWith(['RUNNING']).scope, '--status', 'active'], { env })
    expect(badStatus.code).toBe(2)
    expect(badStatus.stderr).toContain('Unknown status "active"')
    expect(emulator.requests.length).toBe(before)
  })

  it('exits 1 naming NOT_FOUND for a workflow that does not exist', async () => {
    const scope = formatScope({
      provider: 'mwaa-serverless',
      workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/ghost-ABCDEFGHIJ',
    })
    const run = await runBin(['list', scope], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('NOT_FOUND')
  })
})

describe('runstop stop --all (real bin against the emulator)', () => {
  it('--dry-run lists what would be stopped, stops nothing, exit 0', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'QUEUED', 'SUCCESS'])
    const before = emulator.requests.length
    const run = await runBin(['stop', '--all', scope, '--dry-run'], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('2 runs would be stopped (dry run: nothing was sent).')
    expect(handles.map(statusOf)).toEqual(['RUNNING', 'QUEUED', 'SUCCESS'])
    expect(emulator.requests.slice(before).map((r) => r.operation)).toEqual(['ListWorkflowRuns'])
  })

  it('without a terminal and without --yes, refuses with exit 2 naming --yes, sending nothing', async () => {
    const { scope, handles } = workflowWith(['RUNNING'])
    const before = emulator.requests.length
    const run = await runBin(['stop', '--all', scope], { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--yes')
    expect(emulator.requests.length).toBe(before)
    expect(statusOf(handles[0] as RunHandle)).toBe('RUNNING')
  })

  it('--yes stops every pending and running run and leaves the finished ones; --json reports each', async () => {
    const { scope, handles } = workflowWith([...Array(120).fill('RUNNING'), 'STARTING', 'SUCCESS', 'FAILED'])
    const run = await runBin(['stop', '--all', scope, '--yes', '--json'], { env, timeoutMs: 30_000 })
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc).toMatchObject({ ok: true, scope, total: 121, aborted: false })
    expect(doc.counts.failed).toBe(0)
    expect(handles.slice(0, 121).every((h) => statusOf(h) === 'STOPPED')).toBe(true)
    expect(handles.slice(121).map(statusOf)).toEqual(['SUCCESS', 'FAILED'])
  })

  it('a scope that selects nothing exits 0 with "0 runs match"', async () => {
    const { scope } = workflowWith(['SUCCESS', 'STOPPED'])
    const run = await runBin(['stop', '--all', scope, '--yes'], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`0 runs match ${scope}\n`)
  })

  it('--status, --dry-run and --yes need --all; --all needs exactly one scope', async () => {
    const { scope } = workflowWith(['RUNNING'])
    for (const args of [
      ['stop', scope, '--yes'],
      ['stop', '--all', scope, scope, '--yes'],
      ['stop', '--all', '--yes'],
    ]) {
      const run = await runBin(args, { env })
      expect(run.code, args.join(' ')).toBe(2)
    }
  })
})

/** Runs the bin in a pseudo-terminal; `answer(output)` is called as output arrives and returns text to type, once. */
function runInTerminal(
  args: readonly string[],
  answer: (output: string) => string | undefined,
): Promise<{ code: number | null; output: string }> {
  const relay = fileURLToPath(new URL('./test-support/pty-relay.py', import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [relay, process.execPath, BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...env, COLUMNS: '200' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let output = ''
    let answered = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      if (answered) return
      const typed = answer(output)
      if (typed !== undefined) {
        answered = true
        child.stdin.write(typed)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe('runstop stop --all on a terminal (pseudo-terminal)', () => {
  it('lists first, shows the count and the first runs, asks, then stops exactly the listed runs', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'QUEUED', 'RUNNING', 'SUCCESS'])
    let latecomer: RunHandle | undefined
    const run = await runInTerminal(['stop', '--all', scope], (output) => {
      if (!output.includes(`Stop 3 runs of ${scope}? [y/N]`)) return undefined
      // A run that starts after the listing is not among those the user confirmed.
      latecomer = emulator.createRun('mwaa-serverless', {
        ids: { workflowArn: handles[0]?.workflowArn as string },
      })
      return 'y\n'
    })
    expect(run.code).toBe(0)
    expect(run.output).toContain(`3 runs match ${scope}`)
    for (const handle of handles.slice(0, 3)) expect(run.output).toContain(handle.runId as string)
    expect(run.output).toMatch(/3 runs: \d+ stopped, \d+ stop requested, 0 already finished, 0 failed/)
    expect(handles.map(statusOf)).toEqual(['STOPPED', 'STOPPED', 'STOPPED', 'SUCCESS'])
    expect(statusOf(latecomer as RunHandle)).toBe('RUNNING')
  })

  it('Ctrl-C at the question stops nothing', async () => {
    const { scope, handles } = workflowWith(['RUNNING'])
    const run = await runInTerminal(['stop', '--all', scope], (output) =>
      output.includes('? [y/N]') ? '\x03' : undefined,
    )
    expect(run.code).toBe(1)
    expect(run.output).toContain('Nothing was stopped.')
    expect(handles.map(statusOf)).toEqual(['RUNNING'])
  })

  it('stops nothing unless the answer is yes', async () => {
    const { scope, handles } = workflowWith(['RUNNING', 'RUNNING'])
    const run = await runInTerminal(['stop', '--all', scope], (output) =>
      output.includes('? [y/N]') ? 'n\n' : undefined,
    )
    expect(run.code).toBe(1)
    expect(run.output).toContain('Nothing was stopped.')
    expect(handles.map(statusOf)).toEqual(['RUNNING', 'RUNNING'])
  })
})
