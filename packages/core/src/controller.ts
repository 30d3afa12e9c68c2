import { err, ok, type Result, ResultAsync } from 'neverthrow'
import type { AnyRunAdapter } from './adapter.js'
import type { BatchStopFn } from './batch.js'
import { type CallPathModule, loadCallPath, loadedCallPath } from './call-path.js'
import type { CallEntry, CallObserver, CallsSetup, ControllerCalls } from './controller-calls.js'
import type { ControllerOptions, RunController } from './controller-types.js'
// The call path (with listing) and the batch engine are chunks loaded on first use (cold start):
// these hand over to them.
import { stopEach, stopMany } from './lazy-batch.js'
import { listRunsOnFirstUse } from './lazy-listing.js'
import { chunkLoadError, loadOnce } from './lazy-module.js'
import { copyHandle } from './plain-handle.js'
import { resolveRetryPolicy } from './retry-policy.js'
import type { RunError, RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { stopAll } from './stop-all.js'

/** Test seams; not part of the documented options. */
interface ControllerInternals {
  /** Jitter source for backoff. Default `Math.random`. */
  readonly random?: () => number
  /** Loads the call path's module (a failed load is tried again by the next call). */
  readonly loadCalls?: () => Promise<CallPathModule>
}

/**
 * Creates the controller: one object that stops, reads and waits for runs on any provider it has
 * an adapter for. Retries, deadlines, aborts, waiting, batching and hooks live here, once, so
 * adapters stay thin. Every method answers with a Result; none throws.
 *
 * Two adapters claiming one provider name are a configuration mistake: the controller keeps
 * neither, and every call for that provider answers `NOT_SUPPORTED` saying so (nothing is sent).
 */
export function createRunController(options: ControllerOptions & ControllerInternals): RunController {
  const adapters = new Map<string, AnyRunAdapter>()
  const ambiguous = new Set<string>()
  for (const adapter of options.adapters) {
    if (adapters.has(adapter.provider)) ambiguous.add(adapter.provider)
    adapters.set(adapter.provider, adapter)
  }
  for (const provider of ambiguous) adapters.delete(provider)
  // Every adapter given, ambiguous ones included, is closed by close().
  const closable = [...new Set(options.adapters)]
  const setup: CallsSetup = {
    adapters,
    ambiguous,
    policy: resolveRetryPolicy(options.retry),
    hooks: options.hooks ?? {},
    random: options.random,
  }

  // The call path (controller-calls.ts) is read on the process's first call: until it is loaded,
  // a call waits for it (the handle copied and `close()` read at the moment of the call, as
  // after); from then on, and in every controller made after, the methods go straight to it.
  const loadModule = options.loadCalls ?? loadCallPath
  let calls = options.loadCalls === undefined ? loadedCallPath()?.createControllerCalls(setup) : undefined
  let loading: Promise<ControllerCalls> | undefined
  const loadCalls = loadOnce(() =>
    loadModule().then((module) => {
      calls ??= module.createControllerCalls(setup)
      return calls
    }),
  )
  function load(): Promise<ControllerCalls> {
    loading = loadCalls()
    return loading
  }
  /**
   * A call made before the call path is loaded: `run` once it is. A failed load (a broken
   * install) is the call's `Err`, nothing sent (a handle that could not even be copied keeps its
   * own error); a batch's stop tells its observer, as any stop.
   */
  function afterLoad<T>(
    operation: RunOperation,
    plain: Result<RunHandle, RunError>,
    run: (loaded: ControllerCalls) => Promise<Result<T, RunError>>,
    observer?: CallObserver,
  ): Promise<Result<T, RunError>> {
    return load().then(run, (cause: unknown) => {
      const result = err(
        plain.isOk()
          ? chunkLoadError("the controller's call path", cause).with({
              operation,
              provider: plain.value.provider,
              handle: plain.value,
            })
          : plain.error.with({ operation }),
      )
      observer?.onEnd?.(result)
      return result
    })
  }

  let closed = false
  let closing: Promise<void> | undefined
  /** Refuses new calls, lets the calls in flight settle, then closes every adapter once. */
  function close(): Promise<void> {
    closed = true
    closing ??= (async () => {
      // Calls made before close() that wait for the call path enter it before this does: their
      // callbacks were registered on `loading` first.
      const path = loading ?? calls
      if (path !== undefined) await Promise.resolve(path).then((loaded) => loaded.drained(), ignore)
      await Promise.all(
        closable.map(async (adapter) => {
          try {
            await adapter.close?.()
          } catch {
            // A failing close must not keep the other adapters open, nor reject.
          }
        }),
      )
    })()
    return closing
  }

  const batchStop: BatchStopFn = (handle, stopOptions, observer) => {
    if (calls !== undefined) return calls.batchStop(handle, closed, stopOptions, observer)
    const wasClosed = closed
    return afterLoad(
      'stop',
      ok(handle),
      (loaded) => loaded.batchStop(handle, wasClosed, stopOptions, observer),
      observer,
    )
  }

  /**
   * A public call's boundary: the handle copied and `close()` read now, then the call path's
   * `entry`, at once or once the path is loaded.
   */
  function enter<T, O>(
    entry: (path: ControllerCalls) => CallEntry<T, O>,
    operation: RunOperation,
    handle: unknown,
    callOptions: O | undefined,
  ): ResultAsync<T, RunError> {
    const plain = copyHandle(handle)
    if (calls !== undefined) return new ResultAsync(entry(calls)(plain, closed, callOptions))
    const wasClosed = closed
    return new ResultAsync(
      afterLoad(operation, plain, (loaded) => entry(loaded)(plain, wasClosed, callOptions)),
    )
  }

  const controller: RunController = {
    providers: [...adapters.keys()],
    get: (handle, callOptions) => enter(getEntry, 'get', handle, callOptions),
    waitForTerminal: (handle, waitOptions) => enter(waitEntry, 'get', handle, waitOptions),
    stop: (handle, stopOptions) => enter(stopEntry, 'stop', handle, stopOptions),
    stopMany: (handles, batchOptions) => stopMany(batchStop, handles, batchOptions),
    stopEach: (handles, batchOptions) => stopEach(batchStop, handles, batchOptions),
    listRuns: (scope, listOptions) =>
      calls?.listRuns(scope, listOptions) ?? listRunsOnFirstUse(load, scope, listOptions),
    stopAll: (scope, stopAllOptions) => stopAll(controller, scope, stopAllOptions),
    close,
    [Symbol.asyncDispose]: close,
  }
  return controller
}

const ignore = () => undefined
const getEntry = (path: ControllerCalls) => path.get
const waitEntry = (path: ControllerCalls) => path.waitForTerminal
const stopEntry = (path: ControllerCalls) => path.stop
