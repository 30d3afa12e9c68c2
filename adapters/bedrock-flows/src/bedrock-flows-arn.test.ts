import { createRunController, formatHandle, parseHandle, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createBedrockFlowsAdapter } from './bedrock-flows-adapter.js'
import type { BedrockFlowsAdapterSettings } from './bedrock-flows-client.js'
import { bedrockFlowsHandle } from './bedrock-flows-handle.js'

// Handles as users hold them: the executionArn StartFlowExecution returns, through the real
// @aws-sdk/client-bedrock-agent-runtime client against the emulator.

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})
afterEach(() => {
  vi.unstubAllEnvs()
})

/** The emulator's account (any 12 digits: runs are looked up by their bare ids and region). */
const ACCOUNT = '123456789012'

function executionArnOf(handle: RunHandle): string {
  return `arn:aws:bedrock:${handle.region}:${ACCOUNT}:flow/${handle.flowIdentifier}/alias/${handle.flowAliasIdentifier}/execution/${handle.executionIdentifier}`
}

function controller(settings: Partial<BedrockFlowsAdapterSettings> = {}) {
  return createRunController({
    adapters: [
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
        ...settings,
      }),
    ],
    retry: false,
  })
}

function storedStatus(handle: RunHandle): string | undefined {
  return emulator.runs('bedrock-flows').find((run) => run.key.endsWith(`|${handle.executionIdentifier}`))
    ?.status
}

describe('a Bedrock execution stopped by its ARN', () => {
  it('an execution ARN alone stops the run in the ARN region, and the request carries only bare ids', async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const executionArn = executionArnOf(started)
    const before = emulator.requests.length
    const stopped = await controller().stop({ provider: 'bedrock-flows', executionIdentifier: executionArn })
    const result = stopped._unsafeUnwrap()
    expect(result.outcome).toBe('stopped')
    expect(result.handle).toEqual({ ...started, provider: 'bedrock-flows' })
    expect(storedStatus(started)).toBe('Aborted')
    const sent = emulator.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      operation: 'StopFlowExecution',
      region: 'eu-west-1',
      params: {
        flowIdentifier: started.flowIdentifier,
        flowAliasIdentifier: started.flowAliasIdentifier,
        executionIdentifier: started.executionIdentifier,
      },
    })
  })

  it('bedrockFlowsHandle({ executionArn }) gives the same handle string as the bare ids and region', async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'ap-south-1' })
    const fromArn = bedrockFlowsHandle({ executionArn: executionArnOf(started) })._unsafeUnwrap()
    const fromIds = bedrockFlowsHandle({
      flowIdentifier: started.flowIdentifier as string,
      flowAliasIdentifier: started.flowAliasIdentifier as string,
      executionIdentifier: started.executionIdentifier as string,
      region: 'ap-south-1',
    })._unsafeUnwrap()
    expect(formatHandle(fromArn)).toBe(formatHandle(fromIds))
    const snapshot = (await controller().get(fromArn))._unsafeUnwrap()
    expect(snapshot.providerStatus).toBe('Running')
    expect(snapshot.handle).toEqual(fromIds)
  })

  it('the string form of an ARN handle parses and stops the run', async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-central-1' })
    const text = formatHandle({ provider: 'bedrock-flows', executionIdentifier: executionArnOf(started) })
    const stopped = await controller().stop(parseHandle(text)._unsafeUnwrap())
    expect(stopped._unsafeUnwrap().outcome).toBe('stopped')
    expect(storedStatus(started)).toBe('Aborted')
  })

  it('an ARN whose region disagrees with the handle region is VALIDATION, with nothing sent', async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const before = emulator.requests.length
    const result = await controller().stop({
      provider: 'bedrock-flows',
      executionIdentifier: executionArnOf(started),
      region: 'us-east-1',
    })
    expect(result._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(emulator.requests.length).toBe(before)
    expect(storedStatus(started)).toBe('Running')
  })
})

describe('a bare-id handle without a region that answers NOT_FOUND says which region was asked', () => {
  const bareIds = (handle: RunHandle): RunHandle => {
    const { region: _region, ...rest } = handle
    return rest as RunHandle
  }

  it("the adapter's default region", async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const error = (await controller().get(bareIds(started)))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain("Looked up in region 'us-east-1' (the adapter's default region")
    expect(error.message).toContain('Give the handle its region')
  })

  it("the SDK's region (AWS_REGION) when neither the handle nor the adapter names one", async () => {
    vi.stubEnv('AWS_REGION', 'sa-east-1')
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const runs = createRunController({
      adapters: [
        createBedrockFlowsAdapter({
          endpoint: emulator.endpoints.bedrockFlows,
          credentials: emulator.credentials.aws,
        }),
      ],
      retry: false,
    })
    const error = (await runs.stop(bareIds(started)))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain("Looked up in region 'sa-east-1' (the SDK's default region")
  })

  it("the handle's own region", async () => {
    const started = emulator.createRun('bedrock-flows', { region: 'eu-west-1' })
    const error = (await controller().get({ ...started, region: 'eu-north-1' }))._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain("Looked up in region 'eu-north-1' (the handle's region)")
  })
})
