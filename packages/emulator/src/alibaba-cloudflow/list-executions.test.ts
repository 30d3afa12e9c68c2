import { createRequire } from 'node:module'
import type * as OpenApiModule from '@alicloud/openapi-client'
import type * as TeaUtilModule from '@alicloud/tea-util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../start-emulator.js'

const require = createRequire(import.meta.url)
const OpenApi = require('@alicloud/openapi-client') as typeof OpenApiModule.default
const TeaUtil = require('@alicloud/tea-util') as typeof TeaUtilModule.default
const FnF = require('@alicloud/fnf-2019-03-15') as new (config: {
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}) => {
  listExecutions(params: Record<string, unknown>): Promise<Record<string, unknown>>
  stopExecution(params: Record<string, unknown>): Promise<Record<string, unknown>>
}

let emulator: Emulator
const FLOW = 'nightly_etl'

type Execution = { Name: string; FlowName: string; Status: string; StartedTime?: string }

/** ListExecutions through `callApi` (ACS3-HMAC-SHA256), as the generated fnf20190315 SDK sends it (GET query). */
async function list(params: Record<string, string>): Promise<Record<string, unknown>> {
  const url = new URL(emulator.endpoints.alibabaCloudFlow)
  const client = new OpenApi.default(
    new OpenApi.Config({
      ...emulator.credentials.alibaba,
      endpoint: url.host,
      protocol: 'http',
    }),
  )
  const response = await client.callApi(
    new OpenApi.Params({
      action: 'ListExecutions',
      version: '2019-03-15',
      protocol: 'HTTP',
      pathname: '/',
      method: 'GET',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new OpenApi.OpenApiRequest({ query: params }),
    new TeaUtil.RuntimeOptions({ autoretry: false, maxAttempts: 1 }),
  )
  return response.body as Record<string, unknown>
}

async function failure(call: Promise<unknown>) {
  return (await call.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => e,
  )) as { code: string; statusCode?: number }
}

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
  const states = ['Running', 'Starting', 'Succeeded', 'Running', 'Failed', 'Running', 'Stopped']
  for (let i = 0; i < 21; i++)
    emulator.createRun('alibaba-cloudflow', {
      ids: { flowName: FLOW, executionName: `exec_${String(i).padStart(2, '0')}` },
      status: states[i % states.length] as string,
    })
})
afterAll(async () => {
  await emulator.close()
})

describe('Alibaba CloudFlow emulator: ListExecutions', () => {
  it('pages with Limit and NextToken, every execution once, in the API shape', async () => {
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const body = await list({ FlowName: FLOW, Limit: '8', ...(token ? { NextToken: token } : {}) })
      pages++
      const executions = body.Executions as Execution[]
      expect(executions.length).toBeLessThanOrEqual(8)
      expect(typeof body.RequestId).toBe('string')
      for (const e of executions) {
        expect(e.FlowName).toBe(FLOW)
        expect(e.StartedTime).toMatch(/Z$/)
      }
      seen.push(...executions.map((e) => e.Name))
      token = body.NextToken as string | undefined
    } while (token)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(21)
  })

  it('filters by Status on the service side, and keeps its place while the listed executions are stopped', async () => {
    const client = new FnF({ endpoint: emulator.endpoints.alibabaCloudFlow, ...emulator.credentials.alibaba })
    const running: string[] = []
    let token: string | undefined
    do {
      const body = await list({
        FlowName: FLOW,
        Status: 'Running',
        Limit: '2',
        ...(token ? { NextToken: token } : {}),
      })
      const executions = body.Executions as Execution[]
      expect(executions.every((e) => e.Status === 'Running')).toBe(true)
      running.push(...executions.map((e) => e.Name))
      // Stopped before the next page: an offset token would now skip as many Running executions.
      for (const e of executions) await client.stopExecution({ FlowName: FLOW, ExecutionName: e.Name })
      token = body.NextToken as string | undefined
    } while (token)
    expect(running).toHaveLength(9)
    expect((await list({ FlowName: FLOW, Status: 'Running' })).Executions).toEqual([])
    expect(new Set(running).size).toBe(9)
  })

  it('works through the @alicloud/fnf-2019-03-15 client too (v1 signature)', async () => {
    const client = new FnF({ endpoint: emulator.endpoints.alibabaCloudFlow, ...emulator.credentials.alibaba })
    const body = await client.listExecutions({ FlowName: FLOW, Limit: 5, Status: 'Starting' })
    expect((body.Executions as Execution[]).map((e) => e.Status)).toEqual([
      'Starting',
      'Starting',
      'Starting',
    ])
  })

  it.each(['0', '100', 'x'])('refuses Limit %s with InvalidArgument (400)', async (limit) => {
    const error = await failure(list({ FlowName: FLOW, Limit: limit }))
    expect(error.code).toBe('InvalidArgument')
    expect(error.statusCode).toBe(400)
  })

  it('refuses an unknown Status and a foreign token; a flow without executions is FlowNotExists (404)', async () => {
    expect((await failure(list({ FlowName: FLOW, Status: 'Paused' }))).code).toBe('InvalidArgument')
    expect((await failure(list({ FlowName: FLOW, NextToken: 'abc' }))).code).toBe('InvalidArgument')
    const missing = await failure(list({ FlowName: 'no_such_flow' }))
    expect(missing.code).toBe('FlowNotExists')
    expect(missing.statusCode).toBe(404)
    expect(emulator.requests.at(-1)).toMatchObject({ operation: 'ListExecutions', kind: 'list' })
  })
})
