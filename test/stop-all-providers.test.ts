import { createRunController, formatScope, parseScope, type RunScope } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emulatorAdapters } from './support/emulator-adapters.js'

// One controller, four providers: each workflow's active runs stopped with stopAll, at once,
// under a seeded fault mix (throttles, 5xx, resets) on every operation, listing included.

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
})

type Provider = 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow' | 'step-functions'
const SFN_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:e2e-incident'
const MWAA_ARN = 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/e2e-incident-ABCDEFGHIJ'

describe('stopAll across providers (end to end, emulator, seeded faults)', () => {
  it('stops every active run of four workflows through one controller, and leaves the finished ones', {
    timeout: 60_000,
  }, async () => {
    const create = (provider: Provider, ids: Record<string, string>, statuses: string[]) =>
      statuses.map((status) => emulator.createRun(provider, { ids, status }))
    create('mwaa-serverless', { workflowArn: MWAA_ARN }, [...Array(40).fill('RUNNING'), 'QUEUED', 'SUCCESS'])
    create('bedrock-flows', { flowIdentifier: 'E2EFLOW001', flowAliasIdentifier: 'E2EALIAS01' }, [
      ...Array(25).fill('Running'),
      'Failed',
    ])
    create('alibaba-cloudflow', { flowName: 'e2e_incident' }, [
      ...Array(40).fill('Running'),
      'Starting',
      'Succeeded',
    ])
    create('step-functions', { stateMachineName: 'e2e-incident' }, [
      ...Array(30).fill('RUNNING'),
      'PENDING_REDRIVE',
      'SUCCEEDED',
      'FAILED',
    ])
    const scopes: RunScope[] = [
      { provider: 'mwaa-serverless', workflowArn: MWAA_ARN },
      { provider: 'bedrock-flows', flowIdentifier: 'E2EFLOW001', region: 'us-east-1' },
      { provider: 'alibaba-cloudflow', flowName: 'e2e_incident', region: 'cn-hangzhou' },
      { provider: 'step-functions', stateMachineArn: SFN_ARN },
    ]
    emulator.setFaults({
      throttleRate: 0.08,
      errorRate: 0.05,
      resetRate: 0.02,
      retryAfterSeconds: 0,
      seed: 12,
    })
    // And one throttled list page per provider, for certain.
    emulator.injectFault({ provider: 'mwaa-serverless', operation: 'list', code: 'ThrottlingException' })
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'list', code: 'ThrottlingException' })
    emulator.injectFault({ provider: 'alibaba-cloudflow', operation: 'list', code: 'ResourceThrottled' })
    emulator.injectFault({ provider: 'step-functions', operation: 'list', code: 'ThrottlingException' })
    const runs = createRunController({
      adapters: emulatorAdapters(emulator),
      retry: { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 40 },
    })
    // Scopes travel as strings (a runbook, a chat message): parse what formatScope wrote.
    const parsed = scopes.map((scope) => parseScope(formatScope(scope))._unsafeUnwrap())
    // Small pages (a hint the adapters clamp): several list pages per workflow, stopped as they arrive.
    const reports = await Promise.all(
      parsed.map((scope) => runs.stopAll(scope, { reason: 'e2e incident', pageSize: 10 })),
    )
    emulator.clearFaults()
    expect(reports.map((r) => r.total)).toEqual([41, 25, 41, 31])
    for (const report of reports) {
      expect(report.failed).toEqual([])
      expect(report.inputError).toBeUndefined()
    }
    const statuses = (provider: Provider) =>
      emulator.runs(provider).reduce<Record<string, number>>((counts, run) => {
        counts[run.status] = (counts[run.status] ?? 0) + 1
        return counts
      }, {})
    expect(statuses('mwaa-serverless')).toEqual({ STOPPED: 41, SUCCESS: 1 })
    expect(statuses('bedrock-flows')).toEqual({ Aborted: 25, Failed: 1 })
    expect(statuses('alibaba-cloudflow')).toEqual({ Stopped: 41, Succeeded: 1 })
    expect(statuses('step-functions')).toEqual({ ABORTED: 31, SUCCEEDED: 1, FAILED: 1 })
    // The listing itself met the faults and was retried.
    const throttledLists = new Set(
      emulator.requests.filter((r) => r.kind === 'list' && r.status !== 200).map((r) => r.provider),
    )
    expect(throttledLists.size).toBe(4)
    expect(emulator.requests.filter((r) => r.kind === 'list').length).toBeGreaterThan(4 * 4)
  })
})
