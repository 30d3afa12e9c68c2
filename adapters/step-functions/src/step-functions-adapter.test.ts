import { createRunController, RunError, type RunHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createStepFunctionsAdapter } from './index.js'
import type { StepFunctionsHandle } from './step-functions-handle.js'

// The adapter over real HTTP: the official @aws-sdk/client-sfn against the emulator.

let emulator: Emulator
/** A stop takes effect at once here; in `emulator` it takes a minute (Describe still says RUNNING). */
let instant: Emulator
const live = () => new AbortController().signal

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 60_000 })
  instant = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
  await instant?.close()
})
beforeEach(() => {
  emulator.clearFaults()
  instant.clearFaults()
})

const adapterFor = (emu: Emulator, settings = {}) =>
  createStepFunctionsAdapter({
    endpoint: emu.endpoints.stepFunctions,
    credentials: emu.credentials.aws,
    ...settings,
  })
const valid = (adapter: ReturnType<typeof adapterFor>, handle: RunHandle) =>
  adapter.validate(handle)._unsafeUnwrap()
const storedRun = (emu: Emulator, handle: StepFunctionsHandle) =>
  emu.runs('step-functions').find((run) => run.key === handle.executionArn)

describe('createStepFunctionsAdapter: get', () => {
  it('reads an execution with its dates, and a failed one with error: cause as errorMessage', async () => {
    const adapter = adapterFor(emulator)
    const failed = valid(
      adapter,
      emulator.createRun('step-functions', { status: 'FAILED', errorMessage: 'card declined' }),
    )
    const snapshot = (await adapter.doGet(failed, { signal: live() }))._unsafeUnwrap()
    expect(snapshot).toMatchObject({
      status: 'failed',
      providerStatus: 'FAILED',
      errorMessage: 'States.TaskFailed: card declined',
    })
    expect(snapshot.startedAt).toBeInstanceOf(Date)
    expect(snapshot.endedAt).toBeInstanceOf(Date)
    expect(snapshot.requestId).toBeTruthy()
    expect((snapshot.raw as { executionArn: string }).executionArn).toBe(failed.executionArn)
  })

  it('sends each call to the region of its execution ARN', async () => {
    const adapter = adapterFor(emulator)
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      const handle = valid(adapter, emulator.createRun('step-functions', { region }))
      expect((await adapter.doGet(handle, { signal: live() }))._unsafeUnwrap().status).toBe('running')
      expect(emulator.requests.at(-1)?.region).toBe(region)
    }
  })
})

describe('createStepFunctionsAdapter: stop', () => {
  it('stops a running execution (stopped), recording reason as cause and errorCode as error', async () => {
    const adapter = adapterFor(instant)
    const handle = valid(adapter, instant.createRun('step-functions'))
    const result = await adapter.doStop(handle, {
      reason: 'incident 4711',
      errorCode: 'Ops.Cancelled',
      signal: live(),
    })
    expect(result._unsafeUnwrap()).toMatchObject({
      outcome: 'stopped',
      status: 'stopped',
      providerStatus: 'ABORTED',
      reasonRecorded: true,
    })
    expect(storedRun(instant, handle)).toMatchObject({
      status: 'ABORTED',
      cause: 'incident 4711',
      error: 'Ops.Cancelled',
    })
    const ops = instant.requests.slice(-2).map((r) => r.operation)
    expect(ops).toEqual(['StopExecution', 'DescribeExecution'])
  })

  it('answers stop_requested while DescribeExecution still says RUNNING', async () => {
    const adapter = adapterFor(emulator)
    const handle = valid(adapter, emulator.createRun('step-functions'))
    const result = (await adapter.doStop(handle, { signal: live() }))._unsafeUnwrap()
    expect(result).toMatchObject({
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: 'RUNNING',
      reasonRecorded: false,
    })
  })

  it('answers already_terminal for a finished execution, whose stop the service answers with success', async () => {
    const adapter = adapterFor(instant)
    for (const [providerStatus, status] of [
      ['SUCCEEDED', 'succeeded'],
      ['FAILED', 'failed'],
      ['TIMED_OUT', 'timed_out'],
      ['ABORTED', 'stopped'],
    ] as const) {
      const handle = valid(adapter, instant.createRun('step-functions', { status: providerStatus }))
      await new Promise((resolve) => setTimeout(resolve, 5)) // so the stop's date is later than the end
      const result = (await adapter.doStop(handle, { reason: 'late', signal: live() }))._unsafeUnwrap()
      expect(result).toMatchObject({
        outcome: 'already_terminal',
        status,
        providerStatus,
        reasonRecorded: false,
      })
      expect(storedRun(instant, handle)?.cause).not.toBe('late')
    }
  })

  it('stops a pending (PENDING_REDRIVE) execution', async () => {
    const adapter = adapterFor(instant)
    const handle = valid(adapter, instant.createRun('step-functions', { status: 'PENDING_REDRIVE' }))
    expect((await adapter.doStop(handle, { signal: live() }))._unsafeUnwrap().outcome).toBe('stopped')
  })

  it('keeps an accepted stop when the confirming DescribeExecution is throttled: stop_requested', async () => {
    const adapter = adapterFor(instant)
    const handle = valid(adapter, instant.createRun('step-functions'))
    instant.injectFault({
      provider: 'step-functions',
      operation: 'DescribeExecution',
      code: 'ThrottlingException',
    })
    const result = (await adapter.doStop(handle, { signal: live() }))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'stop_requested', status: 'stopping', providerStatus: '' })
    expect(storedRun(instant, handle)?.status).toBe('ABORTED')
  })

  it('refuses a reason over 32,768 or an errorCode over 256 characters locally', async () => {
    const adapter = adapterFor(instant)
    const handle = valid(adapter, instant.createRun('step-functions'))
    const before = instant.requests.length
    for (const ctx of [{ reason: 'r'.repeat(32_769) }, { errorCode: 'e'.repeat(257) }]) {
      const error = (await adapter.doStop(handle, { ...ctx, signal: live() }))._unsafeUnwrapErr()
      expect(error).toMatchObject({ code: 'VALIDATION', operation: 'stop' })
    }
    expect(instant.requests.length).toBe(before)
    const fits = await adapter.doStop(handle, {
      reason: 'r'.repeat(32_768),
      errorCode: 'e'.repeat(256),
      signal: live(),
    })
    expect(fits._unsafeUnwrap().outcome).toBe('stopped')
  })
})

describe('createStepFunctionsAdapter: errors and settings', () => {
  it('maps the errors the service answers with HTTP 400 by name: a throttle stays THROTTLED', async () => {
    const adapter = adapterFor(emulator)
    const handle = valid(adapter, emulator.createRun('step-functions'))
    for (const [code, expected, retryable] of [
      ['ThrottlingException', 'THROTTLED', true],
      ['KmsThrottlingException', 'THROTTLED', true],
      ['KmsAccessDeniedException', 'ACCESS_DENIED', false],
      ['KmsInvalidStateException', 'DEPENDENCY_FAILED', false],
      ['InvalidArn', 'VALIDATION', false],
    ] as const) {
      emulator.injectFault({ provider: 'step-functions', code })
      const error = (await adapter.doGet(handle, { signal: live() }))._unsafeUnwrapErr()
      expect(error, code).toMatchObject({
        code: expected,
        retryable,
        httpStatus: 400,
        providerCode: code,
        operation: 'get',
      })
    }
    emulator.injectFault({ provider: 'step-functions', code: '502' })
    expect((await adapter.doStop(handle, { signal: live() }))._unsafeUnwrapErr()).toMatchObject({
      code: 'UNAVAILABLE',
      httpStatus: 502,
    })
  })

  it('sends nothing for an Express execution: NOT_SUPPORTED', async () => {
    const adapter = adapterFor(emulator)
    const express = emulator.createRun('step-functions', {
      ids: { stateMachineName: 'quick', type: 'EXPRESS' },
    })
    const before = emulator.requests.length
    expect(adapter.validate(express)._unsafeUnwrapErr().code).toBe('NOT_SUPPORTED')
    // The controller validates once; the SPI's doStop takes only what validate returned.
    const stopped = await createRunController({ adapters: [adapter], retry: false }).stop(express)
    expect(stopped._unsafeUnwrapErr().code).toBe('NOT_SUPPORTED')
    expect(emulator.requests.length).toBe(before)
  })

  it('keeps the secret key out of an authentication error', async () => {
    const secretAccessKey = 'wrong-secret-key-that-must-not-leak'
    const adapter = adapterFor(emulator, {
      credentials: { accessKeyId: emulator.credentials.aws.accessKeyId, secretAccessKey },
    })
    const handle = valid(adapter, emulator.createRun('step-functions'))
    const error = (await adapter.doGet(handle, { signal: live() }))._unsafeUnwrapErr()
    expect(RunError.is(error)).toBe(true)
    expect(error.code).toBe('UNAUTHENTICATED')
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause)}`).not.toContain(secretAccessKey)
  })

  it('uses a client function per region as given, and refuses other regions with one client', async () => {
    const { SFNClient } = await import('@aws-sdk/client-sfn')
    const asked: (string | undefined)[] = []
    const make = (region: string | undefined) => {
      asked.push(region)
      return new SFNClient({
        region,
        endpoint: instant.endpoints.stepFunctions,
        credentials: instant.credentials.aws,
        maxAttempts: 1,
      })
    }
    const perRegion = createStepFunctionsAdapter({ client: make })
    const handle = valid(perRegion, instant.createRun('step-functions', { region: 'eu-north-1' }))
    expect((await perRegion.doGet(handle, { signal: live() }))._unsafeUnwrap().status).toBe('running')
    expect(asked).toEqual(['eu-north-1'])
    const one = createStepFunctionsAdapter({ client: make('us-east-1'), region: 'us-east-1' })
    expect(one.capabilities.perHandleRegion).toBe(false)
    expect(one.validate(handle)._unsafeUnwrapErr().message).toContain('one client')
    const here = valid(one, instant.createRun('step-functions', { region: 'us-east-1' }))
    expect((await one.doStop(here, { signal: live() }))._unsafeUnwrap().outcome).toBe('stopped')
  })
})
