import { createRunController, type ListContext, type RunStatus } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStepFunctionsAdapter } from './index.js'
import { listInput, statusFilterOf, validateScope } from './list-step-functions-runs.js'

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine'
const live = () => new AbortController().signal

describe('statusFilterOf: statusFilter only for exactly one status the service filters by', () => {
  it.each<[RunStatus[] | undefined, string | undefined]>([
    [undefined, undefined],
    [['running'], 'RUNNING'],
    [['stopped'], 'ABORTED'],
    [['timed_out'], 'TIMED_OUT'],
    [['pending'], undefined], // PENDING_REDRIVE is refused with a stateMachineArn
    [['stopping'], undefined], // no ExecutionStatus maps to it
    [['unknown'], undefined],
    [['running', 'failed'], undefined],
  ])('%j → %s', (statuses, filter) => {
    expect(statusFilterOf(statuses)).toBe(filter)
  })
})

describe('the ListExecutions input', () => {
  const scope = { provider: 'step-functions' as const, stateMachineArn: `${MACHINE}:m` }
  /** The input of the one command the adapter sends for a page, from a client that records it. */
  const inputOf = async (ctx: Omit<ListContext, 'signal'>) => {
    const sent: unknown[] = []
    const client = {
      send: async (command: { input: unknown }) => {
        sent.push(command.input)
        return {} as never
      },
    }
    await createStepFunctionsAdapter({ client: () => client }).doList?.(scope, { signal: live(), ...ctx })
    return sent[0] as Record<string, unknown>
  }
  it.each([
    [undefined, undefined],
    [0, 0],
    [7, 7],
    [1000, 1000],
    [5000, 1000],
  ])('pageSize %s → maxResults %s', async (pageSize, maxResults) => {
    expect((await inputOf(pageSize === undefined ? {} : { pageSize })).maxResults).toBe(maxResults)
  })
  it('passes the page token as nextToken, and statusFilter for one status', async () => {
    expect(await inputOf({ pageToken: 't' })).toEqual({
      stateMachineArn: scope.stateMachineArn,
      nextToken: 't',
    })
    expect(listInput(scope, { signal: live(), statuses: ['running'] })).toEqual({
      stateMachineArn: scope.stateMachineArn,
      statusFilter: 'RUNNING',
    })
  })
})

describe('validateScope', () => {
  it('gives the canonical scope and refuses others with VALIDATION (operation list)', () => {
    expect(
      validateScope({
        provider: 'step-functions',
        stateMachineArn: `${MACHINE}:m`,
        region: 'us-east-1',
      })._unsafeUnwrap(),
    ).toEqual({
      provider: 'step-functions',
      stateMachineArn: `${MACHINE}:m`,
    })
    const adapter = createStepFunctionsAdapter()
    for (const stateMachineArn of [
      `${MACHINE}:a:b`,
      `${MACHINE}:${'m'.repeat(250)}`,
      'arn:aws:states:us-east-1:1:stateMachine:m',
    ]) {
      const error = adapter
        .validateScope?.({ provider: 'step-functions', stateMachineArn })
        ._unsafeUnwrapErr()
      expect(error?.code).toBe('VALIDATION')
      expect(error?.operation).toBe('list')
    }
  })
})

describe('listing against the emulator (@aws-sdk/client-sfn)', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(() => emulator?.close())
  const adapterFor = () =>
    createStepFunctionsAdapter({
      endpoint: emulator.endpoints.stepFunctions,
      credentials: emulator.credentials.aws,
    })

  it('lists PENDING_REDRIVE runs by filtering client-side: the service is never asked for that filter', async () => {
    const ids = { stateMachineName: 'redrive' }
    const pending = emulator.createRun('step-functions', { ids, status: 'PENDING_REDRIVE' })
    emulator.createRun('step-functions', { ids, status: 'RUNNING' })
    const runs = createRunController({ adapters: [adapterFor()], retry: false })
    const before = emulator.requests.length
    const listed = []
    for await (const item of runs.listRuns(
      { provider: 'step-functions', stateMachineArn: `${MACHINE}:redrive` },
      { statuses: ['pending'] },
    ))
      listed.push(item._unsafeUnwrap())
    expect(listed.map((s) => s.handle)).toEqual([pending])
    expect(listed[0]?.status).toBe('pending')
    const sent = emulator.requests.slice(before)
    expect(sent.map((r) => r.errorCode)).toEqual([undefined])
  })

  it('lists newest first, with dates and handles the adapter accepts', async () => {
    const ids = { stateMachineName: 'order' }
    const first = emulator.createRun('step-functions', { ids, status: 'SUCCEEDED' })
    const second = emulator.createRun('step-functions', { ids })
    const adapter = adapterFor()
    const scope = adapter
      .validateScope?.({ provider: 'step-functions', stateMachineArn: `${MACHINE}:order` })
      ._unsafeUnwrap()
    const page = (await adapter.doList?.(scope as never, { signal: live() }))?._unsafeUnwrap()
    expect(page?.runs.map((r) => r.handle)).toEqual([second, first])
    expect(page?.runs[1]?.endedAt).toBeInstanceOf(Date)
    expect(page?.runs[0]?.startedAt).toBeInstanceOf(Date)
    expect(page?.nextPageToken).toBeUndefined()
  })

  it('answers an Express state machine with NOT_SUPPORTED', async () => {
    emulator.createRun('step-functions', { ids: { stateMachineName: 'fast', type: 'EXPRESS' } })
    const adapter = adapterFor()
    const result = await adapter.doList?.(
      { provider: 'step-functions', stateMachineArn: `${MACHINE}:fast` },
      { signal: live() },
    )
    expect(result?._unsafeUnwrapErr().code).toBe('NOT_SUPPORTED')
    expect(result?._unsafeUnwrapErr().message).toContain('ListExecutions')
  })
})
