import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type BedrockFlowsScope, createBedrockFlowsAdapter, validateScope } from './index.js'

// Listing through the official SDK's ListFlowExecutionsCommand, over HTTP/2 (the SDK default) and HTTP/1.1.

let emulator: Emulator
let flows = 0

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
  emulator.clearRequests()
})

const TRANSPORTS = [
  { name: 'HTTP/2 (SDK default)', handler: () => undefined },
  { name: 'HTTP/1.1', handler: () => new NodeHttpHandler() },
]

function flowWith(
  statuses: string[],
  alias = 'ALIAS00001',
): { flowIdentifier: string; handles: RunHandle[] } {
  const flowIdentifier = `INCIDENT${String(++flows).padStart(2, '0')}`
  return {
    flowIdentifier,
    handles: statuses.map((status) =>
      emulator.createRun('bedrock-flows', { ids: { flowIdentifier, flowAliasIdentifier: alias }, status }),
    ),
  }
}

describe.each(TRANSPORTS)('Bedrock flows listing over $name', (transport) => {
  const adapter = () => {
    const requestHandler = transport.handler()
    return createBedrockFlowsAdapter({
      region: 'us-east-1',
      endpoint: emulator.endpoints.bedrockFlows,
      credentials: emulator.credentials.aws,
      ...(requestHandler ? { requestHandler } : {}),
    })
  }

  it('walks pages of at most 10 and gives handles that stop where the listing went', async () => {
    const { flowIdentifier, handles } = flowWith([...Array(25).fill('Running'), 'Succeeded'])
    const runs = createRunController({ adapters: [adapter()] })
    const listed: RunHandle[] = []
    for await (const item of runs.listRuns(
      { provider: 'bedrock-flows', flowIdentifier, region: 'us-east-1' },
      { statuses: ['running'] },
    ))
      listed.push(item._unsafeUnwrap().handle)
    const key = (h: RunHandle) => h.executionIdentifier as string
    expect(listed.map(key).sort()).toEqual(handles.slice(0, 25).map(key).sort())
    expect(listed[0]).toMatchObject({
      provider: 'bedrock-flows',
      flowIdentifier,
      flowAliasIdentifier: 'ALIAS00001',
      region: 'us-east-1',
    })
    expect(emulator.requests.filter((r) => r.operation === 'ListFlowExecutions')).toHaveLength(3)
  })

  it('stopAll aborts the running executions; one that ended between list and stop is already_terminal', async () => {
    const { flowIdentifier, handles } = flowWith(Array(6).fill('Running'))
    const victim = handles[2] as RunHandle
    const runs = createRunController({
      adapters: [adapter()],
      hooks: {
        onResult: (event) => {
          if (event.operation !== 'list') return
          const stored = emulator
            .runs('bedrock-flows')
            .find((r) => r.key.endsWith(`|${victim.executionIdentifier}`))
          if (stored) {
            stored.status = 'Succeeded'
            stored.endedAt = Date.now()
            stored.transition = undefined
          }
        },
      },
    })
    const report = await runs.stopAll({ provider: 'bedrock-flows', flowIdentifier })
    expect(report.total).toBe(6)
    expect(report.failed).toEqual([])
    expect(report.stopped).toHaveLength(5)
    expect(report.alreadyTerminal.map((r) => r.handle.executionIdentifier)).toEqual([
      victim.executionIdentifier,
    ])
    expect(report.alreadyTerminal[0]?.status).toBe('succeeded')
  })

  it('answers NOT_FOUND for a flow (or alias) with no execution', async () => {
    const runs = createRunController({ adapters: [adapter()], retry: false })
    for (const scope of [
      { provider: 'bedrock-flows', flowIdentifier: 'NOSUCHFLOW' },
      {
        provider: 'bedrock-flows',
        flowIdentifier: flowWith(['Running']).flowIdentifier,
        flowAliasIdentifier: 'OTHERALIAS',
      },
    ]) {
      const items = []
      for await (const item of runs.listRuns(scope)) items.push(item)
      expect(items[0]?._unsafeUnwrapErr()).toMatchObject({ code: 'NOT_FOUND', operation: 'list' })
    }
  })
})

describe('Bedrock flows listing: pure parts', () => {
  // The page of an answer, through the adapter's declaration, from a client that answers it as given.
  const pageOf = (scope: BedrockFlowsScope, answer: unknown) =>
    createBedrockFlowsAdapter({ client: () => ({ send: async () => answer as never }) }).doList?.(scope, {
      signal: new AbortController().signal,
    })

  it('takes the ids from executionArn and refuses a summary without one', async () => {
    const scope = { provider: 'bedrock-flows' as const, flowIdentifier: 'FLOW123456' }
    const page = await pageOf(scope, {
      flowExecutionSummaries: [
        {
          executionArn:
            'arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/abc-123',
          status: 'Running',
          createdAt: new Date('2026-01-01T00:00:00Z'),
        },
      ],
      nextToken: 'n',
      $metadata: { requestId: 'req-1' },
    })
    expect(page?._unsafeUnwrap().runs[0]).toMatchObject({
      handle: {
        provider: 'bedrock-flows',
        flowIdentifier: 'FLOW123456',
        flowAliasIdentifier: 'ALIAS12345',
        executionIdentifier: 'abc-123',
      },
      status: 'running',
      startedAt: new Date('2026-01-01T00:00:00Z'),
      requestId: 'req-1',
    })
    expect(page?._unsafeUnwrap().nextPageToken).toBe('n')
    const broken = await pageOf(scope, { flowExecutionSummaries: [{ status: 'Running' }] })
    expect(broken?._unsafeUnwrapErr()).toMatchObject({ code: 'UNKNOWN', operation: 'list' })
  })

  it.each([
    [{ provider: 'bedrock-flows', flowIdentifier: 'FLOW123456' }, true],
    [
      {
        provider: 'bedrock-flows',
        flowIdentifier: 'FLOW123456',
        flowAliasIdentifier: 'TSTALIASID',
        region: 'eu-west-1',
      },
      true,
    ],
    [{ provider: 'bedrock-flows', flowIdentifier: 'FLOW12345' }, false],
    [
      { provider: 'bedrock-flows', flowIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456' },
      false,
    ],
    [{ provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: '../x' }, false],
    [{ provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', executionIdentifier: 'e' }, false],
  ])('validateScope(%j) ok: %s', (scope, valid) => {
    expect(validateScope(scope).isOk()).toBe(valid)
  })
})
