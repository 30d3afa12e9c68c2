import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMwaaServerlessAdapter } from './index.js'
import { pageFromOutput } from './list-mwaa-serverless-runs.js'
import type { MwaaServerlessScope } from './mwaa-serverless-scope.js'
import { validateScope } from './mwaa-serverless-scope.js'

// Listing through the adapter's own awsJson1_0 client, SigV4-checked by the emulator.

let emulator: Emulator
const ARN = 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/incident-ABCDEFGHIJ'
const scope: MwaaServerlessScope = { provider: 'mwaa-serverless', workflowArn: ARN }

const controller = () =>
  createRunController({
    adapters: [
      createMwaaServerlessAdapter({
        endpoint: emulator.endpoints.mwaaServerless,
        credentials: emulator.credentials.aws,
      }),
    ],
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  })

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
  emulator.clearRequests()
})

describe('MWAA Serverless listing', () => {
  it('lists every run of a workflow over 100-run pages, with dates from the ISO 8601 timestamps', async () => {
    const created: RunHandle[] = []
    for (let i = 0; i < 230; i++)
      created.push(emulator.createRun('mwaa-serverless', { ids: { workflowArn: ARN } }))
    const listed: string[] = []
    for await (const item of controller().listRuns(scope)) {
      const run = item._unsafeUnwrap()
      expect(run.status).toBe('running')
      expect(run.startedAt).toBeInstanceOf(Date)
      expect(Math.abs((run.startedAt as Date).getTime() - Date.now())).toBeLessThan(60_000)
      listed.push(run.handle.runId as string)
    }
    expect(listed.sort()).toEqual(created.map((h) => h.runId).sort())
    const pages = emulator.requests.filter((r) => r.operation === 'ListWorkflowRuns')
    expect(pages.map((r) => r.params.MaxResults)).toEqual([100, 100, 100])
  })

  it('answers NOT_FOUND for a workflow that does not exist', async () => {
    const items = []
    for await (const item of controller().listRuns({
      provider: 'mwaa-serverless',
      workflowArn: 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/ghost-ABCDEFGHIJ',
    }))
      items.push(item)
    expect(items).toHaveLength(1)
    expect(items[0]?._unsafeUnwrapErr()).toMatchObject({
      code: 'NOT_FOUND',
      operation: 'list',
      providerCode: 'ResourceNotFoundException',
    })
  })

  it('retries a throttled page and carries on', async () => {
    const arn = 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/throttled-ABCDEFGHIJ'
    for (let i = 0; i < 5; i++) emulator.createRun('mwaa-serverless', { ids: { workflowArn: arn } })
    emulator.injectFault({ provider: 'mwaa-serverless', operation: 'list', code: 'ThrottlingException' })
    const items = []
    for await (const item of controller().listRuns({ provider: 'mwaa-serverless', workflowArn: arn }))
      items.push(item)
    expect(items.every((i) => i.isOk())).toBe(true)
    expect(items).toHaveLength(5)
    expect(emulator.requests.filter((r) => r.operation === 'ListWorkflowRuns')).toHaveLength(2)
  })

  it('stopAll stops the active runs, and a run that ended between list and stop is already_terminal', async () => {
    const arn = 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/stopall-ABCDEFGHIJ'
    const active = ['RUNNING', 'QUEUED', 'RUNNING', 'STARTING'].map((status) =>
      emulator.createRun('mwaa-serverless', { ids: { workflowArn: arn }, status }),
    )
    emulator.createRun('mwaa-serverless', { ids: { workflowArn: arn }, status: 'SUCCESS' })
    const adapter = createMwaaServerlessAdapter({
      endpoint: emulator.endpoints.mwaaServerless,
      credentials: emulator.credentials.aws,
    })
    // Stored runs are the emulator's live state.
    const victim = active[0] as RunHandle
    const runs = createRunController({
      adapters: [adapter],
      hooks: {
        // The page has been read, no stop sent yet: the run ends at the provider meanwhile.
        onResult: (event) => {
          if (event.operation !== 'list') return
          const stored = emulator.runs('mwaa-serverless').find((r) => r.key.endsWith(`|${victim.runId}`))
          if (stored) {
            stored.status = 'SUCCESS'
            stored.endedAt = Date.now()
          }
        },
      },
    })
    const report = await runs.stopAll({ provider: 'mwaa-serverless', workflowArn: arn })
    expect(report.total).toBe(4)
    expect(report.failed).toEqual([])
    const outcomes = new Map(
      [...report.stopped, ...report.stopRequested, ...report.alreadyTerminal].map((r) => [
        r.handle.runId,
        r.outcome,
      ]),
    )
    expect(outcomes.size).toBe(4)
    expect(outcomes.get(victim.runId)).toBe('already_terminal')
    expect(report.alreadyTerminal).toHaveLength(1)
    expect(report.alreadyTerminal[0]?.status).toBe('succeeded')
  })

  it('a client of its own without listWorkflowRuns lists NOT_SUPPORTED, sending nothing', async () => {
    const client = { stopWorkflowRun: async () => ({}), getWorkflowRun: async () => ({}) }
    const runs = createRunController({ adapters: [createMwaaServerlessAdapter({ client })], retry: false })
    const items = []
    for await (const item of runs.listRuns(scope)) items.push(item)
    expect(items.map((item) => item._unsafeUnwrapErr().code)).toEqual(['NOT_SUPPORTED'])
  })

  it('reads epoch-second timestamps too (awsJson1_0 default), and refuses a summary without RunId', () => {
    const page = pageFromOutput(scope, {
      WorkflowRuns: [{ RunId: 'r1', RunDetailSummary: { Status: 'RUNNING', StartedAt: 1_700_000_000 } }],
      NextToken: 'n',
    })._unsafeUnwrap()
    expect(page.runs[0]?.startedAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(page.runs[0]?.handle).toEqual({
      provider: 'mwaa-serverless',
      workflowArn: ARN,
      runId: 'r1',
    })
    expect(page.nextPageToken).toBe('n')
    const bad = pageFromOutput(scope, { WorkflowRuns: [{ RunDetailSummary: { Status: 'RUNNING' } }] })
    expect(bad._unsafeUnwrapErr().code).toBe('UNKNOWN')
  })

  it.each([
    [{ provider: 'mwaa-serverless', workflowArn: ARN }, true],
    [{ provider: 'mwaa-serverless', workflowArn: ARN, workflowVersion: 'v1' }, true],
    [{ provider: 'mwaa-serverless', workflowArn: ARN, workflowVersion: '' }, false],
    [{ provider: 'mwaa-serverless', workflowArn: ARN, workflowVersion: 'x'.repeat(2049) }, false],
    [{ provider: 'mwaa-serverless', workflowArn: ARN, region: 'eu-west-1' }, true],
    [{ provider: 'mwaa-serverless', workflowArn: ARN, runId: 'r1' }, false],
    [{ provider: 'mwaa-serverless', workflowArn: `${ARN}x` }, false],
    [{ provider: 'bedrock-flows', workflowArn: ARN }, false],
  ])('validateScope(%j) ok: %s', (candidate, valid) => {
    expect(validateScope(candidate).isOk()).toBe(valid)
  })
})
