import { createRunController, formatHandle, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emulatorAdapters } from './support/emulator-adapters.js'

// The fourth provider, built only on core's public SPI, in the same batch as the other three.

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 20 })
})
afterAll(async () => {
  await emulator?.close()
})

const FINISHED = {
  'mwaa-serverless': ['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'],
  'bedrock-flows': ['Succeeded', 'Failed', 'TimedOut', 'Aborted'],
  'alibaba-cloudflow': ['Succeeded', 'Failed', 'TimedOut', 'Stopped'],
  'step-functions': ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'],
} as const
type Provider = keyof typeof FINISHED

function missing(provider: Provider, i: number): RunHandle {
  switch (provider) {
    case 'mwaa-serverless':
      return {
        provider,
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/ghost-ABCDEFGHIJ',
        runId: `ghost${i}`,
      }
    case 'bedrock-flows':
      return {
        provider,
        flowIdentifier: 'GHOSTFLOW1',
        flowAliasIdentifier: 'GHOSTALIAS',
        executionIdentifier: `ghost-${i}`,
        region: 'us-east-1',
      }
    case 'alibaba-cloudflow':
      return { provider, flowName: 'ghost_flow', executionName: `ghost-${i}` }
    case 'step-functions':
      return { provider, executionArn: `arn:aws:states:us-east-1:123456789012:execution:ghost:run-${i}` }
  }
}

describe('one controller, four adapters (Step Functions among them), one emulator', () => {
  it('stops a mixed batch under a fault mix and reports each handle exactly once, correctly', {
    timeout: 60_000,
  }, async () => {
    const runs = createRunController({
      adapters: emulatorAdapters(emulator),
      retry: { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 40 },
    })
    const expected = new Map<string, string>()
    const handles: (RunHandle | string)[] = []
    const finishedStepFunctions: string[] = []
    const add = (handle: RunHandle, outcome: string, asString: boolean) => {
      expected.set(formatHandle(handle), outcome)
      handles.push(asString ? formatHandle(handle) : handle)
    }
    for (const provider of Object.keys(FINISHED) as Provider[]) {
      for (let i = 0; i < 16; i++) add(emulator.createRun(provider), 'stopped_or_requested', i % 2 === 0)
      for (let i = 0; i < 12; i++) {
        const handle = emulator.createRun(provider, { status: FINISHED[provider][i % 4] })
        if (provider === 'step-functions') finishedStepFunctions.push(handle.executionArn as string)
        add(handle, 'already_terminal', i % 3 === 0)
      }
      for (let i = 0; i < 8; i++) add(missing(provider, i), 'NOT_FOUND', i % 2 === 1)
    }
    const express = emulator.createRun('step-functions', {
      ids: { stateMachineName: 'quick', type: 'EXPRESS' },
    })
    add(express, 'NOT_SUPPORTED', true)
    expect(handles).toHaveLength(145)

    // Faults on the AWS providers (mixed-batch.test.ts has Alibaba, whose resets cost read timeouts, under faults).
    for (const provider of ['mwaa-serverless', 'bedrock-flows', 'step-functions'] as const)
      emulator.setFaults({
        provider,
        throttleRate: 0.1,
        errorRate: 0.05,
        resetRate: 0.02,
        retryAfterSeconds: 0,
        seed: 20261201,
      })
    const report = await runs.stopMany(handles, { concurrency: 24, perProvider: 8, reason: 'e2e batch' })
    emulator.clearFaults()

    // StopExecution accepts a stop of a finished execution; only the DescribeExecution after it
    // tells "already finished". Where that one read failed, the accepted stop is stop_requested.
    for (const arn of finishedStepFunctions) {
      const unread = emulator.requests.some(
        (r) => r.operation === 'DescribeExecution' && r.params.executionArn === arn && r.status !== 200,
      )
      if (unread)
        expected.set(formatHandle({ provider: 'step-functions', executionArn: arn }), 'stopped_or_requested')
    }

    const seen = new Map<string, string>()
    const record = (handle: RunHandle | string, outcome: string) => {
      const key = typeof handle === 'string' ? handle : formatHandle(handle)
      expect(seen.has(key), `reported twice: ${key}`).toBe(false)
      seen.set(key, outcome)
    }
    for (const r of [...report.stopped, ...report.stopRequested]) record(r.handle, 'stopped_or_requested')
    for (const r of report.alreadyTerminal) record(r.handle, 'already_terminal')
    for (const f of report.failed) record(f.handle, f.error.code)
    expect(report.total).toBe(145)
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(expected))

    const stepFunctions = emulator.requests.filter((r) => r.provider === 'step-functions')
    expect(stepFunctions.some((r) => r.status === 'reset' || r.errorCode === 'ThrottlingException')).toBe(
      true,
    )
    expect(JSON.stringify(stepFunctions.map((r) => r.params))).not.toContain(':express:')
    // Every running Step Functions execution ends ABORTED, with the batch's reason as its cause.
    const aborted = emulator.runs('step-functions').filter((run) => run.cause === 'e2e batch')
    expect(aborted.length).toBe(16)
  })
})
