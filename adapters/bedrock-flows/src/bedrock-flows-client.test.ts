import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime'
import { type AwsAdapterSettings, createAwsClients } from '@runstop/core'
import { afterAll, describe, expect, it } from 'vitest'
import { BEDROCK_FLOWS_SDK, type BedrockFlowsClient } from './bedrock-flows-client.js'

type BedrockAgentRuntimeModule = typeof import('@aws-sdk/client-bedrock-agent-runtime')

/** The adapter's clients: its SDK declaration given to core's `createAwsClients`, the load counted. */
const createBedrockFlowsClients = (
  settings: AwsAdapterSettings<BedrockFlowsClient>,
  load = BEDROCK_FLOWS_SDK.load,
) => createAwsClients(settings, { ...BEDROCK_FLOWS_SDK, load })

const built: BedrockAgentRuntimeClient[] = []
afterAll(() => {
  for (const client of built) client.destroy()
})

function countingLoader(failures = 0) {
  let calls = 0
  const load = async (): Promise<BedrockAgentRuntimeModule> => {
    calls++
    if (calls <= failures) throw new Error(`load failure ${calls}`)
    return BEDROCK_FLOWS_SDK.load()
  }
  return { load, calls: () => calls }
}

describe('BEDROCK_FLOWS_SDK through createAwsClients', () => {
  it('does not load the SDK until the first client is asked for, then loads it once', async () => {
    const loader = countingLoader()
    const source = createBedrockFlowsClients({ region: 'us-east-1' }, loader.load)
    expect(loader.calls()).toBe(0)
    const [a, b] = await Promise.all([source.client('us-east-1'), source.client('us-east-1')])
    built.push(a as BedrockAgentRuntimeClient)
    expect(loader.calls()).toBe(1)
    expect(a).toBe(b)
    await source.client('eu-west-1').then((c) => built.push(c as BedrockAgentRuntimeClient))
    expect(loader.calls()).toBe(1)
  })

  it('tries a failed load again on the next call', async () => {
    const loader = countingLoader(1)
    const source = createBedrockFlowsClients({}, loader.load)
    await expect(source.sdk()).rejects.toThrow('load failure 1')
    const sdk = await source.sdk()
    expect(typeof sdk.StopFlowExecutionCommand).toBe('function')
    expect(loader.calls()).toBe(2)
  })

  it('builds one client per region with maxAttempts 1, the endpoint and the credentials given', async () => {
    const source = createBedrockFlowsClients({
      endpoint: 'http://127.0.0.1:4510',
      credentials: { accessKeyId: 'AKIDCLIENTTEST', secretAccessKey: 'client-test-secret-value' },
    })
    const east = (await source.client('us-east-1')) as BedrockAgentRuntimeClient
    const west = (await source.client('eu-west-1')) as BedrockAgentRuntimeClient
    built.push(east, west)
    expect(east).toBeInstanceOf(BedrockAgentRuntimeClient)
    expect(west).not.toBe(east)
    expect(await source.client('us-east-1')).toBe(east)
    expect(await east.config.maxAttempts()).toBe(1)
    expect(await east.config.region()).toBe('us-east-1')
    expect(await west.config.region()).toBe('eu-west-1')
    const credentials = await east.config.credentials()
    expect(credentials.accessKeyId).toBe('AKIDCLIENTTEST')
    const endpoint = await east.config.endpointProvider({
      Region: 'us-east-1',
      Endpoint: 'http://127.0.0.1:4510',
    })
    expect(endpoint.url.href).toBe('http://127.0.0.1:4510/')
  })

  it('uses one user client as given for every region, and a client function once per region', async () => {
    const mine: BedrockFlowsClient = { send: async () => ({ $metadata: {} }) as never }
    const single = createBedrockFlowsClients({ client: mine })
    expect(await single.client('us-east-1')).toBe(mine)
    expect(await single.client('ap-south-1')).toBe(mine)
    expect(await single.client(undefined)).toBe(mine)

    const asked: (string | undefined)[] = []
    const perRegion = createBedrockFlowsClients({
      client: (region) => {
        asked.push(region)
        return { send: async () => ({ $metadata: {} }) as never }
      },
    })
    const a = await perRegion.client('us-east-1')
    expect(await perRegion.client('us-east-1')).toBe(a)
    expect(await perRegion.client('eu-west-1')).not.toBe(a)
    await perRegion.client(undefined)
    expect(asked).toEqual(['us-east-1', 'eu-west-1', undefined])
  })

  it('the official client fits the BedrockFlowsClient port', () => {
    const client: BedrockFlowsClient = new BedrockAgentRuntimeClient({ region: 'us-east-1' })
    built.push(client as BedrockAgentRuntimeClient)
    expect(typeof client.send).toBe('function')
  })
})

describe('the adapter imports the SDK on first use', () => {
  it('constructing and validating load nothing; the first call loads the SDK (fresh Node process)', async () => {
    // require.cache lists every CommonJS module loaded, and the SDK's `main` is its CJS build, which
    // `import()` loads through the CommonJS loader. A static import in the adapter would put it there
    // before the factory even runs.
    const dist = new URL('../dist/index.js', import.meta.url).href
    const script = `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('client-bedrock-agent-runtime'))
      const { createBedrockFlowsAdapter } = await import(${JSON.stringify(dist)})
      const adapter = createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'AKIDLAZY', secretAccessKey: 'lazy-test-secret-value' },
      })
      const handle = { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: 'ALIAS12345', executionIdentifier: 'exec-1' }
      const afterConstruct = loaded()
      const valid = adapter.validate(handle).isOk()
      const afterValidate = loaded()
      const result = await adapter.doGet(handle, { signal: new AbortController().signal })
      console.log(JSON.stringify({ afterConstruct, valid, afterValidate, afterCall: loaded(), code: result.isErr() ? result.error.code : 'ok' }))
    `
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 15_000,
    })
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      afterConstruct: false,
      valid: true,
      afterValidate: false,
      afterCall: true,
      code: 'NETWORK',
    })
  })
})
