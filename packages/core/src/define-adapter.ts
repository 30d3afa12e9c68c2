import { err, errAsync, ok, type Result, ResultAsync } from 'neverthrow'
import type { AdapterCapabilities, GetContext, RunAdapter, StopContext } from './adapter.js'
import { checkClientRegion } from './client-region.js'
import { RunError, type RunOperation } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import { confirmStopWithGet } from './stop-outcome.js'
import type { StopResult } from './stop-result.js'

/** Where an adapter's calls go: a client per region (`createSdkClients` gives one). */
export interface AdapterClients<C> {
  client(region: string | undefined): C | Promise<C>
  /** One ready-made client for every handle: handles naming another region are refused locally. */
  readonly oneClient?: boolean
}

/** What `defineAdapter` needs: only what is the provider's own. */
export interface AdapterDefinition<H extends RunHandle, C, G, S> {
  readonly provider: H['provider']
  /** `perHandleRegion` is turned off when `clients.oneClient` (one client has one region). */
  readonly capabilities: AdapterCapabilities
  /** Checks a handle locally (nothing sent). Run by `validate` and again before every request. */
  validate(handle: RunHandle): Result<H, RunError>
  readonly clients: AdapterClients<C>
  /** The region a handle's calls go to. Default: `handle.region ?? defaultRegion`. */
  region?(handle: H): string | undefined
  /** The settings' region: the default, and the region a single client is taken to serve. */
  readonly defaultRegion?: string | undefined
  /** Maps anything a request failed with (the provider's error table lives here). */
  mapError(error: unknown, context: { operation: RunOperation; handle: H; signal: AbortSignal }): RunError
  /** Reads the run: the request, then the snapshot of its answer (a pure function). */
  readonly get: {
    send(client: C, handle: H, signal: AbortSignal): Promise<G>
    snapshot(handle: H, output: G): RunSnapshot<H>
  }
  /** Stops the run: the request, then the result of its answer. */
  readonly stop: {
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
     * The longest `reason` / `errorCode` the provider stores, and what it calls them: a longer one
     * is `VALIDATION`, found locally (nothing is sent).
     */
    readonly limits?: {
      readonly reason?: { readonly max: number; readonly as: string }
      readonly errorCode?: { readonly max: number; readonly as: string }
    }
  }
  close?(): Promise<void>
}

/**
 * Builds a `RunAdapter` from the parts that are a provider's own, and does the rest the same way
 * for every adapter: validation again before each request (so a direct SPI call still sends
 * nothing unsafe), no request once the signal has fired, the client of the handle's region, one
 * attempt mapped by `mapError` (a throw anywhere becomes a mapped RunError, never a rejection),
 * the one-client region check, and the confirmation of an ambiguous stop with one get.
 */
export function defineAdapter<H extends RunHandle, C, G, S>(
  definition: AdapterDefinition<H, C, G, S>,
): RunAdapter<H> {
  const { clients, defaultRegion } = definition
  const regionOf = (handle: H) => definition.region?.(handle) ?? handle.region ?? defaultRegion
  const oneClient = clients.oneClient === true

  const call = <T>(
    operation: RunOperation,
    handle: H,
    signal: AbortSignal,
    send: (client: C) => Promise<T>,
  ): ResultAsync<T, RunError> =>
    ResultAsync.fromPromise(
      Promise.resolve().then(async () => {
        const checked = definition.validate(handle)
        if (checked.isErr()) throw checked.error
        if (signal.aborted) throw signal.reason ?? new Error('The call was aborted.')
        return send(await clients.client(regionOf(handle)))
      }),
      (error) => definition.mapError(error, { operation, handle, signal }),
    )

  // The value is boxed so that a ResultAsync (a thenable) returned by `run` is not adopted here.
  const attempt = <T>(operation: RunOperation, handle: H, signal: AbortSignal, run: () => T) =>
    ResultAsync.fromPromise(
      Promise.resolve().then(() => ({ value: run() })),
      (error) => definition.mapError(error, { operation, handle, signal }),
    )

  const doGet = (handle: H, ctx: GetContext): ResultAsync<RunSnapshot<H>, RunError> =>
    call('get', handle, ctx.signal, (client) => definition.get.send(client, handle, ctx.signal)).andThen(
      (output) =>
        attempt('get', handle, ctx.signal, () => definition.get.snapshot(handle, output)).map(
          ({ value }) => value,
        ),
    )

  const tooLong = (handle: H, ctx: StopContext): RunError | undefined => {
    for (const field of ['reason', 'errorCode'] as const) {
      const value = ctx[field]
      const limit = definition.stop.limits?.[field]
      if (value === undefined || limit === undefined || value.length <= limit.max) continue
      return new RunError({
        code: 'VALIDATION',
        message: `The stop's ${field} (sent as ${limit.as}) is ${value.length} characters; ${definition.provider} takes at most ${limit.max}.`,
        provider: definition.provider,
        operation: 'stop',
        handle,
      })
    }
    return undefined
  }

  const doStop = (handle: H, ctx: StopContext): ResultAsync<StopResult<H>, RunError> =>
    call('stop', handle, ctx.signal, (client) => {
      const refused = tooLong(handle, ctx)
      if (refused) throw refused
      return definition.stop.send(client, handle, ctx)
    })
      .andThen((reply) =>
        attempt('stop', handle, ctx.signal, () =>
          definition.stop.result(handle, reply, { ...ctx, get: () => doGet(handle, ctx) }),
        ).andThen(({ value }) =>
          // A ResultAsync (a thenable) settles to its Result; a plain StopResult is the answer.
          typeof (value as { then?: unknown }).then === 'function'
            ? (value as ResultAsync<StopResult<H>, RunError>)
            : ok(value as StopResult<H>),
        ),
      )
      .orElse((error) => {
        const ambiguous = definition.stop.ambiguousErrors ?? []
        if (ctx.signal.aborted || error.providerCode === undefined || !ambiguous.includes(error.providerCode))
          return errAsync(error)
        return confirmStopWithGet(error, () => doGet(handle, ctx))
      })

  return {
    specificationVersion: 'v1',
    provider: definition.provider,
    capabilities: oneClient
      ? { ...definition.capabilities, perHandleRegion: false }
      : definition.capabilities,
    validate(handle) {
      const checked = definition.validate(handle)
      if (checked.isErr() || !oneClient) return checked
      const region = regionOf(checked.value)
      const refused = checkClientRegion({ ...checked.value, region }, definition.provider, defaultRegion)
      return refused.isErr() ? err(refused.error.with({ handle: checked.value })) : checked
    },
    doStop,
    doGet,
    ...(definition.close === undefined ? {} : { close: definition.close }),
  }
}
