import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsJsonTransport } from './aws-json-transport.js'
import { type CredentialProvider, credentialProvider, type StaticCredentials } from './credentials.js'

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'provider-secret-key' }
const inMs = (ms: number) => new Date(Date.now() + ms)

/** A provider that counts its calls and answers `answer()` each time. */
function counting(answer: () => Promise<StaticCredentials>) {
  const provider = Object.assign(
    async () => {
      provider.calls++
      return answer()
    },
    { calls: 0 },
  )
  return provider
}

describe('credentialProvider: a provider is asked as the AWS SDK clients ask theirs', () => {
  it('an identity without expiration is asked for once, whatever the number of requests', async () => {
    const provider = counting(async () => KEYS)
    const { provider: resolve } = credentialProvider(provider)
    for (let i = 0; i < 5; i++) expect(await resolve()).toEqual(KEYS)
    expect(provider.calls).toBe(1)
  })

  it('requests made while the provider resolves share its one answer', async () => {
    let release: (value: StaticCredentials) => void = () => {}
    const provider = counting(() => new Promise((resolve) => (release = resolve)))
    const { provider: resolve } = credentialProvider(provider)
    const waiting = [resolve(), resolve(), resolve()]
    // The first request loads the memo (a dynamic import) before it asks the provider.
    await expect.poll(() => provider.calls).toBe(1)
    release(KEYS)
    expect(await Promise.all(waiting)).toEqual([KEYS, KEYS, KEYS])
    expect(provider.calls).toBe(1)
  })

  it('an identity valid for an hour is kept; one within five minutes of expiring is asked for again', async () => {
    const lasting = counting(async () => ({ ...KEYS, expiration: inMs(3_600_000) }))
    const kept = credentialProvider(lasting).provider
    await kept()
    await kept()
    expect(lasting.calls).toBe(1)

    const expiring = counting(async () => ({ ...KEYS, expiration: inMs(60_000) }))
    const renewed = credentialProvider(expiring).provider
    // Every request asks again (smithy's memo asks twice on the first: the answer is already stale).
    const calls: number[] = []
    for (let i = 0; i < 3; i++) {
      await renewed()
      calls.push(expiring.calls)
    }
    const [first = 0] = calls
    expect(calls).toEqual([first, first + 1, first + 2])
  })

  it('a provider that failed is asked again on the next request', async () => {
    let fail = true
    const provider = counting(async () => {
      if (fail) throw new Error('no profile')
      return KEYS
    })
    const { provider: resolve } = credentialProvider(provider)
    await expect(resolve()).rejects.toThrow('no profile')
    fail = false
    expect(await resolve()).toEqual(KEYS)
    expect(await resolve()).toEqual(KEYS)
    expect(provider.calls).toBe(2)
  })

  it('remembers each secret the provider hands out, once asked', async () => {
    let secret = 'first-secret-value'
    const provider: CredentialProvider = async () => ({
      ...KEYS,
      secretAccessKey: secret,
      expiration: inMs(1_000),
    })
    const remembered = credentialProvider(provider)
    expect(remembered.secrets()).toEqual([])
    await remembered.provider()
    secret = 'second-secret-value'
    await remembered.provider()
    expect(remembered.secrets()).toEqual(['first-secret-value', 'second-secret-value'])
  })

  it('static credentials are one settled answer', async () => {
    const { provider, secrets } = credentialProvider(KEYS)
    expect(secrets()).toEqual([KEYS.secretAccessKey])
    expect(provider()).toBe(provider())
    expect(await provider()).toEqual(KEYS)
  })
})

describe('a transport signing with a credential provider', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ stopDelayMs: 0 })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it('asks the provider once for many signed requests the service accepts', async () => {
    const provider = counting(async () => emulator.credentials.aws)
    const transport = createAwsJsonTransport(
      {
        name: 'MWAA Serverless',
        target: 'AmazonMWAAServerless',
        signingName: 'airflow-serverless',
        endpoint: () => emulator.endpoints.mwaaServerless,
      },
      { endpoint: emulator.endpoints.mwaaServerless, credentials: provider },
    )
    const handle = emulator.createRun('mwaa-serverless')
    const input = { WorkflowArn: handle.workflowArn, RunId: handle.runId }
    const client = transport.client('us-east-1')
    const answers = await Promise.all(
      [1, 2, 3].map(() => client.call<{ $metadata: { httpStatusCode?: number } }>('GetWorkflowRun', input)),
    )
    await client.call('GetWorkflowRun', input)
    expect(answers.map((answer) => answer.$metadata.httpStatusCode)).toEqual([200, 200, 200])
    expect(provider.calls).toBe(1)
    expect(transport.secrets()).toEqual([emulator.credentials.aws.secretAccessKey])
    await transport.close()
  })
})
