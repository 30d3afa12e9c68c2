import { formatHandle, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  assertBuilt,
  emulatorCliEnv,
  type StartedBin,
  singleJson,
  startBin,
} from './test-support/spawn-cli.js'

// Ctrl-C sent to the real bin while its stops are in flight (the emulator holds every MWAA request
// for a while, so they stay on the wire). No timing is asserted: the test waits for the requests
// to arrive, then signals, then checks what the report says against the emulator's run store.

let emulator: Emulator | undefined
beforeAll(() => assertBuilt())
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** Resolves once `condition` holds (checked every 20 ms); the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20))
}

const stopRequests = (em: Emulator) =>
  em.requests.filter((r) => r.provider === 'mwaa-serverless' && r.kind === 'stop')
const runIdOf = (handle: RunHandle) => String(handle.runId)
const statusOf = (em: Emulator, handle: RunHandle) =>
  em.runs('mwaa-serverless').find((run) => run.key.includes(runIdOf(handle)))?.status

interface ResultRow {
  handle: string
  ok: boolean
  sent: boolean
  interrupted?: string
  result?: { outcome: string }
  error?: { code: string }
}

function rowsByHandle(doc: { results: ResultRow[] }): Map<string, ResultRow> {
  return new Map(doc.results.map((row) => [row.handle, row]))
}

async function interruptWhen(bin: StartedBin, condition: () => boolean): Promise<void> {
  await until(condition)
  bin.child.kill('SIGINT')
}

describe('Ctrl-C during runstop stop (real bin, SIGINT)', () => {
  it('lets the 9 stops in flight finish, reports each with its real outcome, the rest "not sent", exit 130', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    emulator = em
    const handles = Array.from({ length: 30 }, () => em.createRun('mwaa-serverless'))
    em.setFaults({ provider: 'mwaa-serverless', latencyMs: 1_000 })
    const bin = startBin(
      ['stop', '--from-file', '-', '--concurrency', '9', '--per-provider', '9', '--json'],
      { env: emulatorCliEnv(em), stdin: handles.map((h) => formatHandle(h)).join('\n'), timeoutMs: 30_000 },
    )
    await interruptWhen(bin, () => stopRequests(em).length >= 9)
    const run = await bin.done

    expect(run.code).toBe(130)
    const doc = singleJson(run)
    expect(doc).toMatchObject({ ok: false, interrupted: true, total: 30 })
    const rows = rowsByHandle(doc)
    expect(rows.size).toBe(30)
    const sentRunIds = new Set(stopRequests(em).map((r) => String(r.params.RunId)))
    expect(sentRunIds.size).toBe(9)
    for (const handle of handles) {
      const row = rows.get(formatHandle(handle))
      if (sentRunIds.has(runIdOf(handle))) {
        // The provider stopped it: the report says so.
        expect(row).toMatchObject({ ok: true, sent: true })
        expect(['stopped', 'stop_requested']).toContain(row?.result?.outcome)
        expect(['STOPPING', 'STOPPED']).toContain(statusOf(em, handle))
      } else {
        expect(row).toMatchObject({
          ok: false,
          sent: false,
          interrupted: 'not_sent',
          error: { code: 'ABORTED' },
        })
        expect(statusOf(em, handle)).toBe('RUNNING')
      }
    }
    expect(doc.counts).toMatchObject({ failed: 0, notSent: 21, outcomeUnknown: 0 })
    expect(doc.counts.stopped + doc.counts.stopRequested).toBe(9)
    // The grace is announced; then one summary line, not one line per handle.
    expect(run.stderr).toMatch(/interrupted: no new stops are sent; 9 in flight/)
    expect(
      run.stderr.match(/^interrupted: 9 answered .*21 not sent, 0 sent with outcome unknown$/gm),
    ).toHaveLength(1)
    expect(run.stderr).not.toMatch(/^error: /m)
  }, 40_000)

  it('the table says "not sent" for the handles never sent', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    emulator = em
    const handles = Array.from({ length: 6 }, () => em.createRun('mwaa-serverless'))
    em.setFaults({ provider: 'mwaa-serverless', latencyMs: 1_000 })
    const bin = startBin(['stop', ...handles.map((h) => formatHandle(h)), '--per-provider', '2'], {
      env: emulatorCliEnv(em),
      timeoutMs: 30_000,
    })
    await interruptWhen(bin, () => stopRequests(em).length >= 2)
    const run = await bin.done
    expect(run.code).toBe(130)
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('mwaa-serverless'))
    expect(rows).toHaveLength(6)
    expect(rows.filter((line) => /^mwaa-serverless\s+not sent\s/.test(line))).toHaveLength(4)
    expect(run.stdout).toMatch(/6 runs: .*0 failed, 4 not sent, 0 sent with outcome unknown .*— interrupted/)
  }, 40_000)

  it('a second Ctrl-C ends at once: stops still on the wire are "sent, outcome unknown", never failed', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    emulator = em
    const handles = Array.from({ length: 12 }, () => em.createRun('mwaa-serverless'))
    // Longer than the grace and the test: only the second Ctrl-C can end this batch in time.
    em.setFaults({ provider: 'mwaa-serverless', latencyMs: 120_000 })
    const bin = startBin(['stop', '--from-file', '-', '--per-provider', '4', '--json'], {
      env: emulatorCliEnv(em),
      stdin: handles.map((h) => formatHandle(h)).join('\n'),
      timeoutMs: 30_000,
    })
    await interruptWhen(bin, () => stopRequests(em).length >= 4)
    await interruptWhen(bin, () => bin.stderr().includes('interrupted: no new stops are sent'))
    const run = await bin.done

    expect(run.code).toBe(130)
    expect(run.signal).toBe(null)
    const doc = singleJson(run)
    expect(doc.interrupted).toBe(true)
    const sentRunIds = new Set(stopRequests(em).map((r) => String(r.params.RunId)))
    expect(sentRunIds.size).toBe(4)
    for (const row of doc.results as ResultRow[]) {
      expect(row.ok).toBe(false)
      const runId = handles.find((h) => formatHandle(h) === row.handle)
      expect(runId).toBeDefined()
      if (sentRunIds.has(runIdOf(runId as RunHandle)))
        expect(row).toMatchObject({ sent: true, interrupted: 'outcome_unknown' })
      else expect(row).toMatchObject({ sent: false, interrupted: 'not_sent' })
    }
    expect(doc.counts).toMatchObject({ failed: 0, outcomeUnknown: 4 })
    expect(run.stderr).toMatch(
      /^interrupted: 0 answered .*4 sent with outcome unknown; the rest of the input was not read$/m,
    )
  }, 40_000)

  it('stdin that never ends: the second Ctrl-C gives up the read and still prints the report', async () => {
    const em = await startEmulator({ stopDelayMs: 50 })
    emulator = em
    const handles = [em.createRun('mwaa-serverless'), em.createRun('mwaa-serverless')]
    const bin = startBin(['stop', '--from-file', '-', '--json'], {
      env: emulatorCliEnv(em),
      stdin: `${handles.map((h) => formatHandle(h)).join('\n')}\n`,
      keepStdinOpen: true,
      timeoutMs: 30_000,
    })
    // Both stops answered (the runs left RUNNING), while the CLI waits for more lines.
    await interruptWhen(bin, () => handles.every((h) => statusOf(em, h) !== 'RUNNING'))
    await interruptWhen(bin, () => bin.stderr().includes('interrupted: no new stops are sent'))
    const run = await bin.done
    expect(run.code).toBe(130)
    const doc = singleJson(run)
    expect(doc.results).toHaveLength(2)
    for (const row of doc.results) expect(row).toMatchObject({ ok: true, sent: true })
    expect(run.stderr).toMatch(/^interrupted: 2 answered .*; the rest of the input was not read$/m)
  }, 40_000)

  it('Ctrl-C during --wait keeps the accepted stops as accepted (stop_requested), exit 130', async () => {
    // Runs stay STOPPING for a minute: the waits cannot end on their own.
    const em = await startEmulator({ stopDelayMs: 60_000 })
    emulator = em
    const handles = Array.from({ length: 3 }, () => em.createRun('mwaa-serverless'))
    const bin = startBin(
      ['stop', ...handles.map((h) => formatHandle(h)), '--wait', '--poll-interval', '50ms', '--json'],
      { env: emulatorCliEnv(em), timeoutMs: 30_000 },
    )
    await interruptWhen(bin, () => em.requests.some((r) => r.kind === 'get'))
    const run = await bin.done

    expect(run.code).toBe(130)
    const doc = singleJson(run)
    expect(doc.counts).toMatchObject({ failed: 0, notSent: 0, outcomeUnknown: 0, stopRequested: 3 })
    for (const row of doc.results)
      expect(row).toMatchObject({
        ok: true,
        sent: true,
        waitInterrupted: true,
        result: { outcome: 'stop_requested', status: 'stopping' },
      })
    expect(run.stderr).toMatch(/interrupted: every stop was sent/)
    expect(run.stderr).not.toMatch(/^error: /m)
    expect(run.stderr).not.toContain('not yet sent')
    for (const handle of handles) expect(statusOf(em, handle)).toBe('STOPPING')
  }, 40_000)
})
