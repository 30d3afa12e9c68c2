import { isTerminal, RunError } from '@runstop/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerListTests } from './list-conformance.js'

const CAPABILITY_KEYS = [
  'stopReason',
  'stopErrorCode',
  'gracefulStop',
  'perHandleRegion',
  'list',
  'listStatusFilter',
]
function live() {
  return new AbortController().signal
}
/**
 * Registers the runstop adapter conformance suite with vitest. Every adapter, ours and
 * third-party, runs the same suite; what a provider cannot do is declared in `options.statuses`
 * and the adapter's `capabilities`, and the matching tests are not registered.
 */
export function runAdapterConformance(options) {
  describe(`runstop adapter conformance: ${options.name}`, () => {
    let fixture
    beforeAll(async () => {
      fixture = await options.setup()
    })
    afterAll(async () => {
      await options.teardown?.()
    })
    it('declares specification v1, a provider name and every capability as a boolean', () => {
      const { adapter } = fixture
      expect(adapter.specificationVersion).toBe('v1')
      expect(typeof adapter.provider).toBe('string')
      expect(adapter.provider.length).toBeGreaterThan(0)
      for (const key of CAPABILITY_KEYS) expect(typeof adapter.capabilities[key], key).toBe('boolean')
      for (const value of Object.values(adapter.capabilities)) expect(typeof value).toBe('boolean')
      // The list tests run exactly when the adapter can list: a listing adapter must give their fixture.
      expect(adapter.capabilities.list, 'capabilities.list and options.listing go together').toBe(
        options.listing !== undefined,
      )
    })
    it('rejects invalid handles locally with VALIDATION and sends nothing', () => {
      expect(fixture.invalidHandles.length).toBeGreaterThan(0)
      const before = fixture.requestCount()
      for (const handle of fixture.invalidHandles) {
        const result = fixture.adapter.validate(handle)
        expect(result.isErr(), JSON.stringify(handle)).toBe(true)
        const error = result._unsafeUnwrapErr()
        expect(RunError.is(error)).toBe(true)
        expect(error.code).toBe('VALIDATION')
        expect(error.provider).toBe(fixture.adapter.provider)
      }
      expect(fixture.requestCount()).toBe(before)
    })
    it('rejects a handle of another provider with VALIDATION', () => {
      const result = fixture.adapter.validate({ provider: `not-${fixture.adapter.provider}` })
      expect(result._unsafeUnwrapErr().code).toBe('VALIDATION')
    })
    for (const status of options.statuses) {
      it(`reads a ${status} run as '${status}', keeping the provider's own status`, async () => {
        const handle = await fixture.createRun(status)
        const valid = fixture.adapter.validate(handle)._unsafeUnwrap()
        const snapshot = (await fixture.adapter.doGet(valid, { signal: live() }))._unsafeUnwrap()
        expect(snapshot.status).toBe(status)
        expect(typeof snapshot.providerStatus).toBe('string')
        expect(snapshot.providerStatus.length).toBeGreaterThan(0)
        expect(snapshot.handle).toEqual(valid)
      })
    }
    for (const status of options.statuses.filter((s) => isTerminal(s))) {
      it(`answers a stop of a ${status} run with already_terminal, status '${status}' (Ok, not an error)`, async () => {
        const handle = fixture.adapter.validate(await fixture.createRun(status))._unsafeUnwrap()
        const result = (await fixture.adapter.doStop(handle, { signal: live() }))._unsafeUnwrap()
        expect(result.outcome).toBe('already_terminal')
        expect(result.status).toBe(status)
      })
    }
    for (const status of options.statuses.filter((s) => s === 'running' || s === 'pending')) {
      it(`stops a ${status} run: stop_requested (stopping) or stopped`, async () => {
        const handle = fixture.adapter.validate(await fixture.createRun(status))._unsafeUnwrap()
        const result = (await fixture.adapter.doStop(handle, { signal: live() }))._unsafeUnwrap()
        expect(['stop_requested', 'stopped']).toContain(result.outcome)
        expect(result.status).toBe(result.outcome === 'stopped' ? 'stopped' : 'stopping')
        expect(result.reasonRecorded).toBe(false)
      })
    }
    if (options.statuses.includes('running')) {
      it('records a stop reason exactly when the provider can (capabilities.stopReason)', async () => {
        const handle = fixture.adapter.validate(await fixture.createRun('running'))._unsafeUnwrap()
        const result = await fixture.adapter.doStop(handle, { reason: 'conformance suite', signal: live() })
        expect(result._unsafeUnwrap().reasonRecorded).toBe(fixture.adapter.capabilities.stopReason)
      })
    }
    if (options.statuses.includes('stopping')) {
      it('treats a second stop of a stopping run as stop_requested, not a failure', async () => {
        const handle = fixture.adapter.validate(await fixture.createRun('stopping'))._unsafeUnwrap()
        const result = (await fixture.adapter.doStop(handle, { signal: live() }))._unsafeUnwrap()
        expect(['stop_requested', 'stopped', 'already_terminal']).toContain(result.outcome)
      })
    }
    it('answers NOT_FOUND for a get and a stop of a missing run, as a RunError naming provider and operation', async () => {
      const handle = fixture.adapter.validate(await fixture.missingHandle())._unsafeUnwrap()
      for (const [operation, call] of [
        ['get', () => fixture.adapter.doGet(handle, { signal: live() })],
        ['stop', () => fixture.adapter.doStop(handle, { signal: live() })],
      ]) {
        const error = (await call())._unsafeUnwrapErr()
        expect(RunError.is(error)).toBe(true)
        expect(error.code).toBe('NOT_FOUND')
        expect(error.provider).toBe(fixture.adapter.provider)
        expect(error.operation).toBe(operation)
        expect(error.retryable).toBe(false)
        expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'NOT_FOUND' })
      }
    })
    it('answers ABORTED for an already-aborted signal and does not hang', async () => {
      const handle = fixture.adapter.validate(await fixture.missingHandle())._unsafeUnwrap()
      const result = await fixture.adapter.doGet(handle, { signal: AbortSignal.abort() })
      expect(result._unsafeUnwrapErr().code).toBe('ABORTED')
    })
    if (options.features?.abortInFlight)
      it('abandons an in-flight request promptly when the signal fires', async () => {
        if (!fixture.setLatency) throw new Error('features.abortInFlight needs fixture.setLatency')
        const handle = await fixture.createRun(options.statuses[0] ?? 'running')
        const valid = fixture.adapter.validate(handle)._unsafeUnwrap()
        fixture.setLatency(5_000)
        try {
          const controller = new AbortController()
          const started = Date.now()
          setTimeout(() => controller.abort(), 50)
          const result = await fixture.adapter.doGet(valid, { signal: controller.signal })
          expect(result._unsafeUnwrapErr().code).toBe('ABORTED')
          expect(Date.now() - started).toBeLessThan(options.abortWithinMs ?? 2_000)
        } finally {
          fixture.setLatency(0)
        }
      })
    if (options.listing) registerListTests(() => fixture, options.listing, options.statuses)
    if (options.features?.throttling)
      it('maps the provider throttling error to a retryable THROTTLED', async () => {
        if (!fixture.injectThrottle) throw new Error('features.throttling needs fixture.injectThrottle')
        const handle = fixture.adapter
          .validate(await fixture.createRun(options.statuses[0] ?? 'running'))
          ._unsafeUnwrap()
        fixture.injectThrottle()
        const error = (await fixture.adapter.doGet(handle, { signal: live() }))._unsafeUnwrapErr()
        expect(error.code).toBe('THROTTLED')
        expect(error.retryable).toBe(true)
      })
    // Last: it releases the adapter's clients (a later call builds new ones).
    it('close(), when the adapter has one, resolves, twice, and a later call still answers a Result', async () => {
      const { adapter } = fixture
      if (adapter.close === undefined) return
      const handle = adapter
        .validate(await fixture.createRun(options.statuses[0] ?? 'running'))
        ._unsafeUnwrap()
      expect((await adapter.doGet(handle, { signal: live() })).isOk()).toBe(true)
      await expect(adapter.close()).resolves.toBeUndefined()
      await expect(adapter.close()).resolves.toBeUndefined()
      const after = await adapter.doGet(handle, { signal: live() })
      expect(after.isOk() || RunError.is(after.error)).toBe(true)
      await adapter.close()
    })
  })
}
