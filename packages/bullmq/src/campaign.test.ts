import { formatHandle, type RunHandle } from '@runstop/core'
import { type EmulatedProvider, type Emulator, startEmulator } from '@runstop/emulator'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Campaigns, createCampaigns } from './campaigns.js'
import { bullPrefix } from './keys.js'
import { queueRoute } from './queue-route.js'
import { createStopWorker, type StopWorker, type StopWorkerOptions } from './stop-worker.js'
import { emulatorAdapters, until } from './test-support/emulator-adapters.js'
import { startRedisServer, type TestRedis } from './test-support/redis-server.js'

const PROVIDERS: readonly EmulatedProvider[] = ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow']

let server: TestRedis
let emulator: Emulator
let redis: Redis
let campaigns: Campaigns
let prefix = 'p0'
let testNumber = 0
const workers: StopWorker[] = []

beforeAll(async () => {
  server = await startRedisServer()
  emulator = await startEmulator({ stopDelayMs: 20 })
  redis = new Redis(server.url)
})
afterAll(async () => {
  redis?.disconnect()
  await emulator?.close()
  await server?.stop()
})
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()))
  await campaigns?.close()
  emulator.clearFaults()
})

/** A fresh prefix per test: queues and campaigns of one test never meet another's. */
function setup(): void {
  testNumber += 1
  prefix = `t${testNumber}`
  campaigns = createCampaigns({
    connection: server.url,
    prefix,
    adapters: emulatorAdapters(emulator),
    backoffMs: 20,
  })._unsafeUnwrap()
}

function worker(options: Partial<StopWorkerOptions> = {}): StopWorker {
  const started = createStopWorker({
    connection: server.url,
    prefix,
    adapters: emulatorAdapters(emulator),
    discoverIntervalMs: 50,
    pauseRecheckMs: 50,
    limits: Object.fromEntries(PROVIDERS.map((p) => [p, { max: 200, durationMs: 1000 }])),
    ...options,
  })._unsafeUnwrap()
  workers.push(started)
  return started
}

function runs(countPerProvider: number): RunHandle[] {
  return PROVIDERS.flatMap((provider) =>
    Array.from({ length: countPerProvider }, () => emulator.createRun(provider)),
  )
}

function stopRequestsFor(handles: readonly RunHandle[]): number {
  const ids = new Set(handles.map((h) => h.runId ?? h.executionIdentifier ?? h.executionName))
  return emulator.requests.filter(
    (r) => r.kind === 'stop' && Object.values(r.params).some((v) => typeof v === 'string' && ids.has(v)),
  ).length
}

async function finished(id: string) {
  await until(async () => (await campaigns.status(id))._unsafeUnwrap().finished)
  return (await campaigns.status(id))._unsafeUnwrap()
}

describe('a handle campaign', () => {
  it('stops every run once, reports each handle once and records the reason where the provider can', async () => {
    setup()
    const handles = runs(5)
    async function* input() {
      yield* handles
      yield formatHandle(handles[0] as RunHandle) // a duplicate, as a string
      yield 'runstop:alibaba-cloudflow?flowName=bad%20name&executionName=e' // fails validation
    }
    const started = (
      await campaigns.start({ handles: input(), reason: 'incident 42', chunkSize: 4 })
    )._unsafeUnwrap()
    expect(started).toMatchObject({ read: 17, enqueued: 15, duplicates: 1, invalid: 1 })
    worker()
    const status = await finished(started.id)
    expect(status.total).toBe(16)
    expect(status.counts.stopped + status.counts.stopRequested).toBe(15)
    expect(status.counts).toMatchObject({ failed: 1, alreadyTerminal: 0, cancelled: 0, pending: 0 })
    expect(status.failures).toEqual([
      {
        handle: 'runstop:alibaba-cloudflow?flowName=bad%20name&executionName=e',
        error: expect.objectContaining({ code: 'VALIDATION' }),
      },
    ])
    await until(() => emulator.runs().every((run) => ['STOPPED', 'Aborted', 'Stopped'].includes(run.status)))
    expect(stopRequestsFor(handles)).toBe(15)
    const alibaba = emulator.runs('alibaba-cloudflow')
    expect(alibaba.every((run) => run.cause === 'incident 42')).toBe(true)
  })

  it('streams its input: earlier chunks are queued before later handles are read', async () => {
    setup()
    let queuedWhenLastRead = -1
    async function* lazily() {
      for (let i = 0; i < 1000; i++) {
        if (i === 999) queuedWhenLastRead = Number(await redis.hget(`${prefix}:campaign:streamed`, 'total'))
        yield { provider: 'alibaba-cloudflow', flowName: 'f', executionName: `e${i}` }
      }
    }
    const started = (
      await campaigns.start({ handles: lazily(), id: 'streamed', chunkSize: 100 })
    )._unsafeUnwrap()
    expect(started.enqueued).toBe(1000)
    // When the last handle was read, the nine chunks before it were already in Redis.
    expect(queuedWhenLastRead).toBe(900)
    await campaigns.cancel('streamed')
  })

  it('queues each provider and region apart, and a worker finds the queues', async () => {
    setup()
    const handles = runs(1)
    const started = (await campaigns.start({ handles }))._unsafeUnwrap()
    const stopWorker = worker()
    await finished(started.id)
    expect([...stopWorker.queues].sort()).toEqual(handles.map((h) => queueRoute(h).queue).sort())
  })

  it('records a non-retryable error once, after one request', async () => {
    setup()
    const ghost: RunHandle = { provider: 'alibaba-cloudflow', flowName: 'ghost', executionName: 'none' }
    const started = (await campaigns.start({ handles: [ghost] }))._unsafeUnwrap()
    worker()
    const status = await finished(started.id)
    expect(status.counts.failed).toBe(1)
    expect(status.failures[0]?.error).toMatchObject({ code: 'NOT_FOUND', provider: 'alibaba-cloudflow' })
    expect(
      emulator.requests.filter((r) => r.kind === 'stop' && r.params.ExecutionName === 'none'),
    ).toHaveLength(1)
  })

  it('lets BullMQ retry a retryable error, then stops the run', async () => {
    setup()
    const [handle] = runs(1) as [RunHandle]
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'InternalServerException',
      count: 2,
    })
    const started = (await campaigns.start({ handles: [handle] }))._unsafeUnwrap()
    worker()
    const status = await finished(started.id)
    expect(status.counts.stopped + status.counts.stopRequested).toBe(1)
    expect(stopRequestsFor([handle])).toBe(3)
  })

  it('records a retryable error as failed once the attempts are spent', async () => {
    setup()
    campaigns = createCampaigns({
      connection: server.url,
      prefix,
      backoffMs: 10,
      attempts: 2,
    })._unsafeUnwrap()
    const [handle] = runs(1) as [RunHandle]
    emulator.injectFault({
      provider: 'mwaa-serverless',
      operation: 'stop',
      code: 'InternalServerException',
      count: 5,
    })
    const started = (await campaigns.start({ handles: [handle] }))._unsafeUnwrap()
    worker()
    const status = await finished(started.id)
    expect(status.counts.failed).toBe(1)
    expect(status.failures[0]?.error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(stopRequestsFor([handle])).toBe(2)
  })

  it('turns THROTTLED into BullMQ rate limiting of the queue, without spending an attempt', async () => {
    setup()
    campaigns = createCampaigns({
      connection: server.url,
      prefix,
      backoffMs: 10,
      attempts: 1,
    })._unsafeUnwrap()
    const handles = runs(1).filter((h) => h.provider === 'alibaba-cloudflow')
    emulator.injectFault({
      provider: 'alibaba-cloudflow',
      operation: 'stop',
      code: 'ResourceThrottled',
      count: 3,
    })
    const started = (await campaigns.start({ handles }))._unsafeUnwrap()
    const queueName = queueRoute(handles[0] as RunHandle).queue
    const queue = new Queue(queueName, {
      connection: { host: '127.0.0.1', port: server.port },
      prefix: bullPrefix(prefix),
    })
    let sawLimit = false
    worker({ throttleBackoffMs: 100 })
    await until(async () => {
      if ((await queue.getRateLimitTtl()) > 0) sawLimit = true
      return (await campaigns.status(started.id))._unsafeUnwrap().finished
    }, 5)
    await queue.close()
    const status = (await campaigns.status(started.id))._unsafeUnwrap()
    // With one attempt, a throttle that spent it would have been recorded as failed.
    expect(status.counts.failed).toBe(0)
    expect(status.counts.stopped + status.counts.stopRequested).toBe(1)
    expect(sawLimit).toBe(true)
    expect(stopRequestsFor(handles)).toBe(4)
  })
})

describe('a scope campaign', () => {
  it('lists a scope of 3 pages in page jobs and stops its active runs once', async () => {
    setup()
    const flowName = `nightly_${testNumber}`
    const active = Array.from({ length: 25 }, () =>
      emulator.createRun('alibaba-cloudflow', { ids: { flowName } }),
    )
    const finishedRuns = Array.from({ length: 3 }, () =>
      emulator.createRun('alibaba-cloudflow', { ids: { flowName }, status: 'Succeeded' }),
    )
    const started = (
      await campaigns.start({
        scope: { provider: 'alibaba-cloudflow', flowName },
        // One status: the Alibaba adapter filters server-side, one status at a time.
        statuses: ['running'],
        pageSize: 10,
        reason: 'scope sweep',
      })
    )._unsafeUnwrap()
    expect(started.scope).toBe(`runstop:alibaba-cloudflow?flowName=${flowName}`)
    const stopWorker = worker()
    const status = await finished(started.id)
    expect(status.total).toBe(25)
    expect(status.counts.stopped + status.counts.stopRequested).toBe(25)
    expect(status.counts.failed).toBe(0)
    const lists = emulator.requests.filter(
      (r) =>
        r.provider === 'alibaba-cloudflow' &&
        r.operation === 'ListExecutions' &&
        r.params.FlowName === flowName,
    )
    expect(lists).toHaveLength(3)
    expect(stopRequestsFor(active)).toBe(25)
    expect(stopRequestsFor(finishedRuns)).toBe(0)
    expect(stopWorker.queues).toContain('list.alibaba-cloudflow.default')
  })

  it('answers CONFLICT for a scope started under an existing campaign id', async () => {
    setup()
    const scope = 'runstop:alibaba-cloudflow?flowName=twice'
    ;(await campaigns.start({ scope, id: 'twice' }))._unsafeUnwrap()
    expect((await campaigns.start({ scope, id: 'twice' }))._unsafeUnwrapErr().code).toBe('CONFLICT')
  })

  it('answers VALIDATION for a scope the adapter rejects, and queues nothing', async () => {
    setup()
    const result = await campaigns.start({ scope: { provider: 'alibaba-cloudflow', flowName: 'no spaces' } })
    expect(result._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(await redis.hlen(`${prefix}:queues`)).toBe(0)
  })

  it('records a page that cannot be listed as one failure and ends the input', async () => {
    setup()
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'ListExecutions', code: 'AccessDenied' })
    const started = (
      await campaigns.start({ scope: 'runstop:alibaba-cloudflow?flowName=denied_flow' })
    )._unsafeUnwrap()
    worker()
    const status = await finished(started.id)
    expect(status).toMatchObject({ total: 1, counts: { failed: 1 } })
    expect(status.failures).toEqual([
      {
        handle: 'runstop:alibaba-cloudflow?flowName=denied_flow#page-0',
        error: expect.objectContaining({ code: 'ACCESS_DENIED' }),
      },
    ])
  })
})

describe('pause, resume, cancel', () => {
  it('a paused campaign sends nothing until resumed, then finishes', async () => {
    setup()
    const handles = runs(2)
    const started = (await campaigns.start({ handles, id: 'paused-one' }))._unsafeUnwrap()
    expect((await campaigns.pause(started.id))._unsafeUnwrap()).toBe('paused')
    const stopWorker = worker()
    // Every job has been looked at and put back as delayed.
    await until(async () => {
      if (stopWorker.queues.length < 3) return false
      let delayed = 0
      for (const name of stopWorker.queues) {
        const queue = new Queue(name, {
          connection: { host: '127.0.0.1', port: server.port },
          prefix: bullPrefix(prefix),
        })
        delayed += await queue.getDelayedCount()
        await queue.close()
      }
      return delayed === handles.length
    })
    expect(stopRequestsFor(handles)).toBe(0)
    expect((await campaigns.status(started.id))._unsafeUnwrap()).toMatchObject({
      state: 'paused',
      counts: { pending: 6 },
    })
    expect((await campaigns.resume(started.id))._unsafeUnwrap()).toBe('running')
    const status = await finished(started.id)
    expect(status.counts.stopped + status.counts.stopRequested).toBe(6)
  })

  it('a cancelled campaign records its unsent stops as cancelled and sends none', async () => {
    setup()
    const handles = runs(2)
    const started = (await campaigns.start({ handles }))._unsafeUnwrap()
    expect((await campaigns.cancel(started.id))._unsafeUnwrap()).toBe('cancelled')
    // Cancelled is final.
    expect((await campaigns.resume(started.id))._unsafeUnwrap()).toBe('cancelled')
    worker()
    const status = await finished(started.id)
    expect(status.counts).toMatchObject({ cancelled: 6, stopped: 0, stopRequested: 0, pending: 0 })
    expect(stopRequestsFor(handles)).toBe(0)
  })

  it('answers NOT_FOUND for an unknown campaign', async () => {
    setup()
    expect((await campaigns.status('nope'))._unsafeUnwrapErr().code).toBe('NOT_FOUND')
    expect((await campaigns.pause('nope'))._unsafeUnwrapErr().code).toBe('NOT_FOUND')
  })
})

describe('options', () => {
  it('answers VALIDATION for a bad Redis URL or a worker without adapters', () => {
    expect(createCampaigns({ connection: 'http://x' })._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(createStopWorker({ connection: server.url })._unsafeUnwrapErr().code).toBe('VALIDATION')
  })

  it('answers an error, not a rejection, when the input generator throws', async () => {
    setup()
    const [handle] = runs(1) as [RunHandle]
    async function* broken() {
      yield handle
      throw new Error('disk gone')
    }
    const result = await campaigns.start({ handles: broken(), id: 'broken' })
    expect(result._unsafeUnwrapErr()).toMatchObject({ code: 'UNKNOWN', details: { read: 1 } })
    const status = (await campaigns.status('broken'))._unsafeUnwrap()
    expect(status).toMatchObject({ total: 1, inputDone: false, finished: false })
  })
})
