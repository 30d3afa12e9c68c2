import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatHandle, type RunHandle } from '@runstop/core'
import { type EmulatedProvider, type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type TestRedis } from '../packages/bullmq/src/test-support/redis-server.js'
import {
  assertBuilt,
  BIN,
  emulatorCliEnv,
  REPO_ROOT,
  runBin,
  singleJson,
} from '../packages/cli/src/test-support/spawn-cli.js'

const PROVIDERS: readonly EmulatedProvider[] = ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow']
/** Stops per second per provider queue, given to every worker with --limit. */
const LIMIT = 50
/** Stops in flight per queue in each worker. */
const CONCURRENCY = 2
const STOPPED = new Set(['STOPPED', 'STOPPING', 'Aborted', 'Stopped'])

let redis: TestRedis
let emulator: Emulator
let dir: string
const children = new Set<ChildProcess>()

beforeAll(async () => {
  assertBuilt()
  redis = await startRedisServer()
  emulator = await startEmulator({ stopDelayMs: 20 })
  dir = mkdtempSync(join(tmpdir(), 'runstop-campaign-'))
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await emulator?.close()
  await redis?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function env(): Record<string, string> {
  return emulatorCliEnv(emulator, { RUNSTOP_REDIS_URL: redis.url })
}

/** A `runstop worker` process, with limits and short lock times so a killed worker's jobs come back soon. */
function startWorker(): ChildProcess {
  const limits = PROVIDERS.flatMap((provider) => ['--limit', `${provider}=${LIMIT / 10}/100ms`])
  const child = spawn(
    process.execPath,
    [
      BIN,
      'worker',
      ...limits,
      '--concurrency',
      String(CONCURRENCY),
      '--lock-duration',
      '4s',
      '--stalled-interval',
      '1s',
      '--discover-interval',
      '200ms',
    ],
    { cwd: REPO_ROOT, env: env(), stdio: 'ignore' },
  )
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(signal)
  await exited
}

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON documents
async function status(id: string): Promise<any> {
  return singleJson(await runBin(['campaign', 'status', id, '--json'], { env: env() })).campaign
}

function runKey(handle: RunHandle): string {
  return handle.runId ?? handle.executionIdentifier ?? handle.executionName ?? ''
}

/** Stop requests per run id, from the emulator's request log (each provider names the id its own way). */
function stopRequestsPerRun(ids: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const request of emulator.requests) {
    if (request.kind !== 'stop') continue
    const id = Object.values(request.params).find((value) => typeof value === 'string' && ids.has(value))
    if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

describe('a campaign carried out by worker processes', () => {
  it('stops 5,000 runs on three providers with 4 workers, one SIGKILLed: each run once, within the limits', async () => {
    const handles = Array.from({ length: 5000 }, (_, i) =>
      emulator.createRun(PROVIDERS[i % PROVIDERS.length] as EmulatedProvider),
    )
    const file = join(dir, 'handles.txt')
    writeFileSync(file, `${handles.map((h) => formatHandle(h)).join('\n')}\n`)
    const started = await runBin(['campaign', 'start', '--from-file', file, '--id', 'big', '--json'], {
      env: env(),
      timeoutMs: 60_000,
    })
    expect(started.code).toBe(0)
    expect(singleJson(started).campaign).toMatchObject({ id: 'big', read: 5000, enqueued: 5000, invalid: 0 })

    const workers = Array.from({ length: 4 }, () => startWorker())
    // Kill one worker in the middle, without warning, and start another.
    while ((await status('big')).counts.pending > 3000) await new Promise((r) => setTimeout(r, 200))
    await stopWorker(workers[0] as ChildProcess, 'SIGKILL')
    workers.push(startWorker())
    let final = await status('big')
    while (!final.finished) {
      await new Promise((r) => setTimeout(r, 300))
      final = await status('big')
    }
    await Promise.all(workers.map((child) => stopWorker(child, 'SIGTERM')))

    // Every handle counted exactly once, none failed, none lost.
    expect(final.total).toBe(5000)
    expect(final.counts.pending).toBe(0)
    expect(final.counts.failed).toBe(0)
    expect(final.counts.stopped + final.counts.stopRequested + final.counts.alreadyTerminal).toBe(5000)
    // Every run stopped, in the emulator's own store.
    const stored = emulator.runs()
    expect(stored).toHaveLength(5000)
    expect(stored.filter((run) => !STOPPED.has(run.status))).toEqual([])
    // Each run got one stop request, except those in flight in the killed worker (taken over and
    // stopped again, idempotently): at most its in-flight stops.
    const perRun = stopRequestsPerRun(new Set(handles.map(runKey)))
    expect(perRun.size).toBe(5000)
    const repeated = [...perRun.values()].filter((n) => n > 1)
    expect(repeated.every((n) => n === 2)).toBe(true)
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY * PROVIDERS.length)
    // The limiter, shared by all workers: no wall-clock second with more stops per provider than
    // the limit plus a burst allowance. BullMQ counts a job when it becomes active; on a loaded
    // machine its request may reach the emulator later, in the next second: at most the stops in
    // flight (5 workers at most × CONCURRENCY) pile up that way, plus one 100 ms window's worth.
    for (const provider of PROVIDERS) {
      const perSecond = new Map<number, number>()
      for (const request of emulator.requests) {
        if (request.provider !== provider || request.kind !== 'stop') continue
        const second = Math.floor(request.at / 1000)
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
      }
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(LIMIT + 5 * CONCURRENCY + LIMIT / 10)
    }
  }, 150_000)
})

describe('runstop campaign', () => {
  it('needs a Redis URL: a usage error (exit 2) without --redis or RUNSTOP_REDIS_URL', async () => {
    const run = await runBin(['campaign', 'status', 'x'], { env: emulatorCliEnv(emulator) })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('RUNSTOP_REDIS_URL')
  })

  it('pauses, cancels and reports a campaign; a worker records its stops cancelled and sends none', async () => {
    const handles = PROVIDERS.map((provider) => formatHandle(emulator.createRun(provider)))
    const bad = 'runstop:alibaba-cloudflow?executionName=e&flowName=no%20spaces'
    const started = await runBin(['campaign', 'start', ...handles, bad, '--id', 'small', '--json'], {
      env: env(),
    })
    expect(started.code).toBe(1)
    expect(singleJson(started).campaign).toMatchObject({ read: 4, enqueued: 3, invalid: 1 })
    const paused = await runBin(['campaign', 'pause', 'small'], { env: env() })
    expect(paused.stdout).toBe('campaign small: paused\n')
    expect(await status('small')).toMatchObject({ state: 'paused', counts: { pending: 3, failed: 1 } })
    expect((await runBin(['campaign', 'cancel', 'small'], { env: env() })).code).toBe(0)
    const before = emulator.requests.filter((r) => r.kind === 'stop').length
    const worker = startWorker()
    let final = await status('small')
    while (!final.finished) {
      await new Promise((r) => setTimeout(r, 200))
      final = await status('small')
    }
    await stopWorker(worker, 'SIGTERM')
    expect(final).toMatchObject({
      state: 'cancelled',
      total: 4,
      counts: { cancelled: 3, failed: 1, pending: 0 },
    })
    expect(final.failures).toEqual([{ handle: bad, error: expect.objectContaining({ code: 'VALIDATION' }) }])
    expect(emulator.requests.filter((r) => r.kind === 'stop').length).toBe(before)
    const text = await runBin(['campaign', 'status', 'small'], { env: env() })
    expect(text.stdout).toContain('cancelled 3')
    expect(text.stdout).toContain(`VALIDATION  ${bad}`)
    const unknown = await runBin(['campaign', 'status', 'nope'], { env: env() })
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('No campaign "nope"')
  }, 60_000)
})

describe('runstop campaign without Redis', () => {
  it('fails (exit 1) instead of waiting, and never prints the Redis password', async () => {
    const closed = await startRedisServer()
    await closed.stop()
    const url = `redis://:hunter2-redis-secret@127.0.0.1:${closed.port}`
    const run = await runBin(['campaign', 'status', 'x', '--redis', url, '--json'], {
      env: emulatorCliEnv(emulator),
      timeoutMs: 20_000,
    })
    expect(run.signal).toBeNull()
    expect(run.code).toBe(1)
    expect(singleJson(run)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', provider: 'bullmq' } })
    expect(run.stdout + run.stderr).not.toContain('hunter2')
  })
})

describe('runstop campaign start --scope', () => {
  it('lists a scope of 3 pages in the workers and stops its running runs', async () => {
    const flowName = 'scoped_flow'
    const running = Array.from({ length: 25 }, () =>
      emulator.createRun('alibaba-cloudflow', { ids: { flowName } }),
    )
    const done = emulator.createRun('alibaba-cloudflow', { ids: { flowName }, status: 'Succeeded' })
    const scope = `runstop:alibaba-cloudflow?flowName=${flowName}`
    const started = await runBin(
      [
        'campaign',
        'start',
        '--scope',
        scope,
        '--status',
        'running',
        '--page-size',
        '10',
        '--id',
        'scoped',
        '--json',
      ],
      { env: env() },
    )
    expect(started.code).toBe(0)
    expect(singleJson(started).campaign).toMatchObject({ id: 'scoped', scope })
    const worker = startWorker()
    let final = await status('scoped')
    while (!final.finished) {
      await new Promise((r) => setTimeout(r, 200))
      final = await status('scoped')
    }
    await stopWorker(worker, 'SIGTERM')
    expect(final).toMatchObject({ total: 25, counts: { pending: 0, failed: 0 } })
    const lists = emulator.requests.filter(
      (r) => r.operation === 'ListExecutions' && r.params.FlowName === flowName,
    )
    expect(lists).toHaveLength(3)
    const stopped = new Set(
      emulator.requests.filter((r) => r.kind === 'stop').map((r) => r.params.ExecutionName),
    )
    expect(running.every((h) => stopped.has(h.executionName))).toBe(true)
    expect(stopped.has(done.executionName)).toBe(false)
  }, 60_000)

  it('a scope the adapter rejects is a usage error (exit 2)', async () => {
    const run = await runBin(
      ['campaign', 'start', '--scope', 'runstop:alibaba-cloudflow?flowName=no%20spaces'],
      {
        env: env(),
      },
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Invalid scope')
  })
})
