import type { Result, ResultAsync } from 'neverthrow'
import { abortOptions } from './abort-signal.js'
import type { AdapterCapabilities, ListContext, RunAdapter, StopContext } from './adapter.js'
import { type AwsAdapterSettings, type AwsClientsOptions, createAwsClients } from './aws-clients.js'
import { type AwsErrorMapperOptions, awsErrorMapper } from './aws-sdk-error.js'
import { buildSnapshot } from './build-snapshot.js'
import { confirmAcceptedStop } from './confirm-accepted-stop.js'
import { type AdapterDefinition, defineAdapter } from './define-adapter.js'
import { listPage } from './list-page.js'
import { parseTimestamp } from './parse-timestamp.js'
import type { RunError, RunOperation } from './run-error.js'
import { type RunFields, runParts } from './run-fields.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import { splitSdkOutput } from './sdk-output.js'
import { settleStopReply } from './stop-outcome.js'
import type { StopResult } from './stop-result.js'

/** The input of the command class `Name` of the SDK module `M` (`never` when it has none such). */
export type AwsCommandInput<M, Name extends string> = Name extends keyof M
  ? M[Name] extends abstract new (
      ...args: infer A
    ) => unknown
    ? A[number]
    : never
  : never

/** An SDK call's answer as `defineAwsSdkAdapter` hands it on: the body and the request id. */
export type AwsSdkReply = ReturnType<typeof splitSdkOutput>

/** The operations' API names, e.g. `{ stop: 'StopExecution', get: 'DescribeExecution', … }`. */
type Operations = Readonly<Record<RunOperation, string>>

/** What `defineAwsSdkAdapter` needs: only what is the provider's own. */
export interface AwsSdkAdapterDefinition<
  H extends RunHandle,
  Sc extends RunScope,
  M,
  C,
  O extends Operations,
> {
  /**
   * The SDK: `load` (`() => import('@aws-sdk/client-sfn')`), `http` (`@smithy/node-http-handler`)
   * and `create` (`(sdk, config) => new sdk.SFNClient(config)`), for `createAwsClients`.
   */
  readonly sdk: AwsClientsOptions<M, C>
  /**
   * The provider, the service as messages name it, each operation's API name and the error table
   * (`awsErrorMapper`'s options). Each operation is sent as the SDK's `<Operation>Command`.
   */
  readonly api: AwsErrorMapperOptions & {
    /** The provider string of the adapter's handles. */
    readonly provider: H['provider']
    /** Each operation's API name: `<name>Command` is the SDK command sent. */
    readonly operations: O
  }
  /**
   * Only what the rest does not say: `stopReason` / `stopErrorCode` are whether `stop.limits`
   * names a `reason` / `errorCode` (a provider that stores one has a longest), `list` whether
   * `list` is given, `listStatusFilter` is `list.statusFilter`, `perHandleRegion` true (a client per
   * region; `defineAdapter` turns it off for one ready-made client), `gracefulStop` false.
   */
  readonly capabilities?: Partial<AdapterCapabilities>
  /** Checks a handle locally (nothing sent) and gives the canonical one. */
  validate(handle: RunHandle): Result<H, RunError>
  /** The region a handle's calls go to. Default: `handle.region ?? settings.region`. */
  region?(handle: NoInfer<H>): string | undefined
  /** A NOT_FOUND names the region asked (`defineAdapter`'s `regionHint`). */
  readonly regionHint?: boolean
  /** Where a run's answer (a get's body, a list's item) keeps its status, times and error. */
  readonly run: RunFields
  /** The read: `<operations.get>Command` with this input; its body is the snapshot (by `run`). */
  readonly get: {
    /** The command's input for a run. */
    input(handle: H): AwsCommandInput<M, `${O['get']}Command`>
    /** Field names of this answer that differ from `run`'s. */
    readonly run?: Partial<RunFields>
  }
  /** The stop: `<operations.stop>Command` with this input, and what its reply says. */
  readonly stop: Pick<AdapterDefinition<H, C, unknown, unknown>['stop'], 'ambiguousErrors' | 'limits'> & {
    /** The command's input for a run (undefined members are left out of the request). */
    input(handle: H, context: StopContext): AwsCommandInput<M, `${O['stop']}Command`>
    /**
     * `'status'`: the reply names the run's status (in `run`'s status field), settled by
     * `settleStopReply` (one get when it names none this adapter knows). `{ stoppedAt }`: the reply
     * names no status, only when the stop took effect (that field), and a finished run's stop may
     * be accepted too: one get decides (`confirmAcceptedStop`). Or the StopResult of the reply, as
     * `defineAdapter`'s `stop.result`.
     */
    readonly reply:
      | 'status'
      | {
          /** The reply's field that says when the stop took effect, e.g. `stopDate`. */
          readonly stoppedAt: string
        }
      | StopReplyReader<H>
  }
  /** The listing: `<operations.list>Command` with this input; each item a snapshot (`listPage`). */
  readonly list?: {
    /** Checks a scope locally (nothing sent). */
    validateScope(scope: RunScope): Result<Sc, RunError>
    /** The region a scope's calls go to. Default: `scope.region ?? settings.region`. */
    region?(scope: NoInfer<Sc>): string | undefined
    /** The command's input for a page (with `page`, the page members are added to it). */
    input(scope: Sc, context: ListContext): AwsCommandInput<M, `${O['list']}Command`>
    /**
     * The page members, as most AWS APIs name them: `maxResults`, the `pageSize` asked (or
     * `default`) floored and clamped to `min`–`max`, left out when neither is given; `nextToken`,
     * the page token. Without it, `input` sends them itself.
     */
    readonly page?: {
      /** The smallest `maxResults` the service takes. */
      readonly min: number
      /** The largest `maxResults` the service takes. */
      readonly max: number
      /** `maxResults` when no `pageSize` is asked; absent, none is sent. */
      readonly default?: number
    }
    /** The service filters by status itself (`capabilities.listStatusFilter`). Default false. */
    readonly statusFilter?: boolean
    /** The body's field holding the items, e.g. `executions`. */
    readonly items: string
    /** The handle an item names; `undefined` for one that names no run (the page is `UNKNOWN`). */
    handle(item: Readonly<Record<string, unknown>>, scope: Sc): H | undefined
    /** Field names of an item that differ from `run`'s. */
    readonly run?: Partial<RunFields>
  }
}

/** The StopResult of an accepted stop's reply (`get` reads the run once). */
type StopReplyReader<H extends RunHandle> = (
  handle: H,
  reply: AwsSdkReply,
  context: StopContext & { get(): ResultAsync<RunSnapshot<H>, RunError> },
) => StopResult<H> | ResultAsync<StopResult<H>, RunError>

/** A handle's own named fields: all but `provider` and `region` (and the index signature). */
export type HandleIds<H extends RunHandle> = {
  readonly [K in keyof H as string extends K ? never : K extends 'provider' | 'region' ? never : K]: H[K]
}

/** The handle's own fields, `provider` and `region` left out: the ids most commands take as they are. */
export function handleIds<H extends RunHandle>(handle: H): HandleIds<H> {
  // Copied key by key: an object rest (`{ provider, region, ...ids }`) takes V8's runtime path,
  // on every request.
  const ids: Record<string, unknown> = {}
  for (const key of Object.keys(handle)) {
    if (key === 'provider' || key === 'region') continue
    // defineProperty for "__proto__", so it stays a field (assignment would set the prototype).
    if (key === '__proto__')
      Object.defineProperty(ids, key, {
        value: handle[key],
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else ids[key] = handle[key]
  }
  return ids as unknown as HandleIds<H>
}

/** The page members of a list request (see `list.page`). */
function pageMembers(page: { min: number; max: number; default?: number } | undefined, ctx: ListContext) {
  const size = ctx.pageSize ?? page?.default
  return {
    ...(page === undefined || size === undefined
      ? {}
      : { maxResults: Math.min(Math.max(page.min, Math.floor(size)), page.max) }),
    ...(page === undefined || ctx.pageToken === undefined ? {} : { nextToken: ctx.pageToken }),
  }
}

type Send = (command: unknown, options: { abortSignal?: AbortSignal }) => Promise<unknown>

/**
 * A `RunAdapter` on an official AWS SDK v3 client, declared: the SDK (`createAwsClients`: imported
 * on first use, a client per region with `maxAttempts: 1`), the API's names and error table
 * (`awsErrorMapper`, scrubbing the credentials' secrets), each operation's command input, and the
 * fields of a run's answer, read alike for a get (`buildSnapshot`) and a list's items
 * (`listPage`). Every call sends `new sdk[<Operation>Command](input)` with the call's signal;
 * the rest is `defineAdapter`'s.
 */
export function defineAwsSdkAdapter<
  H extends RunHandle,
  Sc extends RunScope,
  M,
  C,
  const O extends Operations,
>(settings: AwsAdapterSettings<C>, definition: AwsSdkAdapterDefinition<H, Sc, M, C, O>): RunAdapter<H, Sc> {
  const { api, run, get, stop, list } = definition
  const clients = createAwsClients(settings, definition.sdk)
  const mapError = awsErrorMapper(api)
  const capabilities: AdapterCapabilities = {
    stopReason: stop.limits?.reason !== undefined,
    stopErrorCode: stop.limits?.errorCode !== undefined,
    gracefulStop: false,
    perHandleRegion: true,
    list: list !== undefined,
    listStatusFilter: list?.statusFilter === true,
    ...definition.capabilities,
  }
  // Each operation's command class name, worked out once.
  const commands: Readonly<Record<RunOperation, string>> = {
    stop: `${api.operations.stop}Command`,
    get: `${api.operations.get}Command`,
    list: `${api.operations.list}Command`,
  }
  /** The SDK module once loaded: a request then waits for nothing before it is sent. */
  let loaded: Record<string, unknown> | undefined
  // Every request: the SDK's `<Operation>Command` with the declared input and `abortOptions` of the
  // call's signal (none for a call nothing can end early: the SDK's HTTP handler would add and
  // remove an abort listener per request for nothing). A throw here rejects the caller's `await`
  // (`defineAdapter` sends inside its try), as a rejection would.
  const send = (
    client: C,
    operation: RunOperation,
    input: unknown,
    abortSignal: AbortSignal,
  ): Promise<unknown> => {
    if (loaded === undefined)
      return clients.sdk().then((sdk) => {
        loaded = sdk as Record<string, unknown>
        return send(client, operation, input, abortSignal)
      })
    const Command = loaded[commands[operation]] as new (input: unknown) => unknown
    return (client as unknown as { send: Send }).send(new Command(input), abortOptions(abortSignal))
  }
  // The fields of a get's answer and of a list's item, merged once.
  const getFields: RunFields = { ...run, ...get.run }
  const itemFields: RunFields = { ...run, ...list?.run }
  return defineAdapter<H, C, unknown, unknown, Sc>({
    provider: api.provider,
    capabilities,
    validate: definition.validate,
    clients,
    defaultRegion: settings.region,
    region: definition.region,
    regionHint: definition.regionHint,
    mapError: (error, context) => mapError(error, { ...context, secrets: clients.secrets() }),
    get: {
      send: (client, handle, signal) => send(client, 'get', get.input(handle), signal),
      snapshot: (handle, output) => {
        const { body, requestId } = splitSdkOutput(output)
        const parts = runParts<H>(body, getFields)
        // Field by field: a spread after `handle` (`{ handle, ...parts }`) takes V8's runtime path.
        return buildSnapshot({
          handle,
          status: parts.status,
          providerStatus: parts.providerStatus,
          startedAt: parts.startedAt,
          endedAt: parts.endedAt,
          errorMessage: parts.errorMessage,
          requestId,
          raw: parts.raw,
        })
      },
    },
    stop: {
      ambiguousErrors: stop.ambiguousErrors,
      limits: stop.limits,
      send: (client, handle, context) => send(client, 'stop', stop.input(handle, context), context.signal),
      result: (handle, output, context) => {
        const { reply } = stop
        const { body, requestId } = splitSdkOutput(output)
        if (typeof reply === 'function') return reply(handle, { body, requestId }, context)
        const reasonRecorded = capabilities.stopReason && context.reason !== undefined
        if (reply !== 'status') {
          const stoppedAt = parseTimestamp(body[reply.stoppedAt])
          return confirmAcceptedStop({ handle, stoppedAt, reasonRecorded, requestId, raw: body }, context.get)
        }
        const { status, providerStatus } = runParts<H>(body, run)
        const named = typeof providerStatus === 'string' ? providerStatus : ''
        const parts = { handle, status, providerStatus: named, reasonRecorded, requestId, raw: body }
        return settleStopReply(parts, context.get)
      },
    },
    ...(list === undefined
      ? {}
      : {
          list: {
            validateScope: list.validateScope,
            region: list.region,
            send: (client, scope, ctx) => {
              const input = { ...(list.input(scope, ctx) as object), ...pageMembers(list.page, ctx) }
              return send(client, 'list', input, ctx.signal)
            },
            page: (scope, output) =>
              listPage<H>(output, {
                provider: api.provider,
                what: `${api.service} ${api.operations.list}`,
                scope,
                items: list.items,
                run: (item) => {
                  const handle = list.handle(item, scope)
                  return handle && { handle, ...runParts<H>(item, itemFields) }
                },
              }),
          },
        }),
  })
}
