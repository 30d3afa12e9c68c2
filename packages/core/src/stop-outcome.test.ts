import { errAsync, okAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
import {
  alreadyTerminal,
  confirmStopWithGet,
  isAcceptedStopError,
  isAmbiguousStopError,
  settleStop,
  settleStopReply,
  stopResultFromReply,
} from './stop-outcome.js'

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
    ['unknown', 'stop_requested', 'unknown'],
    ['stopped', 'stopped', 'stopped'],
    ['failed', 'already_terminal', 'failed'],
    ['succeeded', 'already_terminal', 'succeeded'],
    ['timed_out', 'already_terminal', 'timed_out'],
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

  it('a get whose 2xx answer cannot be read answers a retryable stop error, without the 2xx status', async () => {
    const unreadable = new RunError({
      code: 'UNKNOWN',
      message: 'GetX answered HTTP 200 with a body that is not JSON.',
      provider: 'p',
      operation: 'get',
      httpStatus: 200,
    })
    const result = await confirmStopWithGet(conflict, () => errAsync(unreadable))
    const error = result._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'UNKNOWN',
      retryable: true,
      operation: 'stop',
      details: { confirming: 'CONFLICT' },
    })
    expect(error.httpStatus).toBeUndefined()
    expect(isAcceptedStopError(error)).toBe(false)
  })

  it('an aborted get answers ABORTED, not the ambiguous original error', async () => {
    const aborted = new RunError({ code: 'ABORTED', message: 'aborted', provider: 'p', operation: 'get' })
    const result = await confirmStopWithGet(conflict, () => errAsync(aborted))
    expect(result._unsafeUnwrapErr().code).toBe('ABORTED')
    expect(result._unsafeUnwrapErr().details).toEqual({ confirming: 'CONFLICT' })
  })
})

describe('settleStopReply: an accepted stop never gets an invented status', () => {
  const reply = (status: RunStatus, providerStatus: string) => ({
    handle,
    status,
    providerStatus,
    reasonRecorded: true,
    requestId: 'r',
    raw: { stop: providerStatus },
  })
  const unavailable = new RunError({ code: 'UNAVAILABLE', message: 'down', provider: 'p', httpStatus: 502 })

  it.each([
    // reply status, its string, the confirming get (undefined: not asked), outcome, status, providerStatus
    ['running', 'Running', undefined, 'stop_requested', 'stopping', 'Running'],
    ['stopped', 'Aborted', undefined, 'stopped', 'stopped', 'Aborted'],
    ['succeeded', 'SUCCESS', undefined, 'already_terminal', 'succeeded', 'SUCCESS'],
    ['unknown', 'Paused', snap('stopped'), 'stopped', 'stopped', 'STOPPED'],
    ['unknown', '', snap('running'), 'stop_requested', 'stopping', 'RUNNING'],
    ['unknown', '', snap('failed'), 'already_terminal', 'failed', 'FAILED'],
    [
      'unknown',
      'Paused',
      snap('unknown', { providerStatus: 'Frozen' }),
      'stop_requested',
      'unknown',
      'Frozen',
    ],
    ['unknown', 'Paused', snap('unknown', { providerStatus: '' }), 'stop_requested', 'unknown', 'Paused'],
    ['unknown', 'Paused', unavailable, 'stop_requested', 'unknown', 'Paused'],
  ] as const)(
    'a reply %s (%j) confirmed by %j is %s / %s / %j',
    async (status, providerStatus, confirm, outcome, normalized, shown) => {
      let gets = 0
      const result = await settleStopReply<RunHandle>(reply(status, providerStatus), () => {
        gets++
        return confirm instanceof RunError ? errAsync(confirm) : okAsync(confirm as RunSnapshot)
      })
      const value = result._unsafeUnwrap()
      expect(gets).toBe(confirm === undefined ? 0 : 1)
      expect(value.outcome).toBe(outcome)
      expect(value.status).toBe(normalized)
      expect(value.providerStatus).toBe(shown)
      expect(value.reasonRecorded).toBe(true)
      expect(value.requestId).toBe('r')
      expect(value.raw).toEqual({ stop: providerStatus })
    },
  )
})

describe('settleStop', () => {
  const get = (snapshot: RunSnapshot) => () => okAsync<RunSnapshot, RunError>(snapshot)
  const context = (snapshot: RunSnapshot) => ({ handle, reasonRecorded: false, get: get(snapshot) })

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [300, false],
    [502, false],
    [undefined, false],
  ] as const)('a stop error with HTTP %s is an accepted stop: %s', (httpStatus, accepted) => {
    const error = new RunError({
      code: 'UNKNOWN',
      message: 'x',
      provider: 'p',
      ...(httpStatus === undefined ? {} : { httpStatus }),
    })
    expect(isAcceptedStopError(error)).toBe(accepted)
  })

  it('confirms a 2xx stop with an unreadable body by one get', async () => {
    const unreadable = new RunError({
      code: 'UNKNOWN',
      message: 'not JSON',
      provider: 'p',
      httpStatus: 200,
      requestId: 'q',
    })
    const result = await settleStop<RunHandle>(errAsync(unreadable), context(snap('stopped')))
    expect(result._unsafeUnwrap()).toMatchObject({ outcome: 'stopped', status: 'stopped', requestId: 'q' })
  })

  it('a 2xx stop with an unreadable body and an unreadable get is unknown, not a failure', async () => {
    const unreadable = new RunError({ code: 'UNKNOWN', message: 'not JSON', provider: 'p', httpStatus: 200 })
    const result = await settleStop<RunHandle>(
      errAsync(unreadable),
      context(snap('unknown', { providerStatus: '' })),
    )
    expect(result._unsafeUnwrap()).toMatchObject({
      outcome: 'stop_requested',
      status: 'unknown',
      providerStatus: '',
    })
  })

  it('passes any other error on untouched, without a get', async () => {
    const conflict = new RunError({ code: 'CONFLICT', message: 'c', provider: 'p', httpStatus: 409 })
    let gets = 0
    const result = await settleStop<RunHandle>(errAsync(conflict), {
      handle,
      reasonRecorded: false,
      get: () => {
        gets++
        return okAsync(snap('stopped'))
      },
    })
    expect(result._unsafeUnwrapErr()).toBe(conflict)
    expect(gets).toBe(0)
  })
})

describe('isAmbiguousStopError', () => {
  const codes = new Set(['ConflictException', 'ExecutionAlreadyCompleted'])
  it.each([
    // providerCode, httpStatus, ambiguous
    ['ConflictException', 409, true],
    ['ExecutionAlreadyCompleted', 400, true],
    ['InvalidArgument', 400, false],
    ['ResourceNotFoundException', 404, false],
    [undefined, 400, true],
    [undefined, 409, true],
    [undefined, 404, false],
    [undefined, 502, false],
    [undefined, undefined, false],
  ] as const)('code %s, HTTP %s: %s', (providerCode, httpStatus, ambiguous) => {
    const error = new RunError({
      code: 'CONFLICT',
      message: 'x',
      provider: 'p',
      ...(providerCode === undefined ? {} : { providerCode }),
      ...(httpStatus === undefined ? {} : { httpStatus }),
    })
    expect(isAmbiguousStopError(error, codes)).toBe(ambiguous)
  })
})
