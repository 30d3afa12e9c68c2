import { createRunController, parseHandle, type RunController, RunError } from '@runstop/core'
import type { ConnectionOptions } from 'bullmq'
import { type Job, Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { err, ok, type Result } from 'neverthrow'
import { connectionOptions, type RedisConnection } from './connection.js'
import { createEnqueuer } from './enqueue.js'
import { bullPrefix, campaignKeys, DEFAULT_PREFIX, queuesKey } from './keys.js'
import { createPageProcessor, listingAdapters, pageKey } from './page-job.js'
import { limitFor, type RateLimit } from './provider-limits.js'
import { recordResult } from './record-script.js'
import { CAMPAIGN_PROVIDER, invalidOption } from './run-error.js'
import { createStopProcessor } from './stop-job.js'
import type { StopQueue } from './stop-queue.js'
import type { CampaignAdapter, CampaignJobData, PageJobData, StopJobData } from './types.js'

/** Options of `createStopWorker`. */
export interface StopWorkerOptions {
  /** The Redis the campaigns live in (the one `createCampaigns` uses). */
  readonly connection: RedisConnection
  /** Must match the campaigns' prefix. Default `runstop`. */
  readonly prefix?: string
  /**
   * Adapters to stop with: the worker builds its controller with `retry: false` (BullMQ retries).
   * Only a worker given adapters lists the pages of scope campaigns.
   */
  readonly adapters?: readonly CampaignAdapter[]
  /** Or a controller of your own; build it with `retry: false` so that attempts do not multiply. */
  readonly controller?: RunController
  /** Per-provider stop rates, overriding `DEFAULT_PROVIDER_LIMITS`. Each queue (provider, region, account) gets one. */
  readonly limits?: Readonly<Record<string, RateLimit>>
  /** Stops in flight per queue in this process. Default 8. */
  readonly concurrency?: number
  /** How often the worker looks for new queues. Default 5,000 ms. */
  readonly discoverIntervalMs?: number
  /** How long a paused campaign's job waits before it is looked at again. Default 5,000 ms. */
  readonly pauseRecheckMs?: number
  /** Deadline of each stop call. Default 30,000 ms. */
  readonly stopTimeoutMs?: number
  /** How long a queue pauses after `THROTTLED` without a `retryAfterMs`. Default 1,000 ms. */
  readonly throttleBackoffMs?: number
  /** BullMQ job lock: a job whose worker died is taken over after about this long. Default 30,000 ms. */
  readonly lockDurationMs?: number
  /** How often BullMQ looks for stalled jobs. Default 30,000 ms. */
  readonly stalledIntervalMs?: number
  /** Times a job may stall (its worker died) before it is failed. Default 5. */
  readonly maxStalledCount?: number
  /** Called when the worker starts on a queue it found, with the queue's limit. */
  readonly onQueue?: (queue: string, limit: RateLimit) => void
  /** Redis and BullMQ errors (the worker keeps going; ioredis reconnects). */
  readonly onError?: (error: Error) => void
}

/** A running stop worker. */
export interface StopWorker {
  /** The queues this process works on so far. */
  readonly queues: readonly string[]
  /** Looks for new queues now, instead of waiting for the next interval. */
  discover(): Promise<void>
  /** Finishes the stops in flight, then closes every queue and connection. */
  close(): Promise<void>
}

type Route = { readonly worker: Worker<CampaignJobData>; readonly queue: StopQueue }

/**
 * Starts a worker that takes stop jobs from every campaign queue of the providers it has adapters
 * for (found in Redis, and again every `discoverIntervalMs`) and runs each through a runstop
 * controller. Answers `VALIDATION` for bad options; never throws.
 */
export function createStopWorker(options: StopWorkerOptions): Result<StopWorker, RunError> {
  const connected = connectionOptions(options.connection)
  if (connected.isErr()) return err(connected.error)
  const connection = connected.value
  if ((options.controller === undefined) === (options.adapters === undefined))
    return err(invalidOption('Give createStopWorker either adapters or a controller.'))
  const controller =
    options.controller ?? createRunController({ adapters: options.adapters ?? [], retry: false })
  const prefix = options.prefix ?? DEFAULT_PREFIX
  const bullConnection = connection as ConnectionOptions
  const pauseRecheckMs = options.pauseRecheckMs ?? 5000
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000
  const throttleBackoffMs = options.throttleBackoffMs ?? 1000
  const onError = options.onError ?? (() => {})
  const redis = new Redis(connection)
  redis.on('error', onError)
  const routes = new Map<string, Route>()
  const listers = listingAdapters(options.adapters ?? [])
  const processPage = createPageProcessor({
    redis,
    enqueue: createEnqueuer(redis, bullConnection, prefix),
    listers,
    prefix,
    pauseRecheckMs,
    listTimeoutMs: stopTimeoutMs,
    throttleBackoffMs,
  })
  let closed = false

  const processStop = createStopProcessor({
    redis,
    controller,
    prefix,
    pauseRecheckMs,
    stopTimeoutMs,
    throttleBackoffMs,
  })

  // A job BullMQ failed outside the stop call (it stalled too often, or Redis failed while
  // recording): recorded failed once, saying the stop may have been sent.
  const onFailed = async (job: Job<CampaignJobData> | undefined, error: Error) => {
    if (job === undefined || !(await job.isFailed())) return
    const keys = campaignKeys(prefix, job.data.campaign)
    if ('scope' in job.data) {
      // A page job that failed outside the listing: the rest of the scope will not be listed.
      const runError = RunError.is(error)
        ? error
        : new RunError({
            code: 'UNKNOWN',
            message: `Listing a page failed: ${error.message}`,
            provider: CAMPAIGN_PROVIDER,
          })
      await recordResult(redis, keys, pageKey(job.data), 'failed', JSON.stringify(runError.toJSON()))
      await redis.hset(keys.meta, 'inputDone', '1')
      return
    }
    const provider = parseHandle(job.data.handle).map((handle) => handle.provider)
    const runError = RunError.is(error)
      ? error
      : new RunError({
          code: 'UNKNOWN',
          message: `The stop job failed outside the stop call (${error.message}); the stop may have been sent.`,
          provider: provider.unwrapOr(CAMPAIGN_PROVIDER),
          operation: 'stop',
          details: { sent: true },
        })
    await recordResult(redis, keys, job.data.handle, 'failed', JSON.stringify(runError.toJSON()))
  }

  const startRoute = (name: string, provider: string) => {
    const limit = limitFor(provider, options.limits)
    const queue = new Queue(name, { connection: bullConnection, prefix: bullPrefix(prefix) })
    const worker = new Worker<CampaignJobData>(
      name,
      (job, token) =>
        job.name === 'page'
          ? processPage(job as Job<PageJobData>, token, queue)
          : processStop(job as Job<StopJobData>, token, queue),
      {
        connection: bullConnection,
        prefix: bullPrefix(prefix),
        concurrency: options.concurrency ?? 8,
        limiter: { max: limit.max, duration: limit.durationMs },
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        maxStalledCount: options.maxStalledCount ?? 5,
      },
    )
    worker.on('error', onError)
    queue.on('error', onError)
    worker.on('failed', (job, error) => {
      onFailed(job, error).catch(onError)
    })
    routes.set(name, { worker, queue })
    options.onQueue?.(name, limit)
  }

  const discover = async () => {
    if (closed) return
    const known = await redis.hgetall(queuesKey(prefix))
    for (const [name, provider] of Object.entries(known)) {
      // Page queues need an adapter that lists; a worker built from a controller has none.
      const able = name.startsWith('list.') ? listers.has(provider) : controller.providers.includes(provider)
      if (!routes.has(name) && able && !closed) startRoute(name, provider)
    }
  }

  const timer = setInterval(() => {
    discover().catch(onError)
  }, options.discoverIntervalMs ?? 5000)
  discover().catch(onError)

  return ok({
    get queues() {
      return [...routes.keys()]
    },
    discover,
    close: async () => {
      closed = true
      clearInterval(timer)
      await Promise.allSettled([...routes.values()].map(({ worker }) => worker.close()))
      await Promise.allSettled([...routes.values()].map(({ queue }) => queue.close()))
      routes.clear()
      redis.disconnect()
    },
  })
}
