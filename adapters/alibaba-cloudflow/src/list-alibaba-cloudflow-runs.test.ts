import { createRequire } from 'node:module'
import { createRunController, type RunHandle, type RunStatus, statusPasses } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AlibabaCloudFlowClient, createAlibabaCloudFlowAdapter, validateScope } from './index.js'
import { pageOf } from './list-alibaba-cloudflow-runs.js'
import { STATUS_TABLE } from './map-alibaba-cloudflow-status.js'

const require = createRequire(import.meta.url)
const FnFClient = require('@alicloud/fnf-2019-03-15') as new (config: {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}) => AlibabaCloudFlowClient

let emulator: Emulator
let flows = 0

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.clearFaults()
  emulator.clearRequests()
})

const TRANSPORTS = [
  {
    name: 'the built-in client',
    adapter: () =>
      createAlibabaCloudFlowAdapter({
        endpoint: emulator.endpoints.alibabaCloudFlow,
        credentials: emulator.credentials.alibaba,
      }),
  },
  {
    name: 'a @alicloud/fnf-2019-03-15 client',
    adapter: () =>
      createAlibabaCloudFlowAdapter({
        client: new FnFClient({
          endpoint: emulator.endpoints.alibabaCloudFlow,
          ...emulator.credentials.alibaba,
        }),
      }),
  },
]

function flowWith(statuses: string[]): { flowName: string; handles: RunHandle[] } {
  const flowName = `incident_flow_${++flows}`
  return {
    flowName,
    handles: statuses.map((status) => emulator.createRun('alibaba-cloudflow', { ids: { flowName }, status })),
  }
}

const listed = () => emulator.requests.filter((r) => r.operation === 'ListExecutions')

describe.each(TRANSPORTS)('Alibaba CloudFlow listing through $name', (transport) => {
  it('filters on the service side, one Status per pass, across pages of 99', async () => {
    const { flowName, handles } = flowWith([
      ...Array(120).fill('Running'),
      ...Array(3).fill('Starting'),
      ...Array(5).fill('Succeeded'),
    ])
    const runs = createRunController({ adapters: [transport.adapter()] })
    const names: string[] = []
    for await (const item of runs.listRuns(
      { provider: 'alibaba-cloudflow', flowName },
      { statuses: ['pending', 'running'] },
    )) {
      const run = item._unsafeUnwrap()
      expect(['pending', 'running']).toContain(run.status)
      names.push(run.handle.executionName as string)
    }
    expect(names.sort()).toEqual(
      handles
        .slice(0, 123)
        .map((h) => h.executionName)
        .sort(),
    )
    expect(listed().map((r) => [r.params.Status, r.params.Limit])).toEqual([
      ['Starting', '99'],
      ['Running', '99'],
      ['Running', '99'],
    ])
  })

  it('stopAll stops every active execution (the listing keeps its place while they stop)', async () => {
    const { flowName } = flowWith([...Array(150).fill('Running'), 'Failed'])
    const runs = createRunController({ adapters: [transport.adapter()] })
    const report = await runs.stopAll({ provider: 'alibaba-cloudflow', flowName }, { reason: 'incident 42' })
    expect(report.total).toBe(150)
    expect(report.failed).toEqual([])
    const stored = emulator.runs('alibaba-cloudflow').filter((r) => r.key.startsWith(`${flowName}/`))
    expect(stored.filter((r) => r.status === 'Stopped')).toHaveLength(150)
    expect(stored.filter((r) => r.status === 'Stopped').every((r) => r.cause === 'incident 42')).toBe(true)
  })

  it('answers NOT_FOUND (FlowNotExists) for a flow with no execution', async () => {
    const runs = createRunController({ adapters: [transport.adapter()], retry: false })
    const items = []
    for await (const item of runs.listRuns({ provider: 'alibaba-cloudflow', flowName: 'no_such_flow' }))
      items.push(item)
    expect(items).toHaveLength(1)
    expect(items[0]?._unsafeUnwrapErr()).toMatchObject({
      code: 'NOT_FOUND',
      providerCode: 'FlowNotExists',
      operation: 'list',
    })
  })
})

describe('Alibaba CloudFlow listing: pure parts', () => {
  it.each<[RunStatus[] | undefined, (string | undefined)[]]>([
    [undefined, [undefined]],
    [
      ['pending', 'running'],
      ['Starting', 'Running'],
    ],
    [['running', 'running'], ['Running']],
    [['stopping'], []],
    [['running', 'unknown'], [undefined]],
    [
      ['stopped', 'timed_out'],
      ['Stopped', 'TimedOut'],
    ],
  ])('statusPasses(%j) is %j', (statuses, passes) => {
    expect(statusPasses(STATUS_TABLE, statuses)).toEqual(passes)
  })

  it('refuses a page token it did not make, sending nothing', async () => {
    const adapter = createAlibabaCloudFlowAdapter({
      endpoint: emulator.endpoints.alibabaCloudFlow,
      credentials: emulator.credentials.alibaba,
    })
    const scope = validateScope({ provider: 'alibaba-cloudflow', flowName: 'f' })._unsafeUnwrap()
    const doList = adapter.doList?.bind(adapter)
    for (const pageToken of ['garbage', '7.abc'])
      expect(
        (await doList?.(scope, { pageToken, signal: new AbortController().signal }))?._unsafeUnwrapErr().code,
      ).toBe('VALIDATION')
    expect(listed()).toHaveLength(0)
  })

  it('reads both reply shapes (body or bare), and refuses an execution without a Name', () => {
    const scope = { provider: 'alibaba-cloudflow' as const, flowName: 'f', region: 'cn-shanghai' }
    const execution = { Name: 'e1', FlowName: 'f', Status: 'Running', StartedTime: '2026-01-01T00:00:00Z' }
    for (const reply of [
      { body: { Executions: [execution], NextToken: 't' } },
      { Executions: [execution], NextToken: 't' },
    ]) {
      const read = pageOf(scope, reply, { signal: new AbortController().signal })
      expect(read.runs[0]?.handle).toEqual({
        provider: 'alibaba-cloudflow',
        flowName: 'f',
        executionName: 'e1',
        region: 'cn-shanghai',
      })
      expect(read.nextPageToken).toBe('0.t')
    }
    expect(() =>
      pageOf(scope, { Executions: [{ Status: 'Running' }] }, { signal: new AbortController().signal }),
    ).toThrow('without a Name')
  })

  it.each([
    [{ provider: 'alibaba-cloudflow', flowName: 'nightly_etl' }, true],
    [{ provider: 'alibaba-cloudflow', flowName: 'nightly_etl', region: 'cn-shanghai' }, true],
    [{ provider: 'alibaba-cloudflow', flowName: '9starts_with_digit' }, false],
    [{ provider: 'alibaba-cloudflow', flowName: 'a/b' }, false],
    [{ provider: 'alibaba-cloudflow', flowName: 'f', executionName: 'e' }, false],
    [{ provider: 'alibaba-cloudflow', flowName: 'f', region: 'cn hangzhou' }, false],
  ])('validateScope(%j) ok: %s', (scope, valid) => {
    expect(validateScope(scope).isOk()).toBe(valid)
  })
})

describe('ListExecutions goes through the call path of stop and get', () => {
  const adapter = (maxSockets?: number) =>
    createAlibabaCloudFlowAdapter({
      endpoint: emulator.endpoints.alibabaCloudFlow,
      credentials: emulator.credentials.alibaba,
      ...(maxSockets === undefined ? {} : { maxSockets }),
    })
  const untilRequests = async (count: number) => {
    while (emulator.requests.length < count) await new Promise((resolve) => setImmediate(resolve))
  }

  it('waits for a connection slot (maxSockets), and sends nothing once its signal fires there', async () => {
    const one = adapter(1)
    const { flowName, handles } = flowWith(['Running'])
    const handle = one.validate(handles[0] as RunHandle)._unsafeUnwrap()
    const scope = validateScope({ provider: 'alibaba-cloudflow', flowName })._unsafeUnwrap()
    emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs: 300 })
    const holding = one.doGet(handle, { signal: new AbortController().signal })
    await untilRequests(1)
    const controller = new AbortController()
    const listing = one.doList?.(scope, { signal: controller.signal })
    // Give the listing every chance to send, were it not waiting for the one slot.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    expect((await listing)?._unsafeUnwrapErr()).toMatchObject({ code: 'ABORTED', operation: 'list' })
    expect((await holding).isOk()).toBe(true)
    expect(listed()).toHaveLength(0)
  })

  it('abandons an in-flight ListExecutions when its signal fires: ABORTED without waiting for the answer', async () => {
    const { flowName } = flowWith(['Running'])
    const scope = validateScope({ provider: 'alibaba-cloudflow', flowName })._unsafeUnwrap()
    // Far longer than the test's own timeout: only the abort can end this call in time.
    emulator.setFaults({ provider: 'alibaba-cloudflow', operationLatencyMs: { ListExecutions: 60_000 } })
    const controller = new AbortController()
    const listing = adapter().doList?.(scope, { signal: controller.signal })
    await untilRequests(1)
    controller.abort()
    expect((await listing)?._unsafeUnwrapErr()).toMatchObject({ code: 'ABORTED', operation: 'list' })
    expect(listed()).toHaveLength(1)
  })
})
