import type { RunError } from '@runstop/core'
import type { RedisOptions } from 'ioredis'
import { err, ok, type Result } from 'neverthrow'
import { invalidOption } from './run-error.js'

/** Where Redis is: a `redis://` / `rediss://` URL or ioredis options (host, port, password, tls…). */
export type RedisConnection = string | RedisOptions

/**
 * ioredis options for a connection. BullMQ's workers need `maxRetriesPerRequest: null` (their
 * blocking commands must wait out a Redis restart instead of failing).
 */
export function redisOptions(connection: RedisConnection): RedisOptions {
  if (typeof connection !== 'string') return { ...connection, maxRetriesPerRequest: null }
  const url = new URL(connection)
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new TypeError('A Redis URL starts with redis:// or rediss://.')
  const db = url.pathname.replace(/^\//, '')
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  }
}

/** `redisOptions` for a public entry point: a bad connection URL is `VALIDATION`, never a throw. */
export function connectionOptions(connection: RedisConnection): Result<RedisOptions, RunError> {
  try {
    return ok(redisOptions(connection))
  } catch (error) {
    return err(
      invalidOption(`Bad Redis connection: ${error instanceof Error ? error.message : String(error)}`),
    )
  }
}
