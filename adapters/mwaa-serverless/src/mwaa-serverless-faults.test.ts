import { createRunController, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMwaaServerlessAdapter, PROVIDER } from './index.js'

let emulator: Emulator
beforeAll(async () => {
  // A long stopping window, so a confirming read sees STOPPING.
  emulator = await startEmulator({ stopDelayMs: 5_000 })
})
afterAll(async () => {
  await emulator?.close()
})
afterEach(() => {
  emulator.clearFaults()
})

const adapter = () =>
  createMwaaServerlessAdapter({
    endpoint: emulator.endpoints.mwaaServerless,
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
  emulator.runs(PROVIDER).find((run) => run.key.endsWith(`|${handle.runId}`))?.status

describe('MWAA Serverless: malformed and slow answers', () => {
  it.each([
    ['an empty 200', ''],
    ['a JSON array', '[1,2]'],
    ['an unknown status', '{"RunId":"r","Status":"PAUSED"}'],
    ['an HTML 200', '<html><body>OK</body></html>'],
  ])(
    'an accepted stop answering %s is confirmed by one get, never an invented status',
    async (_name, body) => {
      const handle = emulator.createRun(PROVIDER)
      emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body })
      const { value, answers } = await answersDuring(() => runs().stop(handle))
      expect(value._unsafeUnwrap()).toMatchObject({
        outcome: 'stop_requested',
        status: 'stopping',
        providerStatus: 'STOPPING',
      })
      expect(answers).toEqual(['StopWorkflowRun:200', 'GetWorkflowRun:200'])
      expect(stored(handle)).toBe('STOPPING')
    },
  )

  it('an accepted stop whose confirming get is unreadable too is status unknown with the provider string', async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'body', body: '{"Status":"PAUSED"}' })
    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'html', httpStatus: 503 })
    const { value, answers } = await answersDuring(() => runs().stop(handle))
    expect(value._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: 'PAUSED',
    })
    expect(answers).toEqual(['StopWorkflowRun:200', 'GetWorkflowRun:503'])
  })

  it.each([
    ['an HTML 502 page', { code: 'html', httpStatus: 502 }, 502],
    ['an empty 500', { code: 'empty' }, 500],
    ['a cut-off 500', { code: 'body', httpStatus: 500, body: '{"__type":"com.amaz' }, 500],
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
    const handle = emulator.createRun(PROVIDER, { status: 'SUCCESS' })
    emulator.injectFault({ provider: PROVIDER, operation: 'stop', code: 'truncate' })
    const first = await answersDuring(() => runs().stop(handle))
    expect(first.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(first.answers).toEqual(['StopWorkflowRun:400', 'GetWorkflowRun:200'])

    emulator.injectFault({ provider: PROVIDER, operation: 'get', code: 'truncate' })
    const second = await answersDuring(() => runs().stop(handle))
    expect(second.value._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(second.answers).toEqual([
      'StopWorkflowRun:400',
      'GetWorkflowRun:200',
      'StopWorkflowRun:400',
      'GetWorkflowRun:200',
    ])
  })

  it('an answer taking 4 s within a 20 s deadline succeeds with one request', {
    timeout: 30_000,
  }, async () => {
    const handle = emulator.createRun(PROVIDER)
    emulator.setFaults({ provider: PROVIDER, operationLatencyMs: { stop: 4_000 } })
    const { value, answers } = await answersDuring(() => runs().stop(handle, { timeoutMs: 20_000 }))
    expect(value._unsafeUnwrap()).toMatchObject({ outcome: 'stop_requested' })
    expect(answers).toEqual(['StopWorkflowRun:200'])
  })
})
