import { err, ok, okAsync, type Result, ResultAsync } from 'neverthrow'
import type { AdapterCapabilities, GetContext, RunAdapter, StopContext } from '../adapter.js'
import { RunError, type RunErrorCode } from '../run-error.js'
import type { RunHandle } from '../run-handle.js'
import type { RunSnapshot } from '../run-snapshot.js'
import type { RunStatus } from '../run-status.js'
import type { StopResult } from '../stop-result.js'

/**
 * An in-memory adapter for the controller's own tests: it exercises retries, deadlines, aborts,
 * waiting and batching, not any provider. Behaviour per call is a plain function, so a test can
 * return a ResultAsync, a rejected promise, a never-settling promise or throw.
 */
export interface FakeBehaviour {
  readonly validate?: (handle: RunHandle) => unknown
  readonly stop?: (handle: RunHandle, ctx: StopContext, call: number) => unknown
  readonly get?: (handle: RunHandle, ctx: GetContext, call: number) => unknown
}

export interface FakeAdapter extends RunAdapter {
  readonly calls: { stop: number; get: number; validate: number }
  /** Stop/get calls whose returned promise has not settled yet. */
  readonly inFlight: number
  readonly maxInFlight: number
  readonly stopContexts: StopContext[]
}

const CAPABILITIES: AdapterCapabilities = {
  stopReason: true,
  stopErrorCode: false,
  gracefulStop: true,
  perHandleRegion: false,
  list: false,
  listStatusFilter: false,
}

/** A snapshot of `handle` in `status` (the provider status defaults to the same word). */
export function snapshot(handle: RunHandle, status: RunStatus, providerStatus: string = status): RunSnapshot {
  return { handle, status, providerStatus, raw: { status: providerStatus } }
}

/** A stop result; `stop_requested` (status `stopping`) unless told otherwise. */
export function stopReply(
  handle: RunHandle,
  outcome: StopResult['outcome'] = 'stop_requested',
  status: RunStatus = outcome === 'stop_requested' ? 'stopping' : 'stopped',
): StopResult {
  return { handle, outcome, status, providerStatus: status, reasonRecorded: false, raw: {} }
}

/** A RunError from the fake provider; retryable per the code's default. */
export function fakeError(
  code: RunErrorCode,
  extra: { retryAfterMs?: number; providerCode?: string } = {},
): RunError {
  return new RunError({ code, message: `fake ${code}`, provider: 'fake', ...extra })
}

/** Answers `value` after `ms` of (possibly fake) time, or ABORTED at once when the signal fires. */
export function delayed<T>(
  ms: number,
  value: Result<T, RunError>,
  signal: AbortSignal,
): ResultAsync<T, RunError> {
  return new ResultAsync(
    new Promise<Result<T, RunError>>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer)
        resolve(err(fakeError('ABORTED')))
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      }, ms)
      signal.addEventListener('abort', onAbort, { once: true })
    }),
  )
}

/** A fake adapter named `provider` whose validate/stop/get follow `behaviour` (defaults: valid, stop_requested, running). */
export function createFakeAdapter(provider = 'fake', behaviour: FakeBehaviour = {}): FakeAdapter {
  const calls = { stop: 0, get: 0, validate: 0 }
  const stopContexts: StopContext[] = []
  let inFlight = 0
  let maxInFlight = 0
  const track = (returned: unknown): unknown => {
    if (typeof returned !== 'object' || returned === null || !('then' in returned)) return returned
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const done = () => {
      inFlight--
    }
    ;(returned as PromiseLike<unknown>).then(done, done)
    return returned
  }
  const adapter = {
    specificationVersion: 'v1' as const,
    provider,
    capabilities: CAPABILITIES,
    calls,
    stopContexts,
    get inFlight() {
      return inFlight
    },
    get maxInFlight() {
      return maxInFlight
    },
    validate(handle: RunHandle) {
      calls.validate++
      return (behaviour.validate?.(handle) ?? ok(handle)) as Result<RunHandle, RunError>
    },
    doStop(handle: RunHandle, ctx: StopContext) {
      calls.stop++
      stopContexts.push(ctx)
      const returned = behaviour.stop ? behaviour.stop(handle, ctx, calls.stop) : okAsync(stopReply(handle))
      return track(returned) as ResultAsync<StopResult, RunError>
    },
    doGet(handle: RunHandle, ctx: GetContext) {
      calls.get++
      const returned = behaviour.get
        ? behaviour.get(handle, ctx, calls.get)
        : okAsync(snapshot(handle, 'running', 'RUNNING'))
      return track(returned) as ResultAsync<RunSnapshot, RunError>
    },
  }
  return adapter
}
