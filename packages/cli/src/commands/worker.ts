import type { RateLimit } from '@runstop/bullmq'
import type { CommandContext } from '../context.js'
import { onInterrupt, UsageError } from '../context.js'
import { createCliController } from '../create-controller.js'
import { parseDuration } from '../parse-duration.js'
import { redisUrl } from './redis-url.js'

export interface WorkerCommandOptions {
  readonly redis?: string
  /** `provider=max` or `provider=max/duration`, e.g. `alibaba-cloudflow=2`, `bedrock-flows=50/10s`. */
  readonly limit?: readonly string[]
  readonly concurrency?: number
  readonly lockDurationMs?: number
  readonly stalledIntervalMs?: number
  readonly discoverIntervalMs?: number
}

/** Parses `--limit provider=max[/duration]`. */
export function parseLimit(text: string): [string, RateLimit] {
  const match = /^([a-z0-9-]+)=(\d+)(?:\/(.+))?$/.exec(text.trim())
  const duration = match?.[3] === undefined ? 1000 : parseDuration(match[3]).unwrapOr(Number.NaN)
  if (match === null || Number(match[2]) < 1 || !(duration > 0))
    throw new UsageError(
      `"${text}" is not a limit: write provider=max or provider=max/duration (e.g. alibaba-cloudflow=2/1s).`,
    )
  return [match[1] as string, { max: Number(match[2]), durationMs: duration }]
}

/**
 * `runstop worker`: a long-running process that takes stop jobs of every campaign from Redis and
 * runs them through the three adapters (one attempt per job: BullMQ retries). Stops gracefully on
 * SIGINT / SIGTERM (the stops in flight finish first); a SIGKILLed worker loses nothing, its jobs
 * are taken over by the other workers.
 */
export async function runWorker(ctx: CommandContext, options: WorkerCommandOptions): Promise<number> {
  const url = redisUrl(ctx, options.redis)
  const limits = Object.fromEntries((options.limit ?? []).map(parseLimit))
  const { createStopWorker } = await import('@runstop/bullmq')
  // The adapters, not a controller: the worker builds its controller with retry off (BullMQ
  // retries) and lists scope pages with the adapters themselves.
  const { adapters } = createCliController(ctx.config, { retry: false })
  const created = createStopWorker({
    connection: url,
    adapters,
    limits,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
    ...(options.stalledIntervalMs === undefined ? {} : { stalledIntervalMs: options.stalledIntervalMs }),
    ...(options.discoverIntervalMs === undefined ? {} : { discoverIntervalMs: options.discoverIntervalMs }),
    onQueue: (queue, limit) =>
      ctx.output.out(`queue ${queue}: at most ${limit.max} stops per ${limit.durationMs} ms\n`),
    onError: (error) => ctx.output.err(`worker: ${error.message}\n`),
  })
  if (created.isErr()) throw new UsageError(created.error.message)
  const worker = created.value
  ctx.output.out(
    `runstop worker: taking stop jobs for ${adapters.map((adapter) => adapter.provider).join(', ')}; Ctrl-C to stop\n`,
  )
  await new Promise<void>((resolve) => {
    const unsubscribe = onInterrupt(ctx.io, () => {
      unsubscribe()
      resolve()
    })
  })
  ctx.output.out('runstop worker: finishing the stops in flight\n')
  await worker.close()
  return 0
}
