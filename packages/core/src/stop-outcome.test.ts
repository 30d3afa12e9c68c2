import { errAsync, okAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { RunError } from './run-error.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
import { alreadyTerminal, confirmStopWithGet, stopResultFromReply } from './stop-outcome.js'

const handle = { provider: 'p', id: '1' }
const snap = (status: RunStatus, extra: Partial<RunSnapshot> = {}): RunSnapshot => ({
  handle,
  status,
  providerStatus: status.toUpperCase(),
  raw: { s: status },
  ...extra,
})

describe('stopResultFromReply', () => {
  it.each([
    ['running', 'stop_requested', 'stopping'],
    ['pending', 'stop_requested', 'stopping'],
    ['stopping', 'stop_requested', 'stopping'],
    ['unknown', 'stop_requested', 'stopping'],
    ['stopped', 'stopped', 'stopped'],
    ['failed', 'stopped', 'failed'],
    ['succeeded', 'stopped', 'succeeded'],
    ['timed_out', 'stopped', 'timed_out'],
  ] as const)('a reply saying %s is %s with status %s', (status, outcome, normalized) => {
    const result = stopResultFromReply({
      handle,
      status,
      providerStatus: 'Running',
      reasonRecorded: true,
      requestId: 'r',
      raw: {},
    })
    expect(result.outcome).toBe(outcome)
    expect(result.status).toBe(normalized)
    // The provider's own word is kept even where the normalized status says stopping.
    expect(result.providerStatus).toBe('Running')
    expect(result.reasonRecorded).toBe(true)
    expect(result.requestId).toBe('r')
  })
})

describe('alreadyTerminal', () => {
  it('copies the snapshot, with requestId only when present', () => {
    const plain = alreadyTerminal(snap('succeeded'))
    expect(plain).toEqual({
      handle,
      outcome: 'already_terminal',
      status: 'succeeded',
      providerStatus: 'SUCCEEDED',
      reasonRecorded: false,
      raw: { s: 'succeeded' },
    })
    expect('requestId' in plain).toBe(false)
    expect(alreadyTerminal(snap('failed', { requestId: 'q' }), true)).toMatchObject({
      requestId: 'q',
      reasonRecorded: true,
      status: 'failed',
    })
  })
})

describe('confirmStopWithGet', () => {
  const conflict = new RunError({ code: 'CONFLICT', message: 'conflict', provider: 'p' })

  it.each([
    ['succeeded', 'already_terminal'],
    ['failed', 'already_terminal'],
    ['timed_out', 'already_terminal'],
    ['stopped', 'already_terminal'],
    ['stopping', 'stop_requested'],
  ] as const)('a run that is %s gives %s', async (status, outcome) => {
    const result = await confirmStopWithGet(conflict, () => okAsync(snap(status)))
    expect(result._unsafeUnwrap().outcome).toBe(outcome)
    expect(result._unsafeUnwrap().status).toBe(status)
  })

  it.each(['pending', 'running', 'unknown'] as const)(
    'a run still %s keeps the original error',
    async (status) => {
      const result = await confirmStopWithGet(conflict, () => okAsync(snap(status)))
      expect(result._unsafeUnwrapErr()).toBe(conflict)
    },
  )

  it('a get failing for good keeps the original error', async () => {
    const notFound = new RunError({ code: 'NOT_FOUND', message: 'gone', provider: 'p' })
    const result = await confirmStopWithGet(conflict, () => errAsync(notFound))
    expect(result._unsafeUnwrapErr()).toBe(conflict)
  })

  it('a get failing transiently answers its retryable error, so the stop is retried', async () => {
    const throttled = new RunError({
      code: 'THROTTLED',
      message: 'slow down',
      provider: 'p',
      retryAfterMs: 100,
    })
    const conflictWithCode = conflict.with({ providerCode: 'ConflictException', operation: 'stop' })
    const result = await confirmStopWithGet(conflictWithCode, () =>
      errAsync(throttled.with({ operation: 'get' })),
    )
    const error = result._unsafeUnwrapErr()
    expect(error.code).toBe('THROTTLED')
    expect(error.retryable).toBe(true)
    expect(error.retryAfterMs).toBe(100)
    expect(error.operation).toBe('stop')
    expect(error.details).toEqual({ confirming: 'ConflictException' })
    expect(error.message).toContain('while confirming the ConflictException')
  })

  it('an aborted get answers ABORTED, not the ambiguous original error', async () => {
    const aborted = new RunError({ code: 'ABORTED', message: 'aborted', provider: 'p', operation: 'get' })
    const result = await confirmStopWithGet(conflict, () => errAsync(aborted))
    expect(result._unsafeUnwrapErr().code).toBe('ABORTED')
    expect(result._unsafeUnwrapErr().details).toEqual({ confirming: 'CONFLICT' })
  })
})
