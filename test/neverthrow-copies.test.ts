// The published @runstop/core carries neverthrow's ES module build inside its bundle (node loads
// that much faster than the CommonJS `main` a bare `import 'neverthrow'` gets), so a program that
// imports neverthrow itself holds a second copy of its classes. These tests pin down what packages/core/README.md promises
// about that: the two copies mix through methods and thenables, never through class identity.
import {
  ResultAsync as CoreResultAsync,
  ok as coreOk,
  createRunController,
  type RunAdapter,
  RunError,
  stopResultFromReply,
} from '@runstop/core'
import { err, errAsync, Ok, ok, okAsync, ResultAsync, safeTry } from 'neverthrow'
import { describe, expect, it } from 'vitest'

const provider = 'memory'

/** An adapter written against the program's own neverthrow (the CommonJS copy). */
function memoryAdapter(): RunAdapter {
  const statuses = new Map([['run-1', 'RUNNING']])
  const missing = () => new RunError({ code: 'NOT_FOUND', message: 'no such run', provider })
  return {
    specificationVersion: 'v1',
    provider,
    capabilities: {
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: false,
      perHandleRegion: false,
      list: false,
      listStatusFilter: false,
    },
    validate: (handle) => (typeof handle.id === 'string' ? ok(handle) : err(missing())),
    doStop: (handle) => {
      if (!statuses.has(handle.id as string)) return errAsync(missing())
      statuses.set(handle.id as string, 'STOPPED')
      const reply = { status: 'stopped', providerStatus: 'STOPPED', reasonRecorded: false } as const
      return okAsync(stopResultFromReply({ handle, ...reply, raw: {} }))
    },
    doGet: (handle) => {
      const providerStatus = statuses.get(handle.id as string)
      if (providerStatus === undefined) return errAsync(missing())
      const status = providerStatus === 'STOPPED' ? 'stopped' : 'running'
      return okAsync({ handle, status, providerStatus, raw: {} } as const)
    },
  }
}

const run = { provider, id: 'run-1' }
const gone = { provider, id: 'run-2' }

describe("runstop's neverthrow copy beside the program's own", () => {
  it('is a second copy: Results are not instances of the classes the program imports', async () => {
    // The premise of the tests below (were it one copy, they would prove nothing).
    const runs = createRunController({ adapters: [memoryAdapter()], retry: false })
    const stopping = runs.stop(run)
    expect(stopping).not.toBeInstanceOf(ResultAsync)
    const stopped = await stopping
    expect(stopped).not.toBeInstanceOf(Ok)
    expect(stopped.isOk()).toBe(true)
  })

  it("takes an adapter's Results of the program's copy, ok and err alike", async () => {
    const runs = createRunController({ adapters: [memoryAdapter()], retry: false })
    const stopped = await runs.stop(run)
    expect(stopped.isOk() && stopped.value.outcome).toBe('stopped')
    const missing = await runs.get(gone)
    expect(missing.isErr() && [missing.error.code, missing.error.operation]).toEqual(['NOT_FOUND', 'get'])
  })

  it("chains with the program's andThen, orElse and combine", async () => {
    const runs = createRunController({ adapters: [memoryAdapter()], retry: false })
    const chained = await okAsync(run)
      .andThen((handle) => runs.stop(handle))
      .andThen((result) => runs.get(result.handle))
    expect(chained.isOk() && chained.value.providerStatus).toBe('STOPPED')

    const syncChained = await ok(gone).asyncAndThen((handle) => runs.get(handle))
    expect(syncChained.isErr() && syncChained.error.code).toBe('NOT_FOUND')

    const recovered = await runs
      .get(gone)
      .orElse((error) => (error.code === 'NOT_FOUND' ? okAsync(null) : errAsync(error)))
    expect(recovered.isOk() && recovered.value).toBeNull()

    const both = await ResultAsync.combine([runs.get(run), runs.get(gone)])
    expect(both.isErr() && both.error.code).toBe('NOT_FOUND')
    const all = await ResultAsync.combineWithAllErrors([runs.get(gone), runs.get(gone)])
    expect(all.isErr() && all.error.map((e) => e.code)).toEqual(['NOT_FOUND', 'NOT_FOUND'])
  })

  it("works in the program's safeTry, the early return included", async () => {
    const runs = createRunController({ adapters: [memoryAdapter()], retry: false })
    const status = await safeTry(async function* () {
      const stopped = yield* runs.stop(run)
      const snapshot = yield* runs.get(stopped.handle)
      return ok(snapshot.status)
    })
    expect(status.isOk() && status.value).toBe('stopped')

    let reachedAfterError = false
    const failed = await safeTry(async function* () {
      yield* runs.get(gone)
      reachedAfterError = true
      return ok('unreachable')
    })
    expect(failed.isErr() && failed.error.code).toBe('NOT_FOUND')
    expect(reachedAfterError).toBe(false)
  })
})

describe("@runstop/core's re-exports are runstop's own copy", () => {
  it("what runstop returns is an instance of the classes core re-exports (one copy in runstop's packages)", async () => {
    const runs = createRunController({ adapters: [memoryAdapter()], retry: false })
    const stopping = runs.stop(run)
    expect(stopping).toBeInstanceOf(CoreResultAsync)
    const stopped = await stopping
    expect(stopped).toBeInstanceOf(coreOk(0).constructor)
  })
})
