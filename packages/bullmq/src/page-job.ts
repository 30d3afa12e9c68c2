import { parseScope, RunError, type RunHandle, type RunScope } from '@runstop/core'
import { DelayedError, type Job, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { type Enqueuer, jobOptions, pageJobId } from './enqueue.js'
import { campaignKeys } from './keys.js'
import { recordResult } from './record-script.js'
import type { StopQueue } from './stop-queue.js'
import type { CampaignAdapter, PageJobData } from './types.js'

/** An adapter that can list: `capabilities.list` with `validateScope` and `doList`. */
export type ListingAdapter = CampaignAdapter & Required<Pick<CampaignAdapter, 'validateScope' | 'doList'>>

/** The adapters of `adapters` that can list, by provider. */
export function listingAdapters(adapters: readonly CampaignAdapter[]): Map<string, ListingAdapter> {
  const listers = new Map<string, ListingAdapter>()
  for (const adapter of adapters) {
    if (adapter.capabilities.list && adapter.validateScope !== undefined && adapter.doList !== undefined)
      listers.set(adapter.provider, adapter as ListingAdapter)
  }
  return listers
}

/** The key a page that could not be listed is recorded under. */
export function pageKey(data: Pick<PageJobData, 'scope' | 'page'>): string {
  return `${data.scope}#page-${data.page}`
}

export interface PageProcessorOptions {
  readonly redis: Redis
  readonly enqueue: Enqueuer
  readonly listers: ReadonlyMap<string, ListingAdapter>
  readonly prefix: string
  readonly pauseRecheckMs: number
  readonly listTimeoutMs: number
  readonly throttleBackoffMs: number
}

/**
 * The processor of page jobs: lists one page of the scope with the adapter (one attempt: BullMQ
 * retries), queues a stop for each run in the wanted statuses, then the next page, or marks the
 * input read after the last one. Run again after a crash, it adds nothing twice: the handles are
 * marked in the campaign and the next page has a fixed job id.
 */
export function createPageProcessor(options: PageProcessorOptions) {
  const { redis, enqueue, listers, prefix } = options
  return async (job: Job<PageJobData>, token: string | undefined, queue: StopQueue): Promise<string> => {
    const data = job.data
    const keys = campaignKeys(prefix, data.campaign)
    const [state, attemptsText, backoffText] = await redis.hmget(keys.meta, 'state', 'attempts', 'backoffMs')
    if (state === null) return 'gone'
    if (state === 'cancelled') {
      await redis.hset(keys.meta, 'inputDone', '1')
      return 'cancelled'
    }
    if (state === 'paused') {
      await job.moveToDelayed(Date.now() + options.pauseRecheckMs, token)
      throw new DelayedError()
    }
    const retry = { attempts: Number(attemptsText ?? 6), backoffMs: Number(backoffText ?? 1000) }
    const fail = async (error: RunError) => {
      await recordResult(redis, keys, pageKey(data), 'failed', JSON.stringify(error.toJSON()))
      await redis.hset(keys.meta, 'inputDone', '1')
      return 'failed'
    }
    const parsed = parseScope(data.scope)
    const lister = parsed.isOk() ? listers.get(parsed.value.provider) : undefined
    if (parsed.isErr()) return fail(parsed.error)
    if (lister === undefined)
      return fail(
        new RunError({
          code: 'NOT_SUPPORTED',
          message: `This worker cannot list ${parsed.value.provider} runs.`,
          provider: parsed.value.provider,
        }),
      )
    const scope = lister.validateScope(parsed.value)
    if (scope.isErr()) return fail(scope.error)
    const listed = await lister.doList(scope.value as RunScope, {
      ...(data.pageToken === undefined ? {} : { pageToken: data.pageToken }),
      ...(data.pageSize === undefined ? {} : { pageSize: data.pageSize }),
      statuses: data.statuses,
      signal: AbortSignal.timeout(options.listTimeoutMs),
    })
    if (listed.isErr()) {
      const error = listed.error
      if (error.code === 'THROTTLED') {
        await queue.rateLimit(error.retryAfterMs ?? options.throttleBackoffMs)
        throw Worker.RateLimitError()
      }
      if (error.retryable && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw error
      return fail(error)
    }
    // The provider may return other statuses (no server-side filter): filtered here.
    const handles: RunHandle[] = []
    for (const run of listed.value.runs) {
      if (!data.statuses.includes(run.status)) continue
      const canonical = lister.validate(run.handle)
      handles.push(canonical.isOk() ? (canonical.value as RunHandle) : run.handle)
    }
    await enqueue.handles(data.campaign, handles, retry)
    const next = listed.value.nextPageToken
    if (next === undefined) {
      await redis.hset(keys.meta, 'inputDone', '1')
      return 'last page'
    }
    await enqueue.add(
      queue.name,
      parsed.value.provider,
      'page',
      { ...data, page: data.page + 1, pageToken: next },
      jobOptions(pageJobId(data.campaign, data.page + 1), retry, true),
    )
    return 'page'
  }
}
