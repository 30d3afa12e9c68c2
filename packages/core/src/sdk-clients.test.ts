import { describe, expect, it } from 'vitest'
import { createSdkClients } from './sdk-clients.js'
import { secretsOf } from './settings-secrets.js'

describe('createSdkClients', () => {
  it('loads the SDK on first use only, once, and builds one client per region', async () => {
    let loads = 0
    const built: (string | undefined)[] = []
    const clients = createSdkClients({
      load: async () => {
        loads += 1
        return { Client: class {} }
      },
      create: (_sdk, region) => {
        built.push(region)
        return { region }
      },
    })
    expect(loads).toBe(0)
    const a = await clients.client('eu-west-1')
    const b = await clients.client('eu-west-1')
    await clients.client(undefined)
    expect(a).toBe(b)
    expect(loads).toBe(1)
    expect(built).toEqual(['eu-west-1', undefined])
    expect(clients.oneClient).toBe(false)
  })

  it('tries a failed load again on the next call', async () => {
    let attempt = 0
    const clients = createSdkClients({
      load: async () => {
        attempt += 1
        if (attempt === 1) throw new Error('not installed')
        return {}
      },
      create: () => 'client',
    })
    await expect(clients.client('us-east-1')).rejects.toThrow('not installed')
    await expect(clients.client('us-east-1')).resolves.toBe('client')
  })

  it("uses the user's client as given: one for every region, or one per region from a function", async () => {
    const mine = { mine: true }
    const one = createSdkClients({ load: async () => ({}), create: () => ({ mine: false }), client: mine })
    expect(one.oneClient).toBe(true)
    expect(await one.client('ap-south-1')).toBe(mine)
    const asked: (string | undefined)[] = []
    const perRegion = createSdkClients<object, { region?: string }>({
      load: async () => ({}),
      create: () => ({}),
      client: (region) => {
        asked.push(region)
        return { region }
      },
    })
    expect(perRegion.oneClient).toBe(false)
    expect(await perRegion.client('eu-central-1')).toEqual({ region: 'eu-central-1' })
    await perRegion.client('eu-central-1')
    expect(asked).toEqual(['eu-central-1'])
  })
})

describe('secretsOf', () => {
  it('collects the secret fields of a static identity and extra values, once each', () => {
    expect(
      secretsOf(
        { accessKeyId: 'AKID', secretAccessKey: 's3cr3t', sessionToken: 'tok' },
        's3cr3t',
        undefined,
        '',
      ),
    ).toEqual(['s3cr3t', 'tok'])
    expect(secretsOf({ accessKeyId: 'id', accessKeySecret: 'ali', securityToken: 'sts' })).toEqual([
      'ali',
      'sts',
    ])
    expect(secretsOf(async () => ({ secretAccessKey: 'hidden' }))).toEqual([])
    expect(secretsOf(undefined)).toEqual([])
  })
})

describe('createSdkClients: close()', () => {
  it("destroys the clients it built (once each), never the user's own, and builds anew afterwards", async () => {
    const destroyed: string[] = []
    const made = (name: string) => ({ name, destroy: () => destroyed.push(name) })
    let built = 0
    const clients = createSdkClients({
      load: async () => ({}),
      create: (_sdk, region) => made(`${region}-${++built}`),
    })
    await clients.client('a')
    await clients.client('a')
    await clients.client('b')
    await clients.close()
    expect(destroyed.sort()).toEqual(['a-1', 'b-2'])
    expect((await clients.client('a')).name).toBe('a-3')

    const mine = made('mine')
    const given = createSdkClients({ load: async () => ({}), create: () => made('x'), client: mine })
    await given.client('a')
    const perRegion = createSdkClients({
      load: async () => ({}),
      create: () => made('x'),
      client: () => mine,
    })
    await perRegion.client('a')
    await given.close()
    await perRegion.close()
    expect(destroyed).not.toContain('mine')
  })
})
