import { parseHandle, type RunController } from '@runstop/core'
import { DelayedError, type Job, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { campaignKeys } from './keys.js'
import { outcomeOfStop } from './outcomes.js'
import { recordResult } from './record-script.js'
import type { StopQueue } from './stop-queue.js'
import type { StopJobData } from './types.js'

export interface StopProcessorOptions {
  readonly redis: Redis
  /** Built with `retry: false`: BullMQ's retries are the only ones. */
  readonly controller: RunController
  readonly prefix: string
  readonly pauseRecheckMs: number
  readonly stopTimeoutMs: number
  readonly throttleBackoffMs: number
}

/**
 * The processor of stop jobs: skips a handle already recorded, records `cancelled` for a
 * cancelled campaign, delays the job while it is paused, otherwise stops the run once and
 * records the result (exactly once, whatever runs the job again). `THROTTLED` rate-limits the
 * queue without spending an attempt; other retryable errors are thrown for BullMQ to retry until
 * the attempts are spent; the rest are recorded at once.
 */
export function createStopProcessor(options: StopProcessorOptions) {
  const { redis, controller, prefix, pauseRecheckMs, stopTimeoutMs, throttleBackoffMs } = options
  return async (job: Job<StopJobData>, token: string | undefined, queue: StopQueue): Promise<string> => {
    const { campaign, handle: text } = job.data
    const keys = campaignKeys(prefix, campaign)
    const [state, reason, errorCode] = await redis.hmget(keys.meta, 'state', 'reason', 'errorCode')
    const recorded = await redis.hget(keys.results, text)
    // Recorded already (a job run again after its worker died after recording): nothing to do.
    if (state === null || (recorded !== null && recorded !== '')) return 'recorded'
    if (state === 'cancelled') {
      await recordResult(redis, keys, text, 'cancelled')
      return 'cancelled'
    }
    if (state === 'paused') {
      await job.moveToDelayed(Date.now() + pauseRecheckMs, token)
      throw new DelayedError()
    }
    const parsed = parseHandle(text)
    if (parsed.isErr()) {
      await recordResult(redis, keys, text, 'failed', JSON.stringify(parsed.error.toJSON()))
      return 'failed'
    }
    const stopped = await controller.stop(parsed.value, {
      timeoutMs: stopTimeoutMs,
      ...(reason === null ? {} : { reason }),
      ...(errorCode === null ? {} : { errorCode }),
    })
    if (stopped.isOk()) {
      const outcome = outcomeOfStop(stopped.value.outcome)
      await recordResult(redis, keys, text, outcome)
      return outcome
    }
    const error = stopped.error
    if (error.code === 'THROTTLED') {
      // The provider's own answer drives BullMQ's limiter: the whole queue (every worker) waits.
      await queue.rateLimit(error.retryAfterMs ?? throttleBackoffMs)
      throw Worker.RateLimitError()
    }
    const attempts = job.opts.attempts ?? 1
    if (error.retryable && job.attemptsMade + 1 < attempts) throw error
    await recordResult(redis, keys, text, 'failed', JSON.stringify(error.toJSON()))
    return 'failed'
  }
}
