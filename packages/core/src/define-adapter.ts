import { err, ok, type Result, ResultAsync } from 'neverthrow'
import { cannotFire } from './abort-signal.js'
import type {
  AdapterCapabilities,
  GetContext,
  ListContext,
  RunAdapter,
  RunPage,
  StopContext,
} from './adapter.js'
import { checkClientRegion } from './client-region.js'
import { regionAsked, withRegionHint } from './region-hint.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import {
  confirmStopWithGet,
  isAcceptedStopError,
  isAmbiguousStopError,
  settleStopReply,
} from './stop-outcome.js'
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
  /**
   * Checks a handle locally (nothing sent) and gives the canonical one. Run by `validate` only:
   * `doStop` / `doGet` take the handle `validate` returned (the SPI's contract, which the
   * controller keeps), so it is not checked again before each request.
   */
  validate(handle: RunHandle): Result<H, RunError>
  /** Where the calls go: a client per region. */
  readonly clients: AdapterClients<C>
  /** The region a handle's calls go to. Default: `handle.region ?? defaultRegion`. */
  region?(handle: H): string | undefined
  /** The settings' region: the default, and the region a single client is taken to serve. */
  readonly defaultRegion?: string | undefined
  /**
   * True for a regional provider, where a run in another region answers like a missing one: a
   * NOT_FOUND then says which region was asked and where that region came from (`withRegionHint`).
   */
  readonly regionHint?: boolean
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
     * get (`confirmStopWithGet`): terminal → `already_terminal`, stopping → `stop_requested`. When
     * given, a 400 or 409 whose body named no code is confirmed too (`isAmbiguousStopError`).
     */
    readonly ambiguousErrors?: readonly string[]
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
   * `validateScope`; `doList` takes the scope it returned), one request, the page of its answer.
   */
  readonly list?: {
    /** Checks a scope locally (nothing sent). */
    validateScope(scope: RunScope): Result<Sc, RunError>
    /** The region a scope's calls go to. Default: `scope.region ?? defaultRegion`. */
    region?(scope: Sc): string | undefined
    /** Sends the provider's list request for one page. */
    send(client: C, scope: Sc, ctx: ListContext): Promise<L>
    /** The page of the provider's answer (or the error of an answer that is not a page). */
    page(
      scope: Sc,
      output: L,
      ctx: ListContext,
    ): RunPage<H> | Result<RunPage<H>, RunError> | ResultAsync<RunPage<H>, RunError>
  }
  /** Frees what the adapter holds. Default: `clients.close`. */
  close?(): Promise<void>
}

/**
 * The stop's context with `get`, written out field by field: in V8 (Node 20) a spread followed by
 * a field the spread object lacks (`{ ...ctx, get }`) takes a slow path costing ~1 µs.
 */
function withGet<G>(ctx: StopContext, get: G): StopContext & { get: G } {
  const { reason, errorCode, signal } = ctx
  if (reason === undefined) return errorCode === undefined ? { signal, get } : { errorCode, signal, get }
  return errorCode === undefined ? { reason, signal, get } : { reason, errorCode, signal, get }
}

const isPromiseLike = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

/** One request under way: what the `send` wrapper sees, and the client once it is ready. */
class Request<C> implements AdapterCall {
  httpStatus?: number
  /** The client the request went to (for the region hint of a NOT_FOUND). */
  client: C | undefined = undefined
  constructor(
    readonly operation: RunOperation,
    readonly signal: AbortSignal,
  ) {}
}

/**
 * Builds a `RunAdapter` from the parts that are a provider's own, and does the rest the same way
 * for every adapter: no request once the signal has fired, the client of the handle's region, one
 * attempt mapped by `mapError` (a throw anywhere becomes a mapped RunError, never a rejection),
 * the one-client region check, and the confirmation of an ambiguous stop with one get. A stop
 * that failed with a 2xx status (accepted, its body unreadable) is settled by one get
 * (`settleStopReply`): never reported as failed.
 *
 * Handles are checked once, by `validate` (and scopes by `validateScope`): the SPI's `doStop`,
 * `doGet` and `doList` take what those returned, and the controller validates every handle before
 * it calls them, so they do not check again (issue 11: no re-validation per request). Whoever
 * calls the SPI directly must pass validated handles; the conformance suite checks that
 * `validate` refuses invalid handles with nothing sent.
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

  // A NOT_FOUND of a regional provider names the region asked (the client's own when none is set).
  const hinted = (
    error: RunError,
    handle: H | Sc,
    operation: RunOperation,
    client: C | undefined,
  ): Result<never, RunError> | Promise<Result<never, RunError>> => {
    if (definition.regionHint !== true || error.code !== 'NOT_FOUND') return err(error)
    const own =
      (operation === 'list' ? list?.region?.(handle as Sc) : definition.region?.(handle as H)) ??
      handle.region
    return regionAsked(own, defaultRegion, client).then((region) => err(withRegionHint(error, region)))
  }

  // `seen` is read when the error is mapped: the `send` wrapper sets its httpStatus on the way.
  const mapError = (error: unknown, handle: H | Sc, seen: AdapterCall): RunError => {
    const { operation, signal, httpStatus } = seen
    return definition.mapError(error, {
      operation,
      handle,
      signal,
      ...(httpStatus === undefined ? {} : { httpStatus }),
    })
  }

  // Each call is one async function answering a Result, wrapped in one ResultAsync at the end:
  // neverthrow's combinators cost a generator and promises each, on every call.

  /**
   * One request: nothing once the signal fired, the client of the region, `send` wrapped. Settles
   * with the provider's answer or rejects with what failed (`failed` maps it); a step of the
   * call's async function rather than one of its own.
   */
  function sending<T>(handle: H | Sc, call: Request<C>, send: (client: C) => Promise<T>): Promise<T> {
    const { operation, signal } = call
    if (!cannotFire(signal) && signal.aborted)
      return Promise.reject(signal.reason ?? new Error('The call was aborted.'))
    const client = clients.client(regionOf(handle, operation))
    // A client already made is used at once: no promise and no turn of the microtask queue per
    // request for one that is loaded (a throw here rejects the caller's `await`, as a rejection would).
    if (isPromiseLike(client)) return Promise.resolve(client).then((loaded) => sendWith(loaded, call, send))
    return sendWith(client, call, send)
  }

  function sendWith<T>(client: C, call: Request<C>, send: (client: C) => Promise<T>): Promise<T> {
    call.client = client
    return definition.send === undefined ? send(client) : definition.send(() => send(client), call)
  }

  /** What a request failed with, mapped (with the region asked, for a regional NOT_FOUND). */
  const failed = (error: unknown, handle: H | Sc, call: Request<C>) =>
    hinted(mapError(error, handle, call), handle, call.operation, call.client)

  /**
   * What a definition's pure step (`snapshot`, `result`, `page`) gave, as a Result: a throw is
   * mapped; a ResultAsync (a thenable) or a Result settles to its Result; a plain value is the
   * answer.
   */
  function settle<T>(
    handle: H | Sc,
    seen: AdapterCall,
    run: () => T | Result<T, RunError> | ResultAsync<T, RunError>,
  ): Result<T, RunError> | PromiseLike<Result<T, RunError>> {
    let value: T | Result<T, RunError> | ResultAsync<T, RunError>
    try {
      value = run()
    } catch (error) {
      return err(mapError(error, handle, seen))
    }
    const settled = value as { then?: unknown; isOk?: unknown }
    if (typeof settled.then === 'function') return value as ResultAsync<T, RunError>
    return typeof settled.isOk === 'function' ? (value as Result<T, RunError>) : ok(value as T)
  }

  // Two callbacks on the request's promise rather than an async function: no generator to make
  // and resume per get.
  function getting(handle: H, ctx: GetContext): Promise<Result<RunSnapshot<H>, RunError>> {
    const call = new Request<C>('get', ctx.signal)
    let sent: Promise<G>
    try {
      sent = Promise.resolve(
        sending(handle, call, (client) => definition.get.send(client, handle, ctx.signal)),
      )
    } catch (error) {
      sent = Promise.reject(error)
    }
    return sent.then(
      (output) => snapshotOf(handle, output, call),
      (error: unknown) => failed(error, handle, call),
    )
  }

  /** The snapshot of a get's answer, or the mapped error of a `snapshot` that threw. */
  function snapshotOf(handle: H, output: G, call: Request<C>): Result<RunSnapshot<H>, RunError> {
    try {
      return ok(definition.get.snapshot(handle, output))
    } catch (error) {
      return err(mapError(error, handle, call))
    }
  }

  const doGet = (handle: H, ctx: GetContext): ResultAsync<RunSnapshot<H>, RunError> =>
    new ResultAsync(getting(handle, ctx))

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

  async function stopping(handle: H, ctx: StopContext): Promise<Result<StopResult<H>, RunError>> {
    const call = new Request<C>('stop', ctx.signal)
    const get = () => doGet(handle, ctx)
    let reply: S
    try {
      reply = await sending(handle, call, (client) => {
        const refused = tooLong(handle, ctx)
        if (refused) throw refused
        return definition.stop.send(client, handle, ctx)
      })
    } catch (error) {
      return failedStop(handle, ctx, get, await failed(error, handle, call))
    }
    const answered = await settle(handle, call, () =>
      definition.stop.result(handle, reply, withGet(ctx, get)),
    )
    return answered.isOk() ? answered : failedStop(handle, ctx, get, answered)
  }

  /** A stop that failed may still have been accepted, or may hide a finished run: settled here. */
  async function failedStop(
    handle: H,
    ctx: StopContext,
    get: () => ResultAsync<RunSnapshot<H>, RunError>,
    answered: Result<StopResult<H>, RunError>,
  ): Promise<Result<StopResult<H>, RunError>> {
    if (answered.isOk()) return answered
    const error = answered.error
    if (ctx.signal.aborted) return answered
    // A 2xx whose body could not be read: the stop was accepted, so one get settles it.
    if (isAcceptedStopError(error)) {
      const reasonRecorded = definition.capabilities.stopReason && ctx.reason !== undefined
      const { requestId } = error
      return await settleStopReply(
        { handle, status: 'unknown', providerStatus: '', reasonRecorded, requestId, raw: null },
        get,
      )
    }
    const ambiguous = definition.stop.ambiguousErrors
    if (ambiguous === undefined || !isAmbiguousStopError(error, new Set(ambiguous))) return answered
    return await confirmStopWithGet(error, get)
  }

  const doStop = (handle: H, ctx: StopContext): ResultAsync<StopResult<H>, RunError> =>
    new ResultAsync(stopping(handle, ctx))

  async function listing(
    listed: NonNullable<typeof list>,
    scope: Sc,
    ctx: ListContext,
  ): Promise<Result<RunPage<H>, RunError>> {
    const call = new Request<C>('list', ctx.signal)
    let output: L
    try {
      output = await sending(scope, call, (client) => listed.send(client, scope, ctx))
    } catch (error) {
      return failed(error, scope, call)
    }
    return settle(scope, call, () => listed.page(scope, output, ctx))
  }

  // One client serves one region: a handle or scope naming another is refused locally.
  const inClientRegion = <T extends H | Sc>(checked: Result<T, RunError>, operation?: RunOperation) => {
    if (checked.isErr() || !oneClient) return checked
    const region = regionOf(checked.value, operation)
    if (region === undefined || region === defaultRegion) return checked
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
          doList: (scope: Sc, ctx: ListContext) => new ResultAsync(listing(list, scope, ctx)),
        }),
    ...(close === undefined ? {} : { close }),
  }
}
