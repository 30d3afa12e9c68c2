import { createRunController, formatHandle, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emulatorAdapters } from './support/emulator-adapters.js'

type Expected = 'stopped_or_requested' | 'already_terminal' | 'NOT_FOUND' | 'VALIDATION'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 20 })
})
afterAll(async () => {
  await emulator?.close()
})

function controllerFor(emu: Emulator) {
  return createRunController({
    adapters: emulatorAdapters(emu, { stepFunctions: false }),
    // Enough attempts that a seeded 17 % fault mix cannot exhaust them in practice (0.17^8 per call).
    retry: { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 40 },
  })
}

const FINISHED = {
  'mwaa-serverless': ['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'],
  'bedrock-flows': ['Succeeded', 'Failed', 'TimedOut', 'Aborted'],
  'alibaba-cloudflow': ['Succeeded', 'Failed', 'TimedOut', 'Stopped'],
} as const

function missing(provider: keyof typeof FINISHED, i: number): RunHandle {
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
  }
}

function invalid(provider: keyof typeof FINISHED, i: number): RunHandle {
  switch (provider) {
    case 'mwaa-serverless':
      return { provider, workflowArn: `arn:aws:s3:::bucket-${i}`, runId: 'r1' }
    case 'bedrock-flows':
      return { provider, flowIdentifier: '../admin', flowAliasIdentifier: 'A', executionIdentifier: `x/${i}` }
    case 'alibaba-cloudflow':
      return { provider, flowName: `9starts-with-digit-${i}`, executionName: 'e' }
  }
}

describe('one controller, three adapters, one emulator', () => {
  it('stops a mixed batch of 300 handles under a fault mix and reports each exactly once, correctly', {
    timeout: 60_000,
  }, async () => {
    const expected = new Map<string, Expected>()
    const handles: (RunHandle | string)[] = []
    const add = (handle: RunHandle, outcome: Expected, asString: boolean) => {
      expected.set(formatHandle(handle), outcome)
      handles.push(asString ? formatHandle(handle) : handle)
    }
    for (const provider of Object.keys(FINISHED) as (keyof typeof FINISHED)[]) {
      for (let i = 0; i < 40; i++) add(emulator.createRun(provider), 'stopped_or_requested', i % 2 === 0)
      for (let i = 0; i < 24; i++)
        add(
          emulator.createRun(provider, { status: FINISHED[provider][i % 4] }),
          'already_terminal',
          i % 3 === 0,
        )
      for (let i = 0; i < 20; i++) add(missing(provider, i), 'NOT_FOUND', false)
      for (let i = 0; i < 16; i++) add(invalid(provider, i), 'VALIDATION', i % 2 === 1)
    }
    expect(handles).toHaveLength(300)

    emulator.setFaults({
      throttleRate: 0.1,
      errorRate: 0.05,
      resetRate: 0.02,
      retryAfterSeconds: 0,
      seed: 20261123,
    })
    const progress: number[] = []
    const report = await controllerFor(emulator).stopMany(handles, {
      concurrency: 24,
      perProvider: 8,
      reason: 'e2e batch',
      onProgress: (p) => progress.push(p.done),
    })
    emulator.clearFaults()

    const seen = new Map<string, string>()
    const record = (handle: RunHandle | string, outcome: string) => {
      const key = typeof handle === 'string' ? handle : formatHandle(handle)
      expect(seen.has(key), `reported twice: ${key}`).toBe(false)
      seen.set(key, outcome)
    }
    for (const r of [...report.stopped, ...report.stopRequested]) record(r.handle, 'stopped_or_requested')
    for (const r of report.alreadyTerminal) record(r.handle, 'already_terminal')
    for (const f of report.failed) record(f.handle, f.error.code)

    expect(report.total).toBe(300)
    expect(seen.size).toBe(300)
    expect(report.aborted).toBe(false)
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(expected))
    expect(progress.at(-1)).toBe(300)

    // Faults really happened, and invalid handles never reached the wire.
    const faulted = emulator.requests.filter(
      (r) => r.status === 'reset' || (typeof r.status === 'number' && r.status >= 429),
    )
    expect(faulted.length).toBeGreaterThan(10)
    const wire = JSON.stringify(emulator.requests.map((r) => r.params))
    expect(wire).not.toContain('../admin')
    expect(wire).not.toContain('9starts-with-digit')
    expect(wire).not.toContain('arn:aws:s3')
  })
})
