import { describe, expect, it } from 'vitest'
import { createClientCache } from './client-cache.js'

describe('createClientCache', () => {
  it('builds one client per key, lazily', () => {
    const made: string[] = []
    const cache = createClientCache((key) => {
      made.push(key)
      return { key }
    })
    expect(cache.size).toBe(0)
    expect(cache.get('a')).toBe(cache.get('a'))
    cache.get('b')
    expect(made).toEqual(['a', 'b'])
    expect(cache.size).toBe(2)
  })

  it('close() releases every client once, even when one release fails, and never rejects', async () => {
    const released: string[] = []
    const shared = { key: 'shared' }
    const cache = createClientCache(
      (key) => (key === 'x' || key === 'y' ? shared : { key }),
      (client) => {
        released.push(client.key)
        if (client.key === 'a') throw new Error('cannot close')
        if (client.key === 'b') return Promise.reject(new Error('cannot close either'))
        return undefined
      },
    )
    for (const key of ['a', 'b', 'c', 'x', 'y']) cache.get(key)
    await expect(cache.close()).resolves.toBeUndefined()
    expect(released.sort()).toEqual(['a', 'b', 'c', 'shared'])
    expect(cache.size).toBe(0)
    await cache.close()
    expect(released).toHaveLength(4)
  })

  it('close() without a release forgets the clients; a later get builds a new one', async () => {
    let n = 0
    const cache = createClientCache(() => ({ n: ++n }))
    const first = cache.get('a')
    await cache.close()
    expect(cache.get('a')).not.toBe(first)
  })
})
