import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { campaignKeys } from './keys.js'
import { markPending, recordResult } from './record-script.js'
import { startRedisServer, type TestRedis } from './test-support/redis-server.js'

let server: TestRedis
let redis: Redis
const keys = campaignKeys('t', 'c1')

beforeAll(async () => {
  server = await startRedisServer()
  redis = new Redis(server.url)
})
afterAll(async () => {
  redis?.disconnect()
  await server?.stop()
})
beforeEach(async () => {
  await redis.flushall()
})

describe('recordResult', () => {
  it('records a handle once: a second record of it changes and counts nothing', async () => {
    await markPending(redis, keys, ['h1'])
    expect(await recordResult(redis, keys, 'h1', 'stopped')).toBe(true)
    expect(await recordResult(redis, keys, 'h1', 'alreadyTerminal')).toBe(false)
    expect(await recordResult(redis, keys, 'h1', 'failed', '{"code":"UNKNOWN"}')).toBe(false)
    expect(await redis.hgetall(keys.meta)).toEqual({ total: '1', stopped: '1' })
    expect(await redis.hget(keys.results, 'h1')).toBe('stopped')
    expect(await redis.hlen(keys.failures)).toBe(0)
  })

  it('keeps the error JSON of a failure beside its count', async () => {
    await markPending(redis, keys, ['h1', 'h2'])
    await recordResult(redis, keys, 'h2', 'failed', '{"code":"ACCESS_DENIED"}')
    expect(await redis.hgetall(keys.meta)).toEqual({ total: '2', failed: '1' })
    expect(await redis.hgetall(keys.failures)).toEqual({ h2: '{"code":"ACCESS_DENIED"}' })
  })

  it('counts a handle recorded without being marked into the total, once', async () => {
    expect(await recordResult(redis, keys, 'h9', 'cancelled')).toBe(true)
    expect(await recordResult(redis, keys, 'h9', 'cancelled')).toBe(false)
    expect(await redis.hgetall(keys.meta)).toEqual({ total: '1', cancelled: '1' })
  })

  it('counts each handle once when many processes record the same handles concurrently', async () => {
    const handles = Array.from({ length: 200 }, (_, i) => `h${i}`)
    await markPending(redis, keys, handles)
    const clients = Array.from({ length: 4 }, () => new Redis(server.url))
    const answers = await Promise.all(
      clients.flatMap((client) =>
        handles.map((handle) => recordResult(client, keys, handle, 'stopRequested')),
      ),
    )
    for (const client of clients) client.disconnect()
    expect(answers.filter(Boolean)).toHaveLength(200)
    expect(await redis.hgetall(keys.meta)).toEqual({ total: '200', stopRequested: '200' })
  })
})

describe('markPending', () => {
  it('answers new, pending or recorded per handle and counts only the new ones', async () => {
    expect(await markPending(redis, keys, ['a', 'b'])).toEqual(['new', 'new'])
    await recordResult(redis, keys, 'a', 'stopped')
    expect(await markPending(redis, keys, ['a', 'b', 'c'])).toEqual(['recorded', 'pending', 'new'])
    expect(await redis.hget(keys.meta, 'total')).toBe('3')
    expect(await redis.hget(keys.results, 'a')).toBe('stopped')
  })
})
