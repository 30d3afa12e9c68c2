import { describe, expect, it } from 'vitest'
import { clientsOnFirstUse, loadOnce } from './lazy-module.js'

describe('loadOnce', () => {
  it('loads once for every caller, and tries a failed load again', async () => {
    let loads = 0
    const load = loadOnce(async () => {
      loads++
      if (loads === 1) throw new Error('broken install')
      return { loads }
    })
    await expect(load()).rejects.toThrow('broken install')
    const [a, b] = await Promise.all([load(), load()])
    expect(a).toBe(b)
    expect(loads).toBe(2)
  })
})

/** Clients whose load the test releases, counting loads and closes. */
function deferredClients() {
  const seen = { loads: 0, closed: 0, regions: [] as (string | undefined)[] }
  let release: () => void = () => undefined
  const clients = clientsOnFirstUse(() => {
    seen.loads++
    return new Promise<{ client(region: string | undefined): string; close(): Promise<void> }>((resolve) => {
      release = () =>
        resolve({
          client: (region) => {
            seen.regions.push(region)
            return `client of ${region ?? 'the default region'}`
          },
          close: async () => {
            seen.closed++
          },
        })
    })
  })
  return { clients, seen, release: () => release() }
}

describe('clientsOnFirstUse', () => {
  it('loads nothing until the first call, then answers promises until loaded and the client after', async () => {
    const { clients, seen, release } = deferredClients()
    expect(seen.loads).toBe(0)
    expect(clients.loaded).toBeUndefined()
    const first = clients.client('eu-west-1')
    const second = clients.client(undefined)
    expect(first).toBeInstanceOf(Promise)
    release()
    expect(await first).toBe('client of eu-west-1')
    expect(await second).toBe('client of the default region')
    expect(seen.loads).toBe(1)
    expect(clients.client('us-east-1')).toBe('client of us-east-1')
    expect(clients.loaded).toBeDefined()
  })

  it('closes the clients a load under way makes, and loads nothing to close unused ones', async () => {
    const unused = deferredClients()
    await unused.clients.close()
    expect(unused.seen).toMatchObject({ loads: 0, closed: 0 })

    const { clients, seen, release } = deferredClients()
    const pending = clients.client('eu-west-1')
    const closing = clients.close()
    release()
    await Promise.all([pending, closing])
    expect(seen.closed).toBe(1)
  })

  it('tries a failed load again on the next call', async () => {
    let loads = 0
    const clients = clientsOnFirstUse(async () => {
      loads++
      if (loads === 1) throw new Error('broken install')
      return { client: (region: string | undefined) => region }
    })
    await expect(clients.client('eu-west-1')).rejects.toThrow('broken install')
    expect(await clients.client('eu-west-1')).toBe('eu-west-1')
    expect(loads).toBe(2)
  })
})
