import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from './start-emulator.js'
import type { EmulatedProvider } from './types.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
})

/** One raw, unsigned request each module identifies as a `get`: the faults apply before any check. */
function getRequest(provider: EmulatedProvider): [string, RequestInit] {
  switch (provider) {
    case 'mwaa-serverless':
      return [
        emulator.endpoints.mwaaServerless,
        {
          method: 'POST',
          headers: {
            'x-amz-target': 'AmazonMWAAServerless.GetWorkflowRun',
            'content-type': 'application/x-amz-json-1.0',
          },
          body: '{}',
        },
      ]
    case 'bedrock-flows':
      return [`${emulator.endpoints.bedrockFlows}/flows/ABCDEFGHIJ/aliases/KLMNOPQRST/executions/e1`, {}]
    case 'alibaba-cloudflow':
      return [
        `${emulator.endpoints.alibabaCloudFlow}/?Action=DescribeExecution&FlowName=f&ExecutionName=e`,
        {},
      ]
    case 'step-functions':
      return [
        emulator.endpoints.stepFunctions,
        {
          method: 'POST',
          headers: {
            'x-amz-target': 'AWSStepFunctions.DescribeExecution',
            'content-type': 'application/x-amz-json-1.0',
          },
          body: '{}',
        },
      ]
  }
}

async function send(provider: EmulatedProvider) {
  const [url, init] = getRequest(provider)
  const response = await fetch(url, init)
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

const PROVIDERS: EmulatedProvider[] = [
  'mwaa-serverless',
  'bedrock-flows',
  'alibaba-cloudflow',
  'step-functions',
]

describe('proxy pages and broken bodies, for every provider', () => {
  it.each(PROVIDERS)(
    '%s: an injected HTML page answers its status with HTML and no error code',
    async (provider) => {
      emulator.injectFault({ provider, operation: 'get', code: 'html', httpStatus: 503 })
      const page = await send(provider)
      expect(page.status).toBe(503)
      expect(page.type).toBe('text/html')
      expect(page.body).toContain('503 Service Unavailable')
      expect(emulator.requests.at(-1)).toMatchObject({ provider, kind: 'get', status: 503, fault: 'page' })
      expect(emulator.requests.at(-1)?.errorCode).toBeUndefined()
    },
  )

  it.each(PROVIDERS)('%s: an injected empty page has no body at all', async (provider) => {
    emulator.injectFault({ provider, code: 'empty' })
    expect(await send(provider)).toEqual({ status: 500, type: null, body: '' })
  })

  it.each(PROVIDERS)(
    '%s: a truncated answer keeps its status and the first half of its body',
    async (provider) => {
      const whole = await send(provider)
      emulator.injectFault({ provider, code: 'truncate' })
      const cut = await send(provider)
      expect(cut.status).toBe(whole.status)
      expect(whole.body.length).toBeGreaterThan(10)
      // Request ids differ from one answer to the next: compare lengths and the opening.
      expect(cut.body).toHaveLength(Math.floor(whole.body.length / 2))
      expect(cut.body.slice(0, 8)).toBe(whole.body.slice(0, 8))
      expect(() => JSON.parse(cut.body)).toThrow()
    },
  )

  it.each(PROVIDERS)('%s: a replaced body keeps the answer status', async (provider) => {
    const whole = await send(provider)
    emulator.injectFault({ provider, code: 'body', body: '[1,2]' })
    expect(await send(provider)).toMatchObject({ status: whole.status, body: '[1,2]' })
    emulator.injectFault({ provider, code: 'body', body: '{"cut', httpStatus: 500 })
    expect(await send(provider)).toMatchObject({ status: 500, body: '{"cut' })
  })

  it('a truncated or replaced stop is still served: the run is stopped', async () => {
    const handle = emulator.createRun('bedrock-flows')
    emulator.injectFault({ provider: 'bedrock-flows', operation: 'stop', code: 'truncate' })
    const url = `${emulator.endpoints.bedrockFlows}/flows/${handle.flowIdentifier}/aliases/${handle.flowAliasIdentifier}/executions/${handle.executionIdentifier}/stop`
    // Unsigned, so the service answers its signature error; the fault still applies to it.
    const response = await fetch(url, { method: 'POST' })
    expect(response.status).toBe(403)
    expect(emulator.requests.at(-1)).toMatchObject({ kind: 'stop', fault: 'truncate' })
  })
})
