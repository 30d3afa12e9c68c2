import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBedrockFlowsAdapter } from './bedrock-flows-adapter.js'

const PROVIDER = 'bedrock-flows'
let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})
afterEach(() => {
  emulator.clearFaults()
})

const adapter = () =>
  createBedrockFlowsAdapter({
    region: 'us-east-1',
    endpoint: emulator.endpoints.bedrockFlows,
    credentials: emulator.credentials.aws,
  })
const runs = () =>
  createRunController({ adapters: [adapter()], retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } })

/** What the emulator answered while `work` ran: `Operation:status`. */
async function answersDuring<T>(work: () => PromiseLike<T>): Promise<{ value: T; answers: string[] }> {
  const before = emulator.requests.length
  const value = await work()
  return { value, answers: emulator.requests.slice(before).map((r) => `${r.operation}:${r.status}`) }
}

const stored = (handle: RunHandle) =>
  emulator.runs(PROVIDER).find((run) => run.key.endsWith(`|${handle.executionIdentifier}`))?.status

describe('Bedrock flows: malformed and slow answers', () => {
  it.each([
    ['an empty 200', ''],
    ['a JSON array', '[1,2]'],
    ['an unknown status', '{"executionArn":"arn:x","status":"Paused"}'],
    ['an HTML 200', '<html><body>OK</body></html>'],
  ])(
    'an accepted stop answering %s is confirmed by one get, never an invented status',
    async (_name, body) => {
      const handle = emulator.createRun(PROVIDER)
      emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body })
      const { value, answers } = await answersDuring(() => runs().stop(handle))
      expect(value._unsafeUnwrap()).toMatchObject({
        outcome: 'stopped',
        status: 'stopped',
        providerStatus: 'Aborted',
      })
      expect(answers).toEqual(['StopFlowExecution:200', 'GetFlowExecution:200'])
      expect(stored(handle)).toBe('Aborted')
    },
  )

  it('an accepted stop whose confirming get is unreadable too is status unknown with the provider string', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body: '{"status":"Paused"}' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'body', body: '{"status":"Frozen"}' })
    const first = await answersDuring(() => runs().stop(handle))
    expect(first.value._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: 'Frozen',
    })
    expect(first.answers).toEqual(['StopFlowExecution:200', 'GetFlowExecution:200'])

    const other = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body: '' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'empty', httpStatus: 502 })
    const second = await answersDuring(() => runs().stop(other))
    expect(second.value._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: '',
    })
    // One confirming get and no second stop: the provider did accept the first one.
    expect(second.answers).toEqual(['StopFlowExecution:200', 'GetFlowExecution:502'])
  })

  it.each([
    ['an HTML 502 page', { code: 'html', httpStatus: 502 }, 502],
    ['an empty 500', { code: 'empty' }, 500],
    ['a cut-off 503', { code: 'body', httpStatus: 503, body: '{"message":"Serv' }, 503],
  ] as const)(
    '%s on a stop or a get is a retryable UNAVAILABLE with its HTTP status',
    async (_name, fault, status) => {
      const runAdapter = adapter()
      const handle = runAdapter.validate(emulator.createRun(PROVIDER))._unsafeUnwrap()
      const signal = new AbortController().signal
      for (const operation of ['get', 'stop'] as const) {
        emulator.injectFault({ provider: PROVIDER, operation, ...fault })
        const result =
          operation === 'get'
            ? await runAdapter.doGet(handle, { signal })
            : await runAdapter.doStop(handle, { signal })
        expect(result._unsafeUnwrapErr()).toMatchObject({
          code: 'UNAVAILABLE',
          retryable: true,
          httpStatus: status,
        })
      }
    },
  )

  it('a cut-off stop error for a finished run is confirmed by one get; a cut-off confirming get retries the stop', async () => {
    const handle = emulator.createRun(PROVIDER, { status: 'Succeeded' })
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'truncate' })
    const first = await answersDuring(() => runs().stop(handle))
    expect(first.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(first.answers).toEqual(['StopFlowExecution:409', 'GetFlowExecution:200'])

    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'truncate' })
    const second = await answersDuring(() => runs().stop(handle))
    expect(second.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(second.answers).toEqual([
      'StopFlowExecution:409',
      'GetFlowExecution:200',
      'StopFlowExecution:409',
      'GetFlowExecution:200',
    ])
  })

  it('an answer taking 4 s within a 20 s deadline succeeds with one request', {
    timeout: 30_000,
  }, async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.setFaults({ provider: PROVIDER, operationLatencyMs: { stop: 4_000 } })
    const { value, answers } = await answersDuring(() => runs().stop(handle, { timeoutMs: 20_000 }))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'stopped' })
    expect(answers).toEqual(['StopFlowExecution:200'])
  })
})
