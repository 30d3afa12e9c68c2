import { describe, expect, it } from 'vitest'
import { createAwsClients } from './aws-clients.js'
import {
  DEFAULT_MAX_CONCURRENT_STREAMS,
  DEFAULT_MAX_SOCKETS,
  type HttpHandlerModule,
  reusingHttpHandler,
} from './aws-http-handler.js'
import { rememberCredentials } from './remembered-credentials.js'

/** Handler classes that record how they were built and whether they were destroyed. */
function fakeHttp() {
  const made: { kind: string; options: unknown; destroyed: boolean }[] = []
  const record = (kind: string) =>
    class {
      entry = { kind, options: undefined as unknown, destroyed: false }
      constructor(options: unknown) {
        this.entry.options = options
        made.push(this.entry)
      }
    }
  const module: HttpHandlerModule = { NodeHttpHandler: record('1.1'), NodeHttp2Handler: record('2') }
  return { module, made }
}

describe('reusingHttpHandler', () => {
  it.each([
    [{}, '1.1', { httpAgent: { maxSockets: DEFAULT_MAX_SOCKETS }, httpsAgent: { maxSockets: 50 } }],
    [{ maxSockets: 8.7 }, '1.1', { httpAgent: { maxSockets: 8 }, httpsAgent: { maxSockets: 8 } }],
    [{ maxSockets: 0 }, '1.1', { httpAgent: { maxSockets: 50 }, httpsAgent: { maxSockets: 50 } }],
    [
      { httpVersion: '1.1' as const, maxConcurrentStreams: 3 },
      '1.1',
      { httpAgent: { maxSockets: 50 }, httpsAgent: { maxSockets: 50 } },
    ],
    [
      { httpVersion: '2' as const },
      '2',
      { disableConcurrentStreams: false, maxConcurrentStreams: DEFAULT_MAX_CONCURRENT_STREAMS },
    ],
    [
      { httpVersion: '2' as const, maxConcurrentStreams: 7 },
      '2',
      { disableConcurrentStreams: false, maxConcurrentStreams: 7 },
    ],
    [
      { httpVersion: '2' as const, maxConcurrentStreams: Number.NaN },
      '2',
      { disableConcurrentStreams: false, maxConcurrentStreams: 100 },
    ],
  ])('%j builds an HTTP/%s handler with %j', (settings, kind, options) => {
    const http = fakeHttp()
    reusingHttpHandler(http.module, settings)
    expect(http.made).toEqual([{ kind, options, destroyed: false }])
  })
})

describe('rememberCredentials', () => {
  it("knows a static identity's secrets at once and passes it on as given", () => {
    const identity = { accessKeyId: 'AKID', secretAccessKey: 'static-secret', sessionToken: 'static-token' }
    const remembered = rememberCredentials(identity)
    expect(remembered.value).toBe(identity)
    expect(remembered.secrets()).toEqual(['static-secret', 'static-token'])
    expect(rememberCredentials(undefined).secrets()).toEqual([])
  })

  it('remembers what a provider answers, each time it answers', async () => {
    let round = 0
    const provider = async () => ({ accessKeyId: 'AKID', secretAccessKey: `provided-secret-${++round}` })
    const remembered = rememberCredentials(provider)
    expect(remembered.secrets()).toEqual([])
    expect(await remembered.value()).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'provided-secret-1' })
    await remembered.value()
    expect(remembered.secrets()).toEqual(['provided-secret-1', 'provided-secret-2'])
  })
})

describe('createAwsClients', () => {
  const sdk = { Client: class {} }
  const setup = (settings: Parameters<typeof createAwsClients>[0]) => {
    const http = fakeHttp()
    let httpLoads = 0
    const configs: Record<string, unknown>[] = []
    const clients = createAwsClients(settings, {
      load: async () => sdk,
      http: async () => {
        httpLoads++
        return http.module
      },
      create: (_sdk, config) => {
        configs.push(config)
        const requestHandler = config.requestHandler as { entry?: { destroyed: boolean } } | undefined
        return {
          config,
          destroy: () => {
            if (requestHandler?.entry) requestHandler.entry.destroyed = true
          },
        }
      },
    })
    return { clients, http, configs, httpLoads: () => httpLoads }
  }

  it('builds each region a client with maxAttempts 1, all sharing one handler that close() frees', async () => {
    const { clients, http, configs } = setup({ endpoint: 'http://127.0.0.1:1', httpVersion: '2' })
    await clients.client('us-east-1')
    await clients.client('eu-west-1')
    expect(configs.map((c) => [c.maxAttempts, c.region, c.endpoint])).toEqual([
      [1, 'us-east-1', 'http://127.0.0.1:1'],
      [1, 'eu-west-1', 'http://127.0.0.1:1'],
    ])
    expect(configs[0]?.requestHandler).toBe(configs[1]?.requestHandler)
    expect(http.made.map((h) => h.kind)).toEqual(['2'])
    await clients.close()
    expect(http.made[0]?.destroyed).toBe(true)
    await clients.client('us-east-1')
    expect(http.made.map((h) => h.destroyed)).toEqual([true, false])
    expect(configs[2]?.requestHandler).not.toBe(configs[0]?.requestHandler)
  })

  it('loads no HTTP stack for a requestHandler or a client of the user, which are used as given', async () => {
    const requestHandler = { mine: true }
    const given = setup({ requestHandler })
    await given.clients.client('us-east-1')
    expect(given.configs[0]?.requestHandler).toBe(requestHandler)
    expect(given.httpLoads()).toBe(0)
    const mine = { send: async () => ({}) }
    const own = setup({ client: mine as never })
    expect(await own.clients.client('ap-south-1')).toBe(mine)
    expect(own.clients.oneClient).toBe(true)
    expect(own.httpLoads()).toBe(0)
  })

  it('gives the SDK the remembering credentials and knows every secret they handed out', async () => {
    const provider = async () => ({ accessKeyId: 'AKID', secretAccessKey: 'from-the-provider' })
    const { clients, configs } = setup({ credentials: provider })
    await clients.client(undefined)
    expect(configs[0]).not.toHaveProperty('region')
    expect(clients.secrets()).toEqual([])
    await (configs[0] as { credentials: () => Promise<unknown> }).credentials()
    expect(clients.secrets()).toEqual(['from-the-provider'])
  })
})
