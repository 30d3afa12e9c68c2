import type { CommandContext } from '../context.js'
import { UsageError } from '../context.js'

/** The environment variable `campaign` and `worker` read when `--redis` is not given. */
export const REDIS_URL_ENV = 'RUNSTOP_REDIS_URL'

/** `--redis`, else `RUNSTOP_REDIS_URL`; neither is a usage error. */
export function redisUrl(ctx: CommandContext, given: string | undefined): string {
  const url = given ?? ctx.io.env[REDIS_URL_ENV]?.trim()
  if (!url) throw new UsageError(`Give the Redis URL with --redis <url> or ${REDIS_URL_ENV}.`)
  if (!/^rediss?:\/\//.test(url)) throw new UsageError('A Redis URL starts with redis:// or rediss://.')
  return url
}
