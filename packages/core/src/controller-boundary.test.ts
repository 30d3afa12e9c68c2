import { err, ok, okAsync, type Result, ResultAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { createRunController } from './controller.js'
import type { RunController } from './controller-types.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { StopResult } from './stop-result.js'
import { createFakeAdapter, snapshot, stopReply } from './test-support/fake-adapter.js'

/** A provider getter that throws, as a hostile or broken object would. */
function throwingProvider(): RunHandle {
  return Object.defineProperty({ runId: 'r-1' }, 'provider', {
    enumerable: true,
    get() {
      throw new Error('hostile getter')
    },
  }) as unknown as RunHandle
}

/** A runId getter that answers a valid id first and a path traversal afterwards. */
function shiftyHandle(): { handle: RunHandle; reads: () => number } {
  let reads = 0
  const handle = {
    provider: 'fake',
    get runId() {
      reads++
      return reads === 1 ? 'r-1' : '../../x'
    },
  } as unknown as RunHandle
  return { handle, reads: () => reads }
}

/** A fake adapter whose validate refuses anything but a plain id, like the real ones. */
function strictAdapter() {
  const sent: string[] = []
  const adapter = createFakeAdapter('fake', {
    validate: (h) =>
      /^[a-z0-9-]+$/.test(String(h.runId))
        ? ok(h)
        : err(new RunError({ code: 'VALIDATION', message: 'bad runId', provider: 'fake' })),
    stop: (h) => {
      sent.push(String(h.runId))
      return okAsync(stopReply(h))
    },
    get: (h) => {
      sent.push(String(h.runId))
      return okAsync(snapshot(h, 'succeeded'))
    },
  })
  return { adapter, sent }
}

const hostile: [string, () => unknown][] = [
  ['a throwing provider getter', throwingProvider],
  [
    'a revoked proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({ provider: 'fake' }, {})
      revoke()
      return proxy
    },
  ],
  ['a proxy whose traps throw', () => new Proxy({}, { ownKeys: () => [1] as never })],
  ['null', () => null],
  ['a number', () => 7],
  ['a BigInt field', () => ({ provider: 'fake', runId: 10n })],
  ['an empty key', () => ({ provider: 'fake', runId: 'r', '': 'x' })],
]

describe('the controller boundary: any input, never a throw or rejection', () => {
  it.each(hostile)('stop/get/waitForTerminal answer VALIDATION for %s', async (_name, make) => {
    const { adapter, sent } = strictAdapter()
    const runs = createRunController({ adapters: [adapter] })
    const calls = [
      () => runs.stop(make() as RunHandle),
      () => runs.get(make() as RunHandle),
      () => runs.waitForTerminal(make() as RunHandle),
    ]
    for (const call of calls) {
      const result = await call()
      const error = result._unsafeUnwrapErr()
      expect(error.code).toBe('VALIDATION')
      expect(() => JSON.stringify(error)).not.toThrow()
    }
    expect(sent).toEqual([])
    expect(adapter.calls.validate).toBe(0)
  })

  it.each(hostile)('stopMany reports %s as a VALIDATION failure', async (_name, make) => {
    const { adapter, sent } = strictAdapter()
    const runs = createRunController({ adapters: [adapter] })
    const given = make()
    const report = await runs.stopMany([given as RunHandle, { provider: 'fake', runId: 'ok-1' }])
    expect(report.total).toBe(2)
    expect(report.stopRequested).toHaveLength(1)
    expect(report.failed).toHaveLength(1)
    expect(report.failed[0]?.error.code).toBe('VALIDATION')
    expect(() => JSON.stringify(report.failed[0]?.error)).not.toThrow()
    expect(sent).toEqual(['ok-1'])
  })

  it('reads each field of a handle once, and sends the value it validated', async () => {
    const { adapter, sent } = strictAdapter()
    const runs = createRunController({ adapters: [adapter] })
    for (const call of [
      (h: RunHandle) => runs.stop(h),
      (h: RunHandle) => runs.get(h),
      (h: RunHandle) => runs.waitForTerminal(h),
    ]) {
      const { handle, reads } = shiftyHandle()
      const result = await call(handle)
      expect(result.isOk()).toBe(true)
      expect(reads()).toBe(1)
    }
    const { handle, reads } = shiftyHandle()
    const report = await runs.stopMany([handle])
    expect(report.stopRequested).toHaveLength(1)
    expect(reads()).toBe(1)
    expect(sent).toEqual(['r-1', 'r-1', 'r-1', 'r-1'])
  })

  it('hands the adapter exactly the canonical handle its validate returned', async () => {
    const canonical: RunHandle = { provider: 'fake', runId: 'canonical' }
    let received: RunHandle | undefined
    const adapter = createFakeAdapter('fake', {
      validate: () => ok(canonical),
      stop: (h) => {
        received = h
        return okAsync(stopReply(h))
      },
    })
    const runs = createRunController({ adapters: [adapter] })
    await runs.stop({ provider: 'fake', runId: 'given' })
    expect(received).toBe(canonical)
  })

  it('gives validate a plain copy, never the caller object', async () => {
    let validated: RunHandle | undefined
    const adapter = createFakeAdapter('fake', {
      validate: (h) => {
        validated = h
        return ok(h)
      },
    })
    const runs = createRunController({ adapters: [adapter] })
    const given = new Proxy({ provider: 'fake', runId: 'r' }, {})
    await runs.get(given)
    expect(validated).toEqual({ provider: 'fake', runId: 'r' })
    expect(validated).not.toBe(given)
  })
})

/** A stop the provider never answers; resolves `started` once the request is handed over. */
function hangingStop() {
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })
  const adapter = createFakeAdapter('fake', {
    stop: () => {
      markStarted()
      return new ResultAsync<StopResult, RunError>(new Promise(() => {}))
    },
  })
  return { adapter, started }
}

describe('details.sent: whether a stop may have reached the provider', () => {
  it('is true for a stop aborted while its request was out', async () => {
    const { adapter, started } = hangingStop()
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const pending = runs.stop({ provider: 'fake', runId: 'r' }, { signal: controller.signal })
    await started
    controller.abort()
    const error = (await pending)._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    expect(error.details?.sent).toBe(true)
    expect(error.toJSON().details?.sent).toBe(true)
  })

  it('is true for a stop whose deadline passed while its request was out', async () => {
    const { adapter } = hangingStop()
    const runs = createRunController({ adapters: [adapter] })
    const error = (await runs.stop({ provider: 'fake', runId: 'r' }, { timeoutMs: 20 }))._unsafeUnwrapErr()
    expect(error.code).toBe('TIMEOUT')
    expect(error.details?.sent).toBe(true)
  })

  it('is false for a stop aborted before anything was sent', async () => {
    const { adapter } = hangingStop()
    const runs = createRunController({ adapters: [adapter] })
    const error = (
      await runs.stop({ provider: 'fake', runId: 'r' }, { signal: AbortSignal.abort() })
    )._unsafeUnwrapErr()
    expect(error.code).toBe('ABORTED')
    expect(error.details?.sent).toBe(false)
    expect(adapter.calls.stop).toBe(0)
  })

  it('is true for a stop inside stopMany aborted while its request was out', async () => {
    const { adapter, started } = hangingStop()
    const runs = createRunController({ adapters: [adapter] })
    const controller = new AbortController()
    const pending = runs.stopMany([{ provider: 'fake', runId: 'r' }], { signal: controller.signal })
    await started
    controller.abort()
    const report = await pending
    expect(report.failed).toHaveLength(1)
    expect(report.failed[0]?.error.code).toBe('ABORTED')
    expect(report.failed[0]?.error.details?.sent).toBe(true)
  })
})

describe('close()', () => {
  function closable(provider = 'fake') {
    let closes = 0
    const adapter = Object.assign(createFakeAdapter(provider), {
      close: async () => {
        closes++
      },
    })
    return { adapter, closes: () => closes }
  }

  it('closes every adapter once, then answers calls with an error Result, sending nothing', async () => {
    const a = closable('a')
    const b = closable('b')
    const runs: RunController = createRunController({ adapters: [a.adapter, b.adapter] })
    await runs.close()
    await runs.close()
    expect([a.closes(), b.closes()]).toEqual([1, 1])
    const stop = (await runs.stop({ provider: 'a', runId: 'r' }))._unsafeUnwrapErr()
    expect(stop.code).toBe('ABORTED')
    expect(stop.details).toEqual({ sent: false, closed: true })
    expect((await runs.get({ provider: 'a', runId: 'r' }))._unsafeUnwrapErr().code).toBe('ABORTED')
    expect((await runs.waitForTerminal({ provider: 'b', runId: 'r' }))._unsafeUnwrapErr().code).toBe(
      'ABORTED',
    )
    const report = await runs.stopMany([{ provider: 'a', runId: 'r' }])
    expect(report.failed[0]?.error.details?.closed).toBe(true)
    expect(a.adapter.calls.stop + a.adapter.calls.get + b.adapter.calls.get).toBe(0)
  })

  it('lets a call in flight settle before closing the adapters', async () => {
    let closed = false
    let finish: () => void = () => {}
    const adapter = Object.assign(
      createFakeAdapter('fake', {
        stop: (h) =>
          new ResultAsync(
            new Promise<Result<StopResult, RunError>>((resolve) => {
              finish = () => resolve(ok(stopReply(h)))
            }),
          ),
      }),
      {
        close: async () => {
          closed = true
        },
      },
    )
    const runs = createRunController({ adapters: [adapter] })
    const pending = runs.stop({ provider: 'fake', runId: 'r' })
    await new Promise((resolve) => setImmediate(resolve))
    const closing = runs.close()
    await new Promise((resolve) => setImmediate(resolve))
    expect(closed).toBe(false)
    finish()
    expect((await pending).isOk()).toBe(true)
    await closing
    expect(closed).toBe(true)
  })

  it('never rejects, even when an adapter close throws; asyncDispose closes too', async () => {
    const good = closable('good')
    const bad = Object.assign(createFakeAdapter('bad'), {
      close: () => Promise.reject(new Error('boom')),
    })
    const runs = createRunController({ adapters: [bad, good.adapter] })
    await expect(runs[Symbol.asyncDispose]()).resolves.toBeUndefined()
    expect(good.closes()).toBe(1)
  })
})
