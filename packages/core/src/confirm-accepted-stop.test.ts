import { errAsync, okAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { confirmAcceptedStop } from './confirm-accepted-stop.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'
import { awsClientConfig } from './sdk-adapter-settings.js'

const handle: RunHandle = { provider: 'p', id: 'x' }
const stoppedAt = new Date('2026-01-01T00:00:10Z')
const snapshot = (status: RunStatus, providerStatus: string, endedAt?: Date): RunSnapshot => ({
  handle,
  status,
  providerStatus,
  ...(endedAt ? { endedAt } : {}),
  raw: { providerStatus },
})
const confirm = (get: () => ReturnType<Parameters<typeof confirmAcceptedStop>[1]>) =>
  confirmAcceptedStop({ handle, stoppedAt, reasonRecorded: true, requestId: 'r1', raw: { stopDate: 1 } }, get)

describe('confirmAcceptedStop', () => {
  it.each([
    ['stopped by this stop', snapshot('stopped', 'ABORTED', stoppedAt), 'stopped', 'stopped', true],
    [
      'stopped earlier',
      snapshot('stopped', 'ABORTED', new Date('2026-01-01T00:00:01Z')),
      'already_terminal',
      'stopped',
      false,
    ],
    [
      'finished',
      snapshot('succeeded', 'SUCCEEDED', new Date('2026-01-01T00:00:01Z')),
      'already_terminal',
      'succeeded',
      false,
    ],
    ['still running (the read lags)', snapshot('running', 'RUNNING'), 'stop_requested', 'stopping', true],
    ['pending', snapshot('pending', 'PENDING_REDRIVE'), 'stop_requested', 'stopping', true],
  ] as const)('%s → %s', async (_case, read, outcome, status, reasonRecorded) => {
    const result = (await confirm(() => okAsync(read)))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome, status, providerStatus: read.providerStatus, reasonRecorded })
  })

  it('keeps an accepted stop when the read fails: stop_requested, no provider status invented', async () => {
    const failed = errAsync(new RunError({ code: 'THROTTLED', message: 'slow down', provider: 'p' }))
    const result = (await confirm(() => failed))._unsafeUnwrap()
    expect(result).toMatchObject({
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: '',
      requestId: 'r1',
    })
    expect(result.raw).toEqual({ stopDate: 1 })
  })
})

describe('awsClientConfig', () => {
  it('builds an AWS client config with maxAttempts 1 and only the settings given', () => {
    expect(awsClientConfig({}, undefined)).toEqual({ maxAttempts: 1 })
    expect(awsClientConfig({ endpoint: 'http://h:1', credentials: { a: 1 } }, 'eu-west-1')).toEqual({
      maxAttempts: 1,
      region: 'eu-west-1',
      endpoint: 'http://h:1',
      credentials: { a: 1 },
    })
  })
})
