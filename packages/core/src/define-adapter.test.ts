import { err, ok } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { buildSnapshot } from './build-snapshot.js'
import { createRunController } from './controller.js'
import { type AdapterDefinition, defineAdapter } from './define-adapter.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { createStatusMapper } from './run-status.js'
import { stopResultFromReply } from './stop-outcome.js'

interface JobHandle extends RunHandle {
  readonly provider: 'jobs'
  readonly id: string
}

const mapStatus = createStatusMapper({ RUNNING: 'running', DONE: 'succeeded', CANCELLED: 'stopped' })
const live = () => new AbortController().signal

/** A fake provider: jobs by id, per region; every request is recorded. */
function fakeProvider(jobs: Record<string, string>) {
  const sent: { region: string | undefined; op: string; id: string }[] = []
  const client = (region: string | undefined) => ({
    async describe(id: string) {
      sent.push({ region, op: 'describe', id })
      if (jobs[id] === undefined) throw Object.assign(new Error('no job'), { name: 'NoSuchJob' })
      return { state: jobs[id], started: 1_700_000_000 }
    },
    async cancel(id: string) {
      sent.push({ region, op: 'cancel', id })
      if (jobs[id] === undefined) throw Object.assign(new Error('no job'), { name: 'NoSuchJob' })
      if (jobs[id] !== 'RUNNING') throw Object.assign(new Error('not running'), { name: 'Conflict' })
      jobs[id] = 'CANCELLED'
      return { state: 'CANCELLED' }
    },
  })
  return { sent, client }
}

type Client = ReturnType<ReturnType<typeof fakeProvider>['client']>
type Definition = AdapterDefinition<JobHandle, Client, { state: string }, { state: string }>

function definition(
  provider: ReturnType<typeof fakeProvider>,
  overrides: Partial<Definition> = {},
): Definition {
  return {
    provider: 'jobs',
    capabilities: {
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: false,
      perHandleRegion: true,
      list: false,
      listStatusFilter: false,
    },
    validate: (handle) =>
      typeof handle.id === 'string' && /^[a-z0-9]+$/.test(handle.id)
        ? ok(handle as JobHandle)
        : err(new RunError({ code: 'VALIDATION', message: 'bad id', provider: 'jobs' })),
    clients: { client: provider.client },
    defaultRegion: 'r1',
    mapError: (error, { operation }) =>
      RunError.is(error)
        ? error
        : new RunError({
            code: (error as Error).name === 'NoSuchJob' ? 'NOT_FOUND' : 'CONFLICT',
            message: String((error as Error).message),
            provider: 'jobs',
            operation,
            providerCode: (error as Error).name,
          }),
    get: {
      send: (client, handle) => client.describe(handle.id),
      snapshot: (handle, output) =>
        buildSnapshot({
          handle,
          status: mapStatus(output.state),
          providerStatus: output.state,
          startedAt: (output as { started?: number }).started,
          raw: output,
        }),
    },
    stop: {
      send: (client, handle) => client.cancel(handle.id),
      result: (handle, reply) =>
        stopResultFromReply({
          handle,
          status: mapStatus(reply.state),
          providerStatus: reply.state,
          reasonRecorded: false,
          raw: reply,
        }),
      ambiguousErrors: ['Conflict'],
    },
    ...overrides,
  }
}

describe('defineAdapter', () => {
  it('reads and stops through the client of the handle region (default region otherwise)', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const adapter = defineAdapter(definition(provider))
    const handle = adapter.validate({ provider: 'jobs', id: 'a', region: 'r2' })._unsafeUnwrap()
    const snapshot = (await adapter.doGet(handle, { signal: live() }))._unsafeUnwrap()
    expect(snapshot).toMatchObject({ status: 'running', providerStatus: 'RUNNING' })
    expect(snapshot.startedAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    const stopped = (await adapter.doStop({ provider: 'jobs', id: 'a' }, { signal: live() }))._unsafeUnwrap()
    expect(stopped.outcome).toBe('stopped')
    expect(provider.sent.map((s) => s.region)).toEqual(['r2', 'r1'])
  })

  it('confirms an ambiguous stop error with one get: a finished job is already_terminal', async () => {
    const provider = fakeProvider({ done: 'DONE', missing: 'RUNNING' })
    const adapter = defineAdapter(definition(provider))
    const result = await adapter.doStop({ provider: 'jobs', id: 'done' }, { signal: live() })
    expect(result._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(provider.sent.map((s) => s.op)).toEqual(['cancel', 'describe'])
    const notFound = await adapter.doStop({ provider: 'jobs', id: 'nope' }, { signal: live() })
    expect(notFound._unsafeUnwrapErr().code).toBe('NOT_FOUND')
  })

  it('sends nothing for an invalid handle (the controller validates once), nor once the signal fired', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const adapter = defineAdapter(definition(provider))
    expect(adapter.validate({ provider: 'jobs', id: '../x' })._unsafeUnwrapErr().code).toBe('VALIDATION')
    const runs = createRunController({ adapters: [adapter], retry: false })
    const invalid = await runs.stop({ provider: 'jobs', id: '../x' })
    expect(invalid._unsafeUnwrapErr().code).toBe('VALIDATION')
    const aborted = await adapter.doGet({ provider: 'jobs', id: 'a' }, { signal: AbortSignal.abort() })
    expect(aborted.isErr()).toBe(true)
    expect(provider.sent).toEqual([])
  })

  it('settles a stop answered 2xx with an unreadable body by one get, and confirms a code-less 409', async () => {
    const provider = fakeProvider({ a: 'RUNNING', done: 'DONE' })
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      stop: {
        ...base.stop,
        send: async (client, handle) => {
          await client.cancel(handle.id).catch(() => undefined)
          const status = handle.id === 'a' ? 200 : 409
          throw Object.assign(new Error('unreadable body'), { status })
        },
      },
      mapError: (error, { operation }) =>
        new RunError({
          code: 'UNKNOWN',
          message: (error as Error).message,
          provider: 'jobs',
          operation,
          httpStatus: (error as { status: number }).status,
        }),
    })
    const accepted = await adapter.doStop({ provider: 'jobs', id: 'a' }, { signal: live() })
    expect(accepted._unsafeUnwrap()).toMatchObject({ outcome: 'stopped', providerStatus: 'CANCELLED' })
    const finished = await adapter.doStop({ provider: 'jobs', id: 'done' }, { signal: live() })
    expect(finished._unsafeUnwrap()).toMatchObject({ outcome: 'already_terminal', status: 'succeeded' })
    expect(provider.sent.map((s) => s.op)).toEqual(['cancel', 'describe', 'cancel', 'describe'])
  })

  it('with regionHint, a NOT_FOUND names the region asked and where it came from', async () => {
    const provider = fakeProvider({})
    const hinted = defineAdapter({ ...definition(provider), regionHint: true })
    const fromHandle = await hinted.doGet({ provider: 'jobs', id: 'a', region: 'r2' }, { signal: live() })
    expect(fromHandle._unsafeUnwrapErr().message).toBe(
      "no job. Looked up in region 'r2' (the handle's region).",
    )
    const fromSettings = await hinted.doStop({ provider: 'jobs', id: 'a' }, { signal: live() })
    expect(fromSettings._unsafeUnwrapErr().message).toMatch(
      /^no job\. Looked up in region 'r1' \(the adapter's default/,
    )
    const plain = await defineAdapter(definition(provider)).doGet(
      { provider: 'jobs', id: 'a' },
      { signal: live() },
    )
    expect(plain._unsafeUnwrapErr().message).toBe('no job')
  })

  it('turns a throw while building the result into a mapped error, never a rejection', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      get: {
        ...base.get,
        snapshot: () => {
          throw new Error('bad body')
        },
      },
    })
    const result = await adapter.doGet({ provider: 'jobs', id: 'a' }, { signal: live() })
    expect(result._unsafeUnwrapErr().message).toBe('bad body')
  })

  it('lets the stop result read the run once (a reply without a status)', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      stop: {
        ...base.stop,
        result: (_handle, _reply, ctx) =>
          ctx.get().map((snapshot) =>
            stopResultFromReply({
              ...snapshot,
              reasonRecorded: false,
              providerStatus: snapshot.providerStatus,
            }),
          ),
      },
    })
    const result = (await adapter.doStop({ provider: 'jobs', id: 'a' }, { signal: live() }))._unsafeUnwrap()
    expect(result).toMatchObject({ outcome: 'stopped', providerStatus: 'CANCELLED' })
    expect(result.handle).toEqual({ provider: 'jobs', id: 'a' })
    expect(provider.sent.map((s) => s.op)).toEqual(['cancel', 'describe'])
  })

  it('gives the stop result the stop context as it was given, with get', async () => {
    const seen: Record<string, unknown>[] = []
    const provider = fakeProvider({})
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      stop: {
        ...base.stop,
        send: async () => ({ state: 'CANCELLED' }),
        result: (handle, reply, ctx) => {
          const { get, ...rest } = ctx
          seen.push({ ...rest, get: typeof get })
          return base.stop.result(handle, reply, ctx)
        },
      },
    })
    const signal = live()
    const contexts = [
      { signal },
      { reason: 'r', signal },
      { errorCode: 'E', signal },
      { reason: 'r', errorCode: 'E', signal },
    ]
    for (const ctx of contexts) await adapter.doStop({ provider: 'jobs', id: 'a' }, ctx)
    expect(seen).toEqual(contexts.map((ctx) => ({ ...ctx, get: 'function' })))
    // Fields not given are left out, not set to undefined.
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['get', 'signal'])
  })

  it('with one ready-made client, refuses a handle of another region locally and says so', () => {
    const provider = fakeProvider({})
    const adapter = defineAdapter({
      ...definition(provider),
      clients: { client: provider.client, oneClient: true },
    })
    expect(adapter.capabilities.perHandleRegion).toBe(false)
    expect(adapter.validate({ provider: 'jobs', id: 'a' }).isOk()).toBe(true)
    // The client's own region, named, is that client's.
    expect(adapter.validate({ provider: 'jobs', id: 'a', region: 'r1' }).isOk()).toBe(true)
    const refused = adapter.validate({ provider: 'jobs', id: 'a', region: 'r9' })._unsafeUnwrapErr()
    expect(refused.code).toBe('VALIDATION')
    expect(refused.message).toContain('one client')
    expect(refused.handle).toEqual({ provider: 'jobs', id: 'a', region: 'r9' })
  })

  it('refuses a reason or error code longer than the provider stores, locally', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      stop: { ...base.stop, limits: { reason: { max: 5, as: 'Cause' } } },
    })
    const refused = await adapter.doStop(
      { provider: 'jobs', id: 'a' },
      { reason: 'too long', signal: live() },
    )
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'VALIDATION', operation: 'stop' })
    expect(refused._unsafeUnwrapErr().message).toContain('Cause')
    expect(provider.sent).toEqual([])
    const fits = await adapter.doStop({ provider: 'jobs', id: 'a' }, { reason: 'short', signal: live() })
    expect(fits._unsafeUnwrap().outcome).toBe('stopped')
  })

  it('refuses a reason shorter than limits.min, locally', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const base = definition(provider)
    const adapter = defineAdapter({
      ...base,
      stop: { ...base.stop, limits: { errorCode: { min: 1, max: 5, as: 'Error' } } },
    })
    const refused = await adapter.doStop({ provider: 'jobs', id: 'a' }, { errorCode: '', signal: live() })
    expect(refused._unsafeUnwrapErr().message).toContain('is 0 characters; jobs takes 1 to 5')
    expect(provider.sent).toEqual([])
  })

  it('runs every request (get, stop) through `send`, whose httpStatus reaches mapError', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const base = definition(provider)
    const wrapped: string[] = []
    const statuses: (number | undefined)[] = []
    const adapter = defineAdapter({
      ...base,
      send: async (request, call) => {
        wrapped.push(call.operation)
        call.httpStatus = 418
        return request()
      },
      mapError: (error, context) => {
        statuses.push(context.httpStatus)
        return base.mapError(error, context)
      },
    })
    expect((await adapter.doGet({ provider: 'jobs', id: 'a' }, { signal: live() })).isOk()).toBe(true)
    const missing = await adapter.doStop({ provider: 'jobs', id: 'gone' }, { signal: live() })
    expect(missing._unsafeUnwrapErr().code).toBe('NOT_FOUND')
    expect(wrapped).toEqual(['get', 'stop'])
    expect(statuses).toEqual([418])
  })
})

describe('defineAdapter: list and close', () => {
  const scopeOk = (scope: RunHandle) =>
    typeof scope.queue === 'string'
      ? ok({ provider: 'jobs', queue: scope.queue })
      : err(new RunError({ code: 'VALIDATION', message: 'queue is required', provider: 'jobs' }))

  it('lists through validateScope and one request per page, in the scope region, errors mapped as list', async () => {
    const provider = fakeProvider({ a: 'RUNNING' })
    const regions: (string | undefined)[] = []
    const adapter = defineAdapter({
      ...definition(provider),
      list: {
        validateScope: scopeOk,
        region: () => 'r9',
        send: async (client, scope, ctx) => {
          regions.push((await Promise.resolve(client)) === undefined ? undefined : 'r9')
          if (scope.queue === 'missing') throw Object.assign(new Error('no queue'), { name: 'NoSuchJob' })
          return { ids: ['a'], next: ctx.pageToken === undefined ? 'p2' : undefined }
        },
        page: (_scope, output: { ids: string[]; next?: string }) => ({
          runs: output.ids.map((id) =>
            buildSnapshot({
              handle: { provider: 'jobs', id } as JobHandle,
              status: 'running',
              providerStatus: 'RUNNING',
              raw: {},
            }),
          ),
          ...(output.next === undefined ? {} : { nextPageToken: output.next }),
        }),
      },
    })
    expect(adapter.validateScope?.({ provider: 'jobs' })._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      operation: 'list',
    })
    const scope = adapter.validateScope?.({ provider: 'jobs', queue: 'q' })._unsafeUnwrap() as never
    const first = (await adapter.doList?.(scope, { signal: live() }))?._unsafeUnwrap()
    expect(first?.nextPageToken).toBe('p2')
    expect(first?.runs.map((r) => r.handle.id)).toEqual(['a'])
    const second = (await adapter.doList?.(scope, { signal: live(), pageToken: 'p2' }))?._unsafeUnwrap()
    expect(second?.nextPageToken).toBeUndefined()
    const missing = await adapter.doList?.({ provider: 'jobs', queue: 'missing' } as never, {
      signal: live(),
    })
    expect(missing?._unsafeUnwrapErr().operation).toBe('list')
  })

  it('takes a page given as a Result: an Err is the list error', async () => {
    const provider = fakeProvider({})
    const adapter = defineAdapter({
      ...definition(provider),
      list: {
        validateScope: scopeOk,
        send: async () => ({ ids: 'not a list' }),
        page: (_scope, output: { ids: unknown }) =>
          Array.isArray(output.ids)
            ? ok({ runs: [] })
            : err(
                new RunError({ code: 'UNKNOWN', message: 'not a page', provider: 'jobs', operation: 'list' }),
              ),
      },
    })
    const page = await adapter.doList?.({ provider: 'jobs', queue: 'q' } as never, { signal: live() })
    expect(page?._unsafeUnwrapErr()).toMatchObject({ code: 'UNKNOWN', message: 'not a page' })
  })

  it("close() is the clients' close unless the definition gives one", async () => {
    let closed = 0
    const provider = fakeProvider({})
    const adapter = defineAdapter({
      ...definition(provider),
      clients: { client: provider.client, close: async () => void closed++ },
    })
    await adapter.close?.()
    expect(closed).toBe(1)
    expect(defineAdapter(definition(provider)).close).toBeUndefined()
  })
})
