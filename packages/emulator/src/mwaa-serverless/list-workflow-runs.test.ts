import { Hash } from '@smithy/hash-node'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../index.js'

// Requests signed with @smithy/signature-v4 directly, so these pin the wire protocol itself.

let emulator: Emulator
const handler = new NodeHttpHandler()
const ARN = 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/nightly-etl-ABCDEFGHIJ'

async function list(input: Record<string, unknown>, region = 'eu-west-1') {
  const url = new URL(emulator.endpoints.mwaaServerless)
  const body = JSON.stringify(input)
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonMWAAServerless.ListWorkflowRuns',
    },
    body,
  })
  const signer = new SignatureV4({
    service: 'airflow-serverless',
    region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: emulator.credentials.aws,
  })
  const { response } = await handler.handle((await signer.sign(request)) as HttpRequest)
  const chunks: Buffer[] = []
  for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk))
  return {
    status: response.statusCode,
    headers: response.headers,
    json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
  }
}

type Summary = { RunId: string; WorkflowVersion: string; RunDetailSummary: Record<string, unknown> }

beforeAll(async () => {
  emulator = await startEmulator()
  for (let i = 0; i < 25; i++)
    emulator.createRun('mwaa-serverless', {
      ids: {
        workflowArn: ARN,
        runId: `run${String(i).padStart(2, '0')}`,
        workflowVersion: i < 5 ? 'v1' : 'v2',
      },
      status: i % 5 === 0 ? 'SUCCESS' : 'RUNNING',
    })
  emulator.createRun('mwaa-serverless', { region: 'eu-west-1' })
})
afterAll(async () => {
  handler.destroy()
  await emulator.close()
})

describe('MWAA Serverless emulator: ListWorkflowRuns', () => {
  it('pages 20 runs by default, with a NextToken until the last page, each run once', async () => {
    const first = await list({ WorkflowArn: ARN })
    expect(first.status).toBe(200)
    const runs = first.json.WorkflowRuns as Summary[]
    expect(runs).toHaveLength(20)
    expect(typeof first.json.NextToken).toBe('string')
    const second = await list({ WorkflowArn: ARN, NextToken: first.json.NextToken })
    const rest = second.json.WorkflowRuns as Summary[]
    expect(rest).toHaveLength(5)
    expect(second.json.NextToken).toBeUndefined()
    const ids = [...runs, ...rest].map((r) => r.RunId)
    expect(new Set(ids).size).toBe(25)
  })

  it('answers the model shape, with ISO 8601 timestamps in RunDetailSummary', async () => {
    const reply = await list({ WorkflowArn: ARN, MaxResults: 1 })
    const [run] = reply.json.WorkflowRuns as Summary[]
    expect(run).toMatchObject({ WorkflowArn: ARN, RunType: 'ON_DEMAND' })
    expect(run?.RunDetailSummary.Status).toMatch(/^(RUNNING|SUCCESS)$/)
    expect(run?.RunDetailSummary.CreatedOn).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/)
    expect(run?.RunDetailSummary.StartedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/)
  })

  it('filters by WorkflowVersion', async () => {
    const reply = await list({ WorkflowArn: ARN, WorkflowVersion: 'v1', MaxResults: 100 })
    const runs = reply.json.WorkflowRuns as Summary[]
    expect(runs.map((r) => r.RunId).sort()).toEqual(['run00', 'run01', 'run02', 'run03', 'run04'])
  })

  it.each([0, 101, 2.5, '10'])('refuses MaxResults %j with a ValidationException', async (max) => {
    const reply = await list({ WorkflowArn: ARN, MaxResults: max })
    expect(reply.status).toBe(400)
    expect(reply.json.__type).toContain('ValidationException')
    expect(reply.json.FieldList).toEqual([expect.objectContaining({ Name: 'MaxResults' })])
  })

  it('refuses a token that is not its own, or that belongs to another query', async () => {
    const garbage = await list({ WorkflowArn: ARN, NextToken: '123' })
    expect(garbage.status).toBe(400)
    expect(garbage.json.__type).toContain('ValidationException')
    const first = await list({ WorkflowArn: ARN, MaxResults: 2 })
    const other = await list({ WorkflowArn: ARN, WorkflowVersion: 'v1', NextToken: first.json.NextToken })
    expect(other.status).toBe(400)
  })

  it('answers ResourceNotFoundException for a workflow it does not know, or one in another region', async () => {
    const missing = await list({
      WorkflowArn: 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/nothing-ABCDEFGHIJ',
    })
    expect(missing.status).toBe(400)
    expect(missing.json.__type).toContain('ResourceNotFoundException')
    expect(missing.json.ResourceType).toBe('Workflow')
    const elsewhere = await list({ WorkflowArn: ARN }, 'us-east-1')
    expect(elsewhere.json.__type).toContain('ResourceNotFoundException')
  })

  it('keeps its place while runs change state between pages', async () => {
    const first = await list({ WorkflowArn: ARN, MaxResults: 10 })
    const page1 = first.json.WorkflowRuns as Summary[]
    // A new run arrives (it is newer: it sorts before the cursor, so it is not in the next pages).
    emulator.createRun('mwaa-serverless', { ids: { workflowArn: ARN, runId: 'latecomer' } })
    const seen = page1.map((r) => r.RunId)
    let token = first.json.NextToken
    while (token !== undefined) {
      const next = await list({ WorkflowArn: ARN, MaxResults: 10, NextToken: token })
      seen.push(...(next.json.WorkflowRuns as Summary[]).map((r) => r.RunId))
      token = next.json.NextToken
    }
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
    expect(emulator.requests.at(-1)).toMatchObject({ operation: 'ListWorkflowRuns', kind: 'list' })
  })
})
