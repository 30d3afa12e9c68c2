import { describe, expect, it } from 'vitest'
import { createFaultController, type FaultDecision } from './faults.js'

function decisions(seed: number, n: number): FaultDecision['kind'][] {
  const faults = createFaultController(() => 0)
  faults.setMix({ provider: 'bedrock-flows', throttleRate: 0.2, errorRate: 0.1, resetRate: 0.1, seed })
  return Array.from({ length: n }, () => faults.decide('bedrock-flows', 'GetFlowExecution', 'get').kind)
}

describe('fault controller', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = decisions(42, 200)
    expect(decisions(42, 200)).toEqual(a)
    expect(decisions(43, 200)).not.toEqual(a)
  })

  it('mixes faults close to the configured rates', () => {
    const kinds = decisions(7, 10_000)
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length
    expect(share('throttle')).toBeGreaterThan(0.17)
    expect(share('throttle')).toBeLessThan(0.23)
    expect(share('internal')).toBeGreaterThan(0.08)
    expect(share('internal')).toBeLessThan(0.12)
    expect(share('reset')).toBeGreaterThan(0.08)
    expect(share('reset')).toBeLessThan(0.12)
  })

  it('only affects the provider it was set for', () => {
    const faults = createFaultController(() => 0)
    faults.setMix({ provider: 'mwaa-serverless', throttleRate: 1, seed: 1 })
    expect(faults.decide('mwaa-serverless', 'StopWorkflowRun', 'stop').kind).toBe('throttle')
    expect(faults.decide('alibaba-cloudflow', 'StopExecution', 'stop').kind).toBe('none')
  })

  it('answers injected faults for exactly `count` matching requests, by operation or kind', () => {
    const faults = createFaultController(() => 0)
    faults.inject({ provider: 'alibaba-cloudflow', operation: 'stop', code: 'ResourceThrottled', count: 2 })
    expect(faults.decide('alibaba-cloudflow', 'DescribeExecution', 'get').kind).toBe('none')
    expect(faults.decide('alibaba-cloudflow', 'StopExecution', 'stop')).toEqual({
      kind: 'error',
      code: 'ResourceThrottled',
      retryAfterSeconds: undefined,
    })
    expect(faults.decide('alibaba-cloudflow', 'StopExecution', 'stop').kind).toBe('error')
    expect(faults.decide('alibaba-cloudflow', 'StopExecution', 'stop').kind).toBe('none')
  })

  it('drops the connection for an injected reset', () => {
    const faults = createFaultController(() => 0)
    faults.inject({ provider: 'mwaa-serverless', code: 'reset' })
    expect(faults.decide('mwaa-serverless', 'GetWorkflowRun', 'get').kind).toBe('reset')
  })

  it('holds a token-bucket rate limit: requests over the limit are throttled, the rest are not', () => {
    let now = 0
    const faults = createFaultController(() => now)
    faults.setMix({ provider: 'bedrock-flows', rateLimitPerSecond: 10, seed: 1 })
    // A burst of 25 at one instant: the bucket holds one second's worth.
    const burst = Array.from(
      { length: 25 },
      () => faults.decide('bedrock-flows', 'StopFlowExecution', 'stop').kind,
    )
    expect(burst.filter((k) => k === 'none')).toHaveLength(10)
    expect(burst.filter((k) => k === 'throttle')).toHaveLength(15)
    // Then a steady 20 requests a second for 5 seconds: about 10 a second get through.
    let passed = 0
    for (let i = 0; i < 100; i++) {
      now += 50
      if (faults.decide('bedrock-flows', 'StopFlowExecution', 'stop').kind === 'none') passed++
    }
    expect(passed).toBeGreaterThanOrEqual(49)
    expect(passed).toBeLessThanOrEqual(51)
  })

  it('clears everything', () => {
    const faults = createFaultController(() => 0)
    faults.setMix({ throttleRate: 1, latencyMs: 30 })
    faults.inject({ provider: 'mwaa-serverless', code: 'ThrottlingException' })
    expect(faults.latencyMs('alibaba-cloudflow')).toBe(30)
    faults.clear()
    expect(faults.latencyMs('alibaba-cloudflow')).toBe(0)
    expect(faults.decide('mwaa-serverless', 'StopWorkflowRun', 'stop').kind).toBe('none')
  })

  it.each([
    [{ code: 'html' }, { kind: 'page', status: 502, body: 'html' }],
    [
      { code: 'html', httpStatus: 503 },
      { kind: 'page', status: 503, body: 'html' },
    ],
    [{ code: '504' }, { kind: 'page', status: 504, body: 'html' }],
    [{ code: 'empty' }, { kind: 'page', status: 500, body: 'empty' }],
    [
      { code: 'empty', httpStatus: 502 },
      { kind: 'page', status: 502, body: 'empty' },
    ],
    [{ code: 'truncate' }, { kind: 'truncate' }],
    [
      { code: 'body', body: '[]' },
      { kind: 'body', body: '[]' },
    ],
    [{ code: 'body' }, { kind: 'body', body: '' }],
    [
      { code: 'body', body: '{', httpStatus: 500 },
      { kind: 'body', body: '{', status: 500 },
    ],
  ] as const)('turns the injected fault %j into %j', (fault, decision) => {
    const faults = createFaultController(() => 0)
    faults.inject({ provider: 'bedrock-flows', operation: 'get', ...fault })
    expect(faults.decide('bedrock-flows', 'GetFlowExecution', 'get')).toEqual(decision)
    expect(faults.decide('bedrock-flows', 'GetFlowExecution', 'get').kind).toBe('none')
  })

  it('mixes HTML pages, empty pages and truncated bodies close to their rates, seeded', () => {
    const run = (seed: number) => {
      const faults = createFaultController(() => 0)
      faults.setMix({ htmlRate: 0.1, emptyRate: 0.1, truncateRate: 0.1, seed })
      return Array.from({ length: 6_000 }, () => faults.decide('alibaba-cloudflow', 'StopExecution', 'stop'))
    }
    const decisions = run(5)
    expect(run(5)).toEqual(decisions)
    const share = (test: (d: FaultDecision) => boolean) => decisions.filter(test).length / decisions.length
    const html = share((d) => d.kind === 'page' && d.body === 'html')
    const empty = share((d) => d.kind === 'page' && d.body === 'empty')
    expect(html).toBeGreaterThan(0.08)
    expect(html).toBeLessThan(0.12)
    expect(empty).toBeGreaterThan(0.08)
    expect(empty).toBeLessThan(0.12)
    expect(share((d) => d.kind === 'truncate')).toBeGreaterThan(0.08)
    expect(share((d) => d.kind === 'truncate')).toBeLessThan(0.12)
    const statuses = new Set(decisions.flatMap((d) => (d.kind === 'page' ? [`${d.body} ${d.status}`] : [])))
    expect([...statuses].sort()).toEqual([
      'empty 500',
      'empty 502',
      'empty 503',
      'html 502',
      'html 503',
      'html 504',
    ])
  })

  it('adds latency to one operation of one provider only', () => {
    const faults = createFaultController(() => 0)
    faults.setMix({ provider: 'mwaa-serverless', operationLatencyMs: { stop: 4_000 } })
    faults.setMix({ provider: 'bedrock-flows', latencyMs: 10, operationLatencyMs: { GetFlowExecution: 500 } })
    expect(faults.latencyMs('mwaa-serverless', 'StopWorkflowRun', 'stop')).toBe(4_000)
    expect(faults.latencyMs('mwaa-serverless', 'GetWorkflowRun', 'get')).toBe(0)
    expect(faults.latencyMs('bedrock-flows', 'GetFlowExecution', 'get')).toBe(510)
    expect(faults.latencyMs('bedrock-flows', 'StopFlowExecution', 'stop')).toBe(10)
    expect(faults.latencyMs('alibaba-cloudflow', 'StopExecution', 'stop')).toBe(0)
  })
})
