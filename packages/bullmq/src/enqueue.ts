import { formatHandle, type RunHandle } from '@runstop/core'
import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { bullPrefix, campaignKeys, jobIdFor, queuesKey } from './keys.js'
import { queueRoute } from './queue-route.js'
import { markPending } from './record-script.js'
import type { StopQueue } from './stop-queue.js'
import type { CampaignJobData } from './types.js'

/** How a campaign's stop jobs are retried: BullMQ attempts with exponential backoff. */
export interface JobRetry {
  readonly attempts: number
  readonly backoffMs: number
}

/** Adds a campaign's jobs to the right queues, registering each queue for the workers to find. */
export interface Enqueuer {
  /** Marks the handles pending and queues a stop for each one not recorded yet; answers how many were new. */
  handles(campaign: string, handles: readonly RunHandle[], retry: JobRetry): Promise<number>
  /** Adds one job to the named queue (registered under `provider`). */
  add(queue: string, provider: string, name: string, data: CampaignJobData, opts: JobsOptions): Promise<void>
  close(): Promise<void>
}

const FAILED_JOB_AGE_SECONDS = 7 * 24 * 3600

/**
 * The options every runstop job gets: finished stop jobs leave Redis, failed ones stay a week.
 * Page jobs (`keepCompleted`) stay a week too, so a page job run again after a crash cannot
 * add a finished next page again (same job id) and list the rest of the scope twice.
 */
export function jobOptions(jobId: string, retry: JobRetry, keepCompleted = false): JobsOptions {
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: keepCompleted ? { age: FAILED_JOB_AGE_SECONDS } : true,
    removeOnFail: { age: FAILED_JOB_AGE_SECONDS },
  }
}

/** The job id of page `page` of a scope campaign. */
export function pageJobId(campaign: string, page: number): string {
  return `${campaign}|page-${page}`
}

/** An enqueuer on `redis` (for the bookkeeping) and BullMQ queues on `connection`, cached by name. */
export function createEnqueuer(redis: Redis, connection: ConnectionOptions, prefix: string): Enqueuer {
  const queues = new Map<string, StopQueue>()

  const queueFor = async (name: string, provider: string): Promise<StopQueue> => {
    let queue = queues.get(name)
    if (queue === undefined) {
      // Registered before the first job is added, so workers find the queue.
      await redis.hset(queuesKey(prefix), name, provider)
      queue = new Queue(name, { connection, prefix: bullPrefix(prefix) })
      queue.on('error', () => {}) // surfaced by the failing call instead
      queues.set(name, queue)
    }
    return queue
  }

  return {
    handles: async (campaign, handles, retry) => {
      const keys = campaignKeys(prefix, campaign)
      const unique = new Map(handles.map((handle) => [formatHandle(handle), handle]))
      const strings = [...unique.keys()]
      const answers = await markPending(redis, keys, strings)
      const byQueue = new Map<string, { provider: string; handles: string[] }>()
      let added = 0
      strings.forEach((text, index) => {
        const answer = answers[index]
        if (answer === 'new') added += 1
        // 'pending' is queued again on purpose: a start interrupted between marking and adding
        // left it without a job; when the job exists, BullMQ ignores the same job id.
        if (answer === 'recorded') return
        const route = queueRoute(unique.get(text) as RunHandle)
        let group = byQueue.get(route.queue)
        if (group === undefined) {
          group = { provider: route.provider, handles: [] }
          byQueue.set(route.queue, group)
        }
        group.handles.push(text)
      })
      for (const [name, group] of byQueue) {
        const queue = await queueFor(name, group.provider)
        await queue.addBulk(
          group.handles.map((handle) => ({
            name: 'stop',
            data: { campaign, handle },
            opts: jobOptions(jobIdFor(campaign, handle), retry),
          })),
        )
      }
      return added
    },
    add: async (queue, provider, name, data, opts) => {
      await (await queueFor(queue, provider)).add(name, data, opts)
    },
    close: async () => {
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()))
      queues.clear()
    },
  }
}
