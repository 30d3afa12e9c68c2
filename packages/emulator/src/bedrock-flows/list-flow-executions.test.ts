import { BedrockAgentRuntimeClient, ListFlowExecutionsCommand } from '@aws-sdk/client-bedrock-agent-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../start-emulator.js'

let emulator: Emulator
let client: BedrockAgentRuntimeClient
const FLOW = 'FLOWLIST01'

async function sdkError(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } }
  }
  throw new Error('expected the call to fail')
}

beforeAll(async () => {
  emulator = await startEmulator()
  // The SDK's default handler: HTTP/2 over h2c.
  client = new BedrockAgentRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.endpoints.bedrockFlows,
    maxAttempts: 1,
    credentials: emulator.credentials.aws,
  })
  for (let i = 0; i < 23; i++)
    emulator.createRun('bedrock-flows', {
      ids: { flowIdentifier: FLOW, flowAliasIdentifier: i < 3 ? 'ALIASONE01' : 'ALIASTWO02' },
      status: i % 4 === 0 ? 'Succeeded' : 'Running',
    })
})
afterAll(async () => {
  client.destroy()
  await emulator.close()
})

describe('Bedrock flows emulator: ListFlowExecutions (official SDK)', () => {
  it('pages at most 10 summaries, whatever maxResults, and gives every execution once', async () => {
    const seen: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const out = await client.send(
        new ListFlowExecutionsCommand({
          flowIdentifier: FLOW,
          maxResults: 1000,
          ...(nextToken ? { nextToken } : {}),
        }),
      )
      pages++
      expect(out.flowExecutionSummaries?.length).toBeLessThanOrEqual(10)
      seen.push(...(out.flowExecutionSummaries ?? []).map((s) => s.executionArn as string))
      nextToken = out.nextToken
    } while (nextToken)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(23)
  })

  it('answers the SDK shape: Dates, status, ids; newest first', async () => {
    const out = await client.send(new ListFlowExecutionsCommand({ flowIdentifier: FLOW, maxResults: 2 }))
    const [first, second] = out.flowExecutionSummaries ?? []
    expect(first?.createdAt).toBeInstanceOf(Date)
    expect(first?.flowIdentifier).toBe(FLOW)
    expect(first?.status).toMatch(/^(Running|Succeeded)$/)
    expect(first?.executionArn).toMatch(
      /^arn:aws:bedrock:us-east-1:\d{12}:flow\/FLOWLIST01\/alias\/\w+\/execution\//,
    )
    expect(Number(first?.createdAt)).toBeGreaterThanOrEqual(Number(second?.createdAt))
    expect(out.nextToken).toBeDefined()
  })

  it('filters by flowAliasIdentifier', async () => {
    const out = await client.send(
      new ListFlowExecutionsCommand({ flowIdentifier: FLOW, flowAliasIdentifier: 'ALIASONE01' }),
    )
    expect(out.flowExecutionSummaries).toHaveLength(3)
    expect(out.nextToken).toBeUndefined()
  })

  it.each([0, 1001])('refuses maxResults %d with a ValidationException', async (maxResults) => {
    const error = await sdkError(
      client.send(new ListFlowExecutionsCommand({ flowIdentifier: FLOW, maxResults })),
    )
    expect(error.name).toBe('ValidationException')
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses a token from another query', async () => {
    const first = await client.send(new ListFlowExecutionsCommand({ flowIdentifier: FLOW, maxResults: 2 }))
    const error = await sdkError(
      client.send(
        new ListFlowExecutionsCommand({
          flowIdentifier: FLOW,
          flowAliasIdentifier: 'ALIASONE01',
          nextToken: first.nextToken as string,
        }),
      ),
    )
    expect(error.name).toBe('ValidationException')
  })

  it('answers ResourceNotFoundException (404) for an unknown flow or alias', async () => {
    const flow = await sdkError(client.send(new ListFlowExecutionsCommand({ flowIdentifier: 'NOSUCHFLOW' })))
    expect(flow.name).toBe('ResourceNotFoundException')
    expect(flow.$metadata.httpStatusCode).toBe(404)
    const alias = await sdkError(
      client.send(new ListFlowExecutionsCommand({ flowIdentifier: FLOW, flowAliasIdentifier: 'NOSUCHALIA' })),
    )
    expect(alias.name).toBe('ResourceNotFoundException')
    expect(emulator.requests.at(-1)).toMatchObject({ operation: 'ListFlowExecutions', kind: 'list' })
  })
})
