import { createRunController, formatHandle, type RunHandle } from '@runstop/core'
import { type EmulatedProvider, type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emulatorAdapters } from './support/emulator-adapters.js'

/**
 * Issue 10: one stopMany of 2,000 mixed handles across the three providers while every provider
 * misbehaves (5xx errors, resets, gateway HTML and empty 5xx pages, cut-off bodies): every handle
 * is reported once, with the outcome that is true for its run.
 */

type Expected = 'stopped_or_requested' | 'already_terminal' | 'NOT_FOUND' | 'VALIDATION'

// The three seed providers; the Step Functions adapter has its own faulty mixed batch
// (four-provider test) in this folder.
type Provider = Exclude<EmulatedProvider, 'step-functions'>
const PROVIDERS: readonly Provider[] = ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow']
const FINISHED: Readonly<Record<Provider, readonly string[]>> = {
  'mwaa-serverless': ['SUCCESS', 'FAILED', 'TIMEOUT', 'STOPPED'],
  'bedrock-flows': ['Succeeded', 'Failed', 'TimedOut', 'Aborted'],
  'alibaba-cloudflow': ['Succeeded', 'Failed', 'TimedOut', 'Stopped'],
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 20 })
})
afterAll(async () => {
  await emulator?.close()
})

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
  }
}

function invalid(provider: Provider, i: number): RunHandle {
  switch (provider) {
    case 'mwaa-serverless':
      return { provider, workflowArn: `arn:aws:s3:::bucket-${i}`, runId: 'r1' }
    case 'bedrock-flows':
      return { provider, flowIdentifier: '../admin', flowAliasIdentifier: 'A', executionIdentifier: `x/${i}` }
    case 'alibaba-cloudflow':
      return { provider, flowName: `9starts-with-digit-${i}`, executionName: 'e' }
  }
}

/** A small seeded generator, so the mix of handles (and its order) is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('2,000 mixed handles through one stopMany while every provider misbehaves', () => {
  it('reports every handle once, each with the outcome true for its run', { timeout: 120_000 }, async () => {
    const random = seeded(20261201)
    const expected = new Map<string, Expected>()
    const handles: (RunHandle | string)[] = []
    for (let i = 0; i < 2_000; i++) {
      const provider = PROVIDERS[i % 3] as Provider
      const roll = random()
      const [handle, outcome]: [RunHandle, Expected] =
        roll < 0.45
          ? [emulator.createRun(provider), 'stopped_or_requested']
          : roll < 0.7
            ? [emulator.createRun(provider, { status: FINISHED[provider][i % 4] }), 'already_terminal']
            : roll < 0.88
              ? [missing(provider, i), 'NOT_FOUND']
              : [invalid(provider, i), 'VALIDATION']
      expected.set(formatHandle(handle), outcome)
      handles.push(random() < 0.5 ? formatHandle(handle) : handle)
    }
    expect(expected.size).toBe(2_000)
    const kinds = new Set(expected.values())
    expect(kinds.size).toBe(4)

    const runs = createRunController({
      adapters: emulatorAdapters(emulator, { stepFunctions: false }),
      // ~23 % of requests fail. A stop of a finished Alibaba run needs two good answers in one
      // attempt (the stop's ExecutionAlreadyCompleted and its confirming DescribeExecution), so an
      // attempt fails ~40 % of the time: 16 attempts make exhausting them rare (0.4^16 ≈ 4e-7 a
      // handle). Exhausted retries are a true UNAVAILABLE, but not what this test is about.
      retry: { maxAttempts: 16, baseDelayMs: 2, maxDelayMs: 40 },
    })

    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    emulator.clearRequests()
    emulator.setFaults({
      // No throttling here: the controller's pacer would (rightly) slow the batch down, and
      // throttling has tests of its own. These are the faults that must not change an outcome.
      errorRate: 0.05,
      resetRate: 0.03,
      htmlRate: 0.06,
      emptyRate: 0.06,
      // Served, then cut off: a stop that did happen, or an error, whose body cannot be read.
      truncateRate: 0.03,
      seed: 1201,
    })
    let report: Awaited<ReturnType<typeof runs.stopMany>>
    try {
      report = await runs.stopMany(handles, { concurrency: 48, perProvider: 16, reason: 'issue 10 batch' })
    } finally {
      emulator.clearFaults()
      // Give any stray rejection a turn to surface before the listener goes.
      await new Promise((resolve) => setTimeout(resolve, 50))
      process.off('unhandledRejection', onUnhandled)
    }
    expect(unhandled).toEqual([])

    const seen = new Map<string, string>()
    const record = (handle: RunHandle | string, outcome: string) => {
      const key = typeof handle === 'string' ? handle : formatHandle(handle)
      expect(seen.has(key), `reported twice: ${key}`).toBe(false)
      seen.set(key, outcome)
    }
    for (const r of [...report.stopped, ...report.stopRequested]) record(r.handle, 'stopped_or_requested')
    for (const r of report.alreadyTerminal) record(r.handle, 'already_terminal')
    for (const f of report.failed) record(f.handle, f.error.code)

    expect(report.total).toBe(2_000)
    expect(report.aborted).toBe(false)
    expect(seen.size).toBe(2_000)
    const wrong = [...expected].filter(([key, outcome]) => seen.get(key) !== outcome)
    expect(wrong.map(([key, outcome]) => `${key}: expected ${outcome}, got ${seen.get(key)}`)).toEqual([])
    // A status is read from the provider, or honestly 'unknown' (an accepted stop whose reply and
    // confirming read were both cut off); never an invented one.
    for (const r of report.stopped) expect(r.status).toBe('stopped')
    for (const r of report.stopRequested) expect(['stopping', 'unknown']).toContain(r.status)
    for (const r of report.stopRequested.filter((s) => s.status === 'unknown'))
      expect(r.outcome).toBe('stop_requested')

    // The faults really happened, gateway pages included, on every provider.
    for (const provider of PROVIDERS) {
      const pages = emulator.requests.filter((r) => r.provider === provider && r.fault === 'page')
      expect(
        pages.some((r) => typeof r.status === 'number' && r.status >= 500),
        provider,
      ).toBe(true)
      expect(
        emulator.requests.filter((r) => r.provider === provider && r.fault !== undefined).length,
      ).toBeGreaterThan(20)
    }
    // Invalid handles never reached the wire.
    const wire = JSON.stringify(emulator.requests.map((r) => r.params))
    expect(wire).not.toContain('../admin')
    expect(wire).not.toContain('9starts-with-digit')
    expect(wire).not.toContain('arn:aws:s3')
  })
})
