import { ok } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import type { AdapterCapabilities } from './adapter.js'
import type { HttpHandlerModule } from './aws-http-handler.js'
import { type AwsSdkAdapterDefinition, defineAwsSdkAdapter, handleIds } from './aws-sdk-adapter.js'
import { AWS_COMMON_ERRORS } from './aws-sdk-error.js'
import { createRunController } from './controller.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import { createStatusMapper } from './run-status.js'

// A fake AWS SDK v3 module: command classes holding their input, and a client whose `send`
// answers from a table of jobs (or throws as the SDK does). Every command sent is recorded.

interface JobHandle extends RunHandle {
  readonly provider: 'jobs'
  readonly jobId: string
}
interface JobScope extends RunScope {
  readonly provider: 'jobs'
  readonly queue: string
}

const command = (name: string) =>
  class {
    readonly name = name
    constructor(readonly input: Record<string, unknown>) {}
  }
const fakeSdk = {
  DescribeJobCommand: command('DescribeJob') as new (input: { jobId: string }) => { input: object },
  CancelJobCommand: command('CancelJob') as new (input: {
    jobId: string
    note?: string
  }) => { input: object },
  ListJobsCommand: command('ListJobs') as new (input: { queue: string; next?: string }) => { input: object },
  JobsClient: class implements JobsPort {
    constructor(readonly config: Record<string, unknown>) {}
    send = async (): Promise<unknown> => ({})
  },
}

/** The port: an SDK client's `send`. */
type JobsPort = { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> }

type Sent = { name: string; input: Record<string, unknown>; signal: AbortSignal | undefined }
type Job = { state: string; started?: number; ended?: number; failure?: string }

function fakeClient(jobs: Record<string, Job>, cancelReply: (job: Job) => Record<string, unknown>) {
  const sent: Sent[] = []
  const client: JobsPort = {
    send: async (cmd: unknown, options?: { abortSignal?: AbortSignal }) => {
      const { name, input } = cmd as { name: string; input: Record<string, unknown> }
      sent.push({ name, input, signal: options?.abortSignal })
      const $metadata = { requestId: `req-${sent.length}` }
      if (name === 'ListJobs')
        return {
          jobs: Object.entries(jobs).map(([jobId, job]) => ({
            jobId,
            state: job.state,
            created: job.started,
          })),
          nextToken: input.next === undefined ? 'page-2' : undefined,
          $metadata,
        }
      const job = jobs[input.jobId as string]
      if (job === undefined)
        throw Object.assign(new Error(`no job ${input.jobId} (key secret-key-value)`), {
          name: 'JobNotFound',
          $metadata: { httpStatusCode: 400 },
        })
      if (name === 'DescribeJob') return { jobId: input.jobId, ...job, $metadata }
      const reply = cancelReply(job)
      if (job.state === 'RUNNING') job.state = 'CANCELLED'
      return { ...reply, $metadata }
    },
  }
  return { client, sent }
}

const mapStatus = createStatusMapper({ RUNNING: 'running', DONE: 'succeeded', CANCELLED: 'stopped' })
const capabilities: AdapterCapabilities = {
  stopReason: true,
  stopErrorCode: false,
  gracefulStop: false,
  perHandleRegion: true,
  list: true,
  listStatusFilter: false,
}
const live = () => new AbortController().signal
const handle = (jobId: string): JobHandle => ({ provider: 'jobs', jobId })

type Definition = AwsSdkAdapterDefinition<
  JobHandle,
  JobScope,
  typeof fakeSdk,
  JobsPort,
  { readonly stop: 'CancelJob'; readonly get: 'DescribeJob'; readonly list: 'ListJobs' }
>

function jobsAdapter(
  jobs: Record<string, Job>,
  reply: Definition['stop']['reply'] = 'status',
  cancelReply: (job: Job) => Record<string, unknown> = (job) => ({
    state: job.state === 'RUNNING' ? 'CANCELLED' : job.state,
  }),
) {
  const fake = fakeClient(jobs, cancelReply)
  const adapter = defineAwsSdkAdapter(
    {
      client: () => fake.client,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret-key-value' },
    },
    {
      sdk: {
        load: async () => fakeSdk,
        http: async () => ({}) as HttpHandlerModule,
        create: (sdk, config) => new sdk.JobsClient(config),
      },
      api: {
        provider: 'jobs',
        service: 'Jobs',
        operations: { stop: 'CancelJob', get: 'DescribeJob', list: 'ListJobs' },
        table: { ...AWS_COMMON_ERRORS, JobNotFound: 'NOT_FOUND' },
      },
      capabilities,
      validate: (value) => ok(value as JobHandle),
      run: {
        mapStatus,
        status: 'state',
        startedAt: 'started',
        endedAt: 'ended',
        errorMessage: ({ failure }) => (typeof failure === 'string' ? `Job failed: ${failure}` : undefined),
      },
      get: { input: handleIds },
      stop: { input: ({ jobId }, { reason }) => ({ jobId, note: reason }), reply },
      list: {
        validateScope: (scope) => ok(scope as JobScope),
        input: ({ queue }, { pageToken }) => ({ queue, next: pageToken }),
        items: 'jobs',
        handle: (item) => (typeof item.jobId === 'string' ? handle(item.jobId) : undefined),
        run: { startedAt: 'created' },
      },
    },
  )
  return { adapter, sent: fake.sent }
}

describe('defineAwsSdkAdapter', () => {
  it('gives the SDK no abortSignal for a call nothing can end early (the SDK would add a listener per request), and the call signal otherwise', async () => {
    const { adapter, sent } = jobsAdapter({ j1: { state: 'RUNNING' } })
    const runs = createRunController({ adapters: [adapter], retry: false })
    expect((await runs.get(handle('j1')))._unsafeUnwrap().status).toBe('running')
    expect((await runs.get(handle('j1'), { timeoutMs: 60_000 }))._unsafeUnwrap().status).toBe('running')
    const caller = new AbortController()
    expect((await runs.get(handle('j1'), { signal: caller.signal }))._unsafeUnwrap().status).toBe('running')
    expect(sent.map((request) => request.signal instanceof AbortSignal)).toEqual([false, true, true])
  })

  it('sends `<Operation>Command` with the declared input and the call signal, and reads the body by the run fields', async () => {
    const { adapter, sent } = jobsAdapter({
      j1: { state: 'DONE', started: 1_700_000_000, ended: 1_700_000_060, failure: 'x' },
    })
    const signal = live()
    const snapshot = (await adapter.doGet(handle('j1'), { signal }))._unsafeUnwrap()
    expect(sent).toEqual([{ name: 'DescribeJob', input: { jobId: 'j1' }, signal }])
    expect(snapshot).toEqual({
      handle: handle('j1'),
      status: 'succeeded',
      providerStatus: 'DONE',
      startedAt: new Date(1_700_000_000_000),
      endedAt: new Date(1_700_000_060_000),
      errorMessage: 'Job failed: x',
      requestId: 'req-1',
      raw: { jobId: 'j1', state: 'DONE', started: 1_700_000_000, ended: 1_700_000_060, failure: 'x' },
    })
  })

  it('maps a failure by the table, naming `<service> <Operation>`, with the credentials scrubbed', async () => {
    const { adapter } = jobsAdapter({})
    const error = (await adapter.doGet(handle('nope'), { signal: live() }))._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'NOT_FOUND', providerCode: 'JobNotFound', operation: 'get' })
    expect(error.message).toContain('Jobs DescribeJob failed')
    expect(JSON.stringify(error.toJSON())).not.toContain('secret-key-value')
    expect(error.message).not.toContain('secret-key-value')
  })

  it("reply 'status': the reply's status (the run fields' field) decides; none known → one get", async () => {
    const { adapter, sent } = jobsAdapter({ j1: { state: 'RUNNING' } })
    const stop = (await adapter.doStop(handle('j1'), { signal: live(), reason: 'r' }))._unsafeUnwrap()
    expect(stop).toMatchObject({ outcome: 'stopped', status: 'stopped', providerStatus: 'CANCELLED' })
    expect(stop.reasonRecorded).toBe(true)
    expect(sent.map((s) => [s.name, s.input])).toEqual([['CancelJob', { jobId: 'j1', note: 'r' }]])

    const silent = jobsAdapter({ j2: { state: 'RUNNING' } }, 'status', () => ({}))
    const confirmed = (await silent.adapter.doStop(handle('j2'), { signal: live() }))._unsafeUnwrap()
    expect(confirmed).toMatchObject({
      outcome: 'stopped',
      providerStatus: 'CANCELLED',
      reasonRecorded: false,
    })
    expect(silent.sent.map((s) => s.name)).toEqual(['CancelJob', 'DescribeJob'])
  })

  it('reply { stoppedAt }: one get decides; a finished run accepted anyway is already_terminal', async () => {
    const reply = { stoppedAt: 'stopDate' }
    const dated = () => ({ stopDate: 1_700_000_100 })
    const running = jobsAdapter({ j1: { state: 'RUNNING' } }, reply, dated)
    const stopped = (await running.adapter.doStop(handle('j1'), { signal: live() }))._unsafeUnwrap()
    expect(stopped).toMatchObject({ outcome: 'stopped', status: 'stopped', requestId: 'req-1' })
    expect(running.sent.map((s) => s.name)).toEqual(['CancelJob', 'DescribeJob'])

    const finished = jobsAdapter({ j2: { state: 'DONE' } }, reply, dated)
    const done = (await finished.adapter.doStop(handle('j2'), { signal: live() }))._unsafeUnwrap()
    expect(done).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
  })

  it('a reply function gets the body without $metadata and the request id', async () => {
    const seen: unknown[] = []
    const { adapter } = jobsAdapter({ j1: { state: 'RUNNING' } }, (h, { body, requestId }) => {
      seen.push(body, requestId)
      return {
        handle: h,
        outcome: 'stop_requested',
        status: 'stopping',
        providerStatus: 'X',
        reasonRecorded: false,
        raw: body,
      }
    })
    expect((await adapter.doStop(handle('j1'), { signal: live() }))._unsafeUnwrap().outcome).toBe(
      'stop_requested',
    )
    expect(seen).toEqual([{ state: 'CANCELLED' }, 'req-1'])
  })

  it('lists: the items key, a handle per item, per-operation field names, the next token', async () => {
    const { adapter, sent } = jobsAdapter({
      j1: { state: 'RUNNING', started: 1_700_000_000 },
      j2: { state: 'DONE' },
    })
    const scope: JobScope = { provider: 'jobs', queue: 'q' }
    const page = (await adapter.doList?.(scope, { signal: live() }))?._unsafeUnwrap()
    expect(sent.map((s) => [s.name, s.input])).toEqual([['ListJobs', { queue: 'q', next: undefined }]])
    expect(page?.nextPageToken).toBe('page-2')
    expect(page?.runs.map((r) => [r.handle.jobId, r.status, r.startedAt?.getTime(), r.requestId])).toEqual([
      ['j1', 'running', 1_700_000_000_000, 'req-1'],
      ['j2', 'succeeded', undefined, 'req-1'],
    ])
  })

  it('builds clients with the declared constructor on first use (SDK loaded once), one per region', async () => {
    let loads = 0
    const made: unknown[] = []
    const adapter = defineAwsSdkAdapter(
      { endpoint: 'http://127.0.0.1:9' },
      {
        sdk: {
          load: async () => {
            loads++
            return fakeSdk
          },
          http: async () => ({ NodeHttpHandler: class {}, NodeHttp2Handler: class {} }) as HttpHandlerModule,
          create: (sdk, config) => {
            made.push(config)
            return new sdk.JobsClient(config)
          },
        },
        api: {
          provider: 'jobs',
          service: 'Jobs',
          operations: { stop: 'CancelJob', get: 'DescribeJob', list: 'ListJobs' },
          table: AWS_COMMON_ERRORS,
        },
        capabilities: { ...capabilities, list: false },
        validate: (value) => ok(value as JobHandle),
        run: { mapStatus },
        get: { input: handleIds },
        stop: { input: handleIds, reply: 'status' },
      },
    )
    expect(loads).toBe(0)
    await adapter.doGet({ ...handle('j1'), region: 'eu-west-1' }, { signal: live() })
    await adapter.doGet({ ...handle('j2'), region: 'eu-west-1' }, { signal: live() })
    await adapter.doGet({ ...handle('j3'), region: 'us-east-1' }, { signal: live() })
    expect(loads).toBe(1)
    expect(made).toMatchObject([
      { maxAttempts: 1, region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' },
      { maxAttempts: 1, region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
    ])
    expect(adapter.doList).toBeUndefined()
    await adapter.close?.()
  })
})

describe('defineAwsSdkAdapter: what the declaration says besides', () => {
  const api = {
    provider: 'jobs',
    service: 'Jobs',
    operations: { stop: 'CancelJob', get: 'DescribeJob', list: 'ListJobs' },
    table: AWS_COMMON_ERRORS,
  } as const
  const sdk = {
    load: async () => fakeSdk,
    http: async () => ({}) as HttpHandlerModule,
    create: () => fakeClient({}, () => ({})).client,
  }
  const listing = (page?: { min: number; max: number; default?: number }, statusFilter?: boolean) => ({
    validateScope: (scope: RunScope) => ok(scope as JobScope),
    input: ({ queue }: JobScope) => ({ queue }),
    items: 'jobs',
    handle: () => undefined,
    ...(page === undefined ? {} : { page }),
    ...(statusFilter === undefined ? {} : { statusFilter }),
  })
  const define = (parts: Partial<Definition>) =>
    defineAwsSdkAdapter(
      {},
      {
        sdk,
        api,
        validate: (value) => ok(value as JobHandle),
        run: { mapStatus },
        get: { input: handleIds },
        stop: { input: handleIds, reply: 'status' },
        ...parts,
      },
    )

  it.each<[string, Partial<Definition>, Partial<AdapterCapabilities>]>([
    [
      'nothing stored, no listing',
      {},
      { stopReason: false, stopErrorCode: false, list: false, listStatusFilter: false },
    ],
    [
      'limits on both and a filtering listing',
      {
        stop: {
          input: handleIds,
          reply: 'status',
          limits: { reason: { max: 9, as: 'note' }, errorCode: { max: 3, as: 'code' } },
        },
        list: listing(undefined, true),
      },
      { stopReason: true, stopErrorCode: true, list: true, listStatusFilter: true },
    ],
    ['a listing that does not filter', { list: listing() }, { list: true, listStatusFilter: false }],
    [
      'an override',
      { capabilities: { gracefulStop: true, perHandleRegion: false } },
      { gracefulStop: true, perHandleRegion: false },
    ],
  ])('capabilities: %s', (_, parts, expected) => {
    const { capabilities } = define(parts)
    expect(capabilities).toMatchObject({ gracefulStop: false, perHandleRegion: true, ...expected })
  })

  it.each<
    [
      { min: number; max: number; default?: number } | undefined,
      { pageSize?: number; pageToken?: string },
      Record<string, unknown>,
    ]
  >([
    [undefined, { pageSize: 5, pageToken: 't' }, { queue: 'q' }],
    [{ min: 0, max: 1000 }, {}, { queue: 'q' }],
    [{ min: 0, max: 1000 }, { pageSize: 0 }, { queue: 'q', maxResults: 0 }],
    [
      { min: 0, max: 1000 },
      { pageSize: 5000, pageToken: 't' },
      { queue: 'q', maxResults: 1000, nextToken: 't' },
    ],
    [{ min: 1, max: 1000, default: 1000 }, {}, { queue: 'q', maxResults: 1000 }],
    [{ min: 1, max: 1000, default: 1000 }, { pageSize: 7.9 }, { queue: 'q', maxResults: 7 }],
    [{ min: 1, max: 1000 }, { pageSize: 0 }, { queue: 'q', maxResults: 1 }],
  ])('list.page %j with %j sends %j', async (page, ctx, input) => {
    const fake = fakeClient({}, () => ({}))
    const adapter = defineAwsSdkAdapter(
      { client: fake.client },
      {
        sdk,
        api,
        validate: (value) => ok(value as JobHandle),
        run: { mapStatus },
        get: { input: handleIds },
        stop: { input: handleIds, reply: 'status' },
        list: listing(page),
      },
    )
    await adapter.doList?.({ provider: 'jobs', queue: 'q' }, { signal: live(), ...ctx })
    expect(fake.sent.map((s) => s.input)).toEqual([input])
  })
})

describe('handleIds', () => {
  it.each<[RunHandle, Record<string, unknown>]>([
    [{ provider: 'jobs', jobId: 'j1' }, { jobId: 'j1' }],
    [{ provider: 'jobs', jobId: 'j1', region: 'eu-west-1' }, { jobId: 'j1' }],
    [
      { provider: 'x', a: '1', b: '2' },
      { a: '1', b: '2' },
    ],
  ])('%j → %j', (given, ids) => {
    expect(handleIds(given)).toEqual(ids)
  })
})
