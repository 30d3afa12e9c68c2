import { err, errAsync, ok, type Result, ResultAsync } from 'neverthrow'
import type {
  AdapterCapabilities,
  GetContext,
  ListContext,
  RunAdapter,
  RunPage,
  StopContext,
} from './adapter.js'
import { checkClientRegion } from './client-region.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import { confirmStopWithGet, isAcceptedStopError, isAmbiguousStopError, settleStop } from './stop-outcome.js'
import type { StopResult } from './stop-result.js'

/** Where an adapter's calls go: a client per region (`createSdkClients` gives one). */
export interface AdapterClients<C> {
  /** The client for a region (`undefined`: the default region), built or loaded on first use. */
  client(region: string | undefined): C | Promise<C>
  /** One ready-made client for every handle: handles naming another region are refused locally. */
  readonly oneClient?: boolean
  /** Releases the clients built (the adapter's `close()` unless the definition gives its own). */
  close?(): Promise<void>
}

/** One request of an adapter built by `defineAdapter`, as its `send` wrapper sees it. */
export interface AdapterCall {
  /** The operation the request serves. */
  readonly operation: RunOperation
  /** The call's signal. */
  readonly signal: AbortSignal
  /** The HTTP status the wrapper saw, for an SDK that drops it: passed on to `mapError`. */
  httpStatus?: number
}

/** What `defineAdapter` needs: only what is the provider's own. */
export interface AdapterDefinition<
  H extends RunHandle,
  C,
  G,
  S,
  Sc extends RunScope = RunScope,
  L = unknown,
> {
  /** The provider name the adapter serves (the `provider` of its handles). */
  readonly provider: H['provider']
  /** `perHandleRegion` is turned off when `clients.oneClient` (one client has one region). */
  readonly capabilities: AdapterCapabilities
  /** Checks a handle locally (nothing sent). Run by `validate` and again before every request. */
  validate(handle: RunHandle): Result<H, RunError>
  /** Where the calls go: a client per region. */
  readonly clients: AdapterClients<C>
  /** The region a handle's calls go to. Default: `handle.region ?? defaultRegion`. */
  region?(handle: H): string | undefined
  /** The settings' region: the default, and the region a single client is taken to serve. */
  readonly defaultRegion?: string | undefined
  /**
   * Wraps every request (stop, get, list) once its client is ready, e.g. with an `HttpCallGuard`'s
   * `send` for an SDK that takes no AbortSignal. What it sets on `call.httpStatus` reaches `mapError`.
   */
  send?<T>(request: () => Promise<T>, call: AdapterCall): Promise<T>
  /** Maps anything a request failed with (the provider's error table lives here). */
  mapError(
    error: unknown,
    context: { operation: RunOperation; handle: H | Sc; signal: AbortSignal; httpStatus?: number },
  ): RunError
  /** Reads the run: the request, then the snapshot of its answer (a pure function). */
  readonly get: {
    /** Sends the provider's read request for the run. */
    send(client: C, handle: H, signal: AbortSignal): Promise<G>
    /** The snapshot of the provider's answer (pure: no I/O). */
    snapshot(handle: H, output: G): RunSnapshot<H>
  }
  /** Stops the run: the request, then the result of its answer. */
  readonly stop: {
    /** Sends the provider's stop request for the run. */
    send(client: C, handle: H, context: StopContext): Promise<S>
    /**
     * The StopResult of an accepted stop. `get` reads the run once, for providers whose reply
     * carries no status (usually `stopResultFromReply`, or a confirmation with `get`).
     */
    result(
      handle: H,
      reply: S,
      context: StopContext & { get(): ResultAsync<RunSnapshot<H>, RunError> },
    ): StopResult<H> | ResultAsync<StopResult<H>, RunError>
    /**
     * Provider error codes with which a stop of a finished run may be answered: confirmed with one
     * get (`confirmStopWithGet`): terminal → `already_terminal`, stopping → `stop_requested`.
     */
    readonly ambiguousErrors?: readonly string[]
    /**
     * For an SDK that fails on a body it cannot read: a stop failing with a 2xx status was accepted
     * and is settled with one get (`settleStop`), and a 400 or 409 without a provider code is
     * confirmed like an ambiguous code (`isAmbiguousStopError`).
     */
    readonly confirmUnreadable?: boolean
    /**
     * The longest `reason` / `errorCode` the provider stores, and what it calls them: a longer one
     * is `VALIDATION`, found locally (nothing is sent).
     */
    readonly limits?: {
      /** The stored reason: its longest length and the provider's name for it. */
      readonly reason?: {
        /** The shortest length taken. Default 0. */
        readonly min?: number
        /** The longest length stored. */
        readonly max: number
        /** What the provider calls the field. */
        readonly as: string
      }
      /** The stored error code: its longest length and the provider's name for it. */
      readonly errorCode?: {
        /** The shortest length taken. Default 0. */
        readonly min?: number
        /** The longest length stored. */
        readonly max: number
        /** What the provider calls the field. */
        readonly as: string
      }
    }
  }
  /**
   * Lists a scope's runs (give it with `capabilities.list`): the scope check (run by
   * `validateScope` and again before every request), one request, the page of its answer.
   */
  readonly list?: {
    /** Checks a scope locally (nothing sent). */
    validateScope(scope: RunScope): Result<Sc, RunError>
    /** The region a scope's calls go to. Default: `scope.region ?? defaultRegion`. */
    region?(scope: Sc): string | undefined
    /** Sends the provider's list request for one page. */
    send(client: C, scope: Sc, ctx: ListContext): Promise<L>
    /** The page of the provider's answer. */
    page(scope: Sc, output: L, ctx: ListContext): RunPage<H> | ResultAsync<RunPage<H>, RunError>
  }
  /** Frees what the adapter holds. Default: `clients.close`. */
  close?(): Promise<void>
}

/**
 * Builds a `RunAdapter` from the parts that are a provider's own, and does the rest the same way
 * for every adapter: validation again before each request (so a direct SPI call still sends
 * nothing unsafe), no request once the signal has fired, the client of the handle's region, one
 * attempt mapped by `mapError` (a throw anywhere becomes a mapped RunError, never a rejection),
 * the one-client region check, and the confirmation of an ambiguous stop with one get.
 */
export function defineAdapter<H extends RunHandle, C, G, S, Sc extends RunScope = RunScope, L = unknown>(
  definition: AdapterDefinition<H, C, G, S, Sc, L>,
): RunAdapter<H, Sc> {
  const { clients, defaultRegion } = definition
  const { list } = definition
  const regionOf = (handle: H | Sc, operation?: RunOperation) =>
    (operation === 'list' ? list?.region?.(handle as Sc) : definition.region?.(handle as H)) ??
    handle.region ??
    defaultRegion
  const oneClient = clients.oneClient === true

  // `seen` is read when the error is mapped: the `send` wrapper sets its httpStatus on the way.
  const mapError = (handle: H | Sc, seen: AdapterCall) => (error: unknown) => {
    const { operation, signal, httpStatus } = seen
    return definition.mapError(error, {
      operation,
      handle,
      signal,
      ...(httpStatus === undefined ? {} : { httpStatus }),
    })
  }

  const call = <T>(
    operation: RunOperation,
    handle: H | Sc,
    signal: AbortSignal,
    send: (client: C) => Promise<T>,
    seen: AdapterCall = { operation, signal },
  ): ResultAsync<T, RunError> =>
    ResultAsync.fromPromise(
      Promise.resolve().then(async () => {
        const checked = operation === 'list' ? list?.validateScope(handle) : definition.validate(handle)
        if (checked?.isErr()) throw checked.error
        if (signal.aborted) throw signal.reason ?? new Error('The call was aborted.')
        const client = await clients.client(regionOf(handle, operation))
        return definition.send === undefined ? send(client) : definition.send(() => send(client), seen)
      }),
      mapError(handle, seen),
    )

  // The value is boxed so that a ResultAsync (a thenable) returned by `run` is not adopted here.
  const attempt = <T>(
    operation: RunOperation,
    handle: H | Sc,
    signal: AbortSignal,
    run: () => T,
    seen: AdapterCall = { operation, signal },
  ) =>
    ResultAsync.fromPromise(
      Promise.resolve().then(() => ({ value: run() })),
      mapError(handle, seen),
    )

  // A ResultAsync (a thenable) settles to its Result; a plain value is the answer.
  const settle = <T>(value: T | ResultAsync<T, RunError>): ResultAsync<T, RunError> | Result<T, RunError> =>
    typeof (value as { then?: unknown }).then === 'function'
      ? (value as ResultAsync<T, RunError>)
      : ok(value as T)

  const doGet = (handle: H, ctx: GetContext): ResultAsync<RunSnapshot<H>, RunError> => {
    const seen: AdapterCall = { operation: 'get', signal: ctx.signal }
    return call('get', handle, ctx.signal, (client) => definition.get.send(client, handle, ctx.signal), seen)
      .andThen((output) =>
        attempt('get', handle, ctx.signal, () => definition.get.snapshot(handle, output), seen),
      )
      .map(({ value }) => value)
  }

  const tooLong = (handle: H, ctx: StopContext): RunError | undefined => {
    for (const field of ['reason', 'errorCode'] as const) {
      const value = ctx[field]
      const limit = definition.stop.limits?.[field]
      const min = limit?.min ?? 0
      if (value === undefined || limit === undefined || (value.length <= limit.max && value.length >= min))
        continue
      return new RunError({
        code: 'VALIDATION',
        message: `The stop's ${field} (sent as ${limit.as}) is ${value.length} characters; ${definition.provider} takes ${min > 0 ? `${min} to` : 'at most'} ${limit.max}.`,
        provider: definition.provider,
        operation: 'stop',
        handle,
      })
    }
    return undefined
  }

  const doStop = (handle: H, ctx: StopContext): ResultAsync<StopResult<H>, RunError> => {
    const seen: AdapterCall = { operation: 'stop', signal: ctx.signal }
    const get = () => doGet(handle, ctx)
    const { ambiguousErrors = [], confirmUnreadable = false } = definition.stop
    return call(
      'stop',
      handle,
      ctx.signal,
      (client) => {
        const refused = tooLong(handle, ctx)
        if (refused) throw refused
        return definition.stop.send(client, handle, ctx)
      },
      seen,
    )
      .andThen((reply) =>
        attempt(
          'stop',
          handle,
          ctx.signal,
          () => definition.stop.result(handle, reply, { ...ctx, get }),
          seen,
        ),
      )
      .andThen(({ value }) => settle(value))
      .orElse((error) => {
        if (ctx.signal.aborted) return errAsync(error)
        if (confirmUnreadable && isAcceptedStopError(error))
          return settleStop(errAsync(error), { handle, reasonRecorded: ctx.reason !== undefined, get })
        const ambiguous = confirmUnreadable
          ? isAmbiguousStopError(error, new Set(ambiguousErrors))
          : error.providerCode !== undefined && ambiguousErrors.includes(error.providerCode)
        return ambiguous ? confirmStopWithGet(error, get) : errAsync(error)
      })
  }

  // One client serves one region: a handle or scope naming another is refused locally.
  const inClientRegion = <T extends H | Sc>(checked: Result<T, RunError>, operation?: RunOperation) => {
    if (checked.isErr() || !oneClient) return checked
    const region = regionOf(checked.value, operation)
    const refused = checkClientRegion({ ...checked.value, region }, definition.provider, defaultRegion)
    return refused.isErr() ? err(refused.error.with({ handle: checked.value })) : checked
  }
  const close = definition.close ?? clients.close?.bind(clients)

  return {
    specificationVersion: 'v1',
    provider: definition.provider,
    capabilities: oneClient
      ? { ...definition.capabilities, perHandleRegion: false }
      : definition.capabilities,
    validate: (handle) => inClientRegion(definition.validate(handle)),
    doStop,
    doGet,
    ...(list === undefined
      ? {}
      : {
          validateScope: (scope: RunScope) =>
            inClientRegion(list.validateScope(scope), 'list').mapErr((e) => e.with({ operation: 'list' })),
          doList: (scope: Sc, ctx: ListContext) => {
            const seen: AdapterCall = { operation: 'list', signal: ctx.signal }
            return call('list', scope, ctx.signal, (client) => list.send(client, scope, ctx), seen)
              .andThen((output) =>
                attempt('list', scope, ctx.signal, () => list.page(scope, output, ctx), seen),
              )
              .andThen(({ value }) => settle(value))
          },
        }),
    ...(close === undefined ? {} : { close }),
  }
}
