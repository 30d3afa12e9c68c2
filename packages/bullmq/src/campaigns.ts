import { randomBytes } from 'node:crypto'
import {
  checkHandleShape,
  checkScopeShape,
  formatHandle,
  formatScope,
  parseHandle,
  parseScope,
  RUN_STATUSES,
  RunError,
  type RunHandle,
  type RunScope,
  type RunStatus,
} from '@runstop/core'
import type { ConnectionOptions } from 'bullmq'
import { Redis } from 'ioredis'
import { err, ok, type Result, ResultAsync } from 'neverthrow'
import { connectionOptions, type RedisConnection } from './connection.js'
import { createEnqueuer, jobOptions, pageJobId } from './enqueue.js'
import { type CampaignKeys, campaignKeys, DEFAULT_PREFIX, isCampaignId } from './keys.js'
import { CAMPAIGN_OUTCOMES, type CampaignOutcome } from './outcomes.js'
import { queueRoute } from './queue-route.js'
import { recordResult } from './record-script.js'
import { CAMPAIGN_PROVIDER, campaignError, invalidOption } from './run-error.js'
import type {
  CampaignAdapter,
  CampaignFailure,
  CampaignStarted,
  CampaignState,
  CampaignStatus,
  StartCampaignOptions,
} from './types.js'

/** Options of `createCampaigns`. */
export interface CampaignsOptions {
  /** The Redis the campaigns live in (the one the workers use). */
  readonly connection: RedisConnection
  /** Prefix of every Redis key (BullMQ's too). Default `runstop`. Workers must use the same. */
  readonly prefix?: string
  /**
   * Adapters to validate handles with at `start`, so that each is queued in its canonical form
   * (e.g. a Bedrock execution ARN normalised to ids) and a bad one is reported at once. Without
   * them, handles are only checked for shape and the workers validate them.
   */
  readonly adapters?: readonly CampaignAdapter[]
  /** Attempts per stop for retryable errors (BullMQ retries, exponential backoff). Default 6. */
  readonly attempts?: number
  /** First backoff delay between attempts. Default 1,000 ms. */
  readonly backoffMs?: number
}

/** Start, watch and steer stop campaigns. Every method answers a Result; none throws. */
export interface Campaigns {
  /** Reads every handle, records it pending and queues its stop; resolves once the input is read. */
  start(options: StartCampaignOptions): ResultAsync<CampaignStarted, RunError>
  /** Counts by outcome and failures, readable while the campaign runs. `NOT_FOUND` for an unknown id. */
  status(id: string, options?: { readonly failuresLimit?: number }): ResultAsync<CampaignStatus, RunError>
  /** Workers hold back this campaign's stops (delayed, re-checked) until `resume`. */
  pause(id: string): ResultAsync<CampaignState, RunError>
  /** Lets workers send this campaign's held-back stops again (undoes `pause`). */
  resume(id: string): ResultAsync<CampaignState, RunError>
  /** Stops not yet sent are recorded `cancelled` and never sent. Final: a cancelled campaign stays so. */
  cancel(id: string): ResultAsync<CampaignState, RunError>
  /** Closes the Redis connections. */
  close(): Promise<void>
}

const DEFAULT_CHUNK = 500
/** What a scope campaign stops unless told otherwise: the runs still active (as `stopAll`). */
const ACTIVE_STATUSES: readonly RunStatus[] = ['pending', 'running']

/** Creates the campaign API on one Redis. Answers `VALIDATION` for a bad connection URL or option. */
export function createCampaigns(options: CampaignsOptions): Result<Campaigns, RunError> {
  const connected = connectionOptions(options.connection)
  if (connected.isErr()) return err(connected.error)
  const connection = connected.value
  const prefix = options.prefix ?? DEFAULT_PREFIX
  const attempts = options.attempts ?? 6
  const backoffMs = options.backoffMs ?? 1000
  if (!Number.isInteger(attempts) || attempts < 1)
    return err(invalidOption('attempts must be a positive integer.'))
  // Campaign calls fail fast when Redis is down (a status read must answer, not wait forever);
  // only workers wait out a Redis restart.
  const failFast = { ...connection, maxRetriesPerRequest: 2 }
  const redis = new Redis({ ...failFast, lazyConnect: true })
  redis.on('error', () => {}) // surfaced by the failing command instead
  const enqueue = createEnqueuer(redis, failFast as ConnectionOptions, prefix)
  const adapters = new Map((options.adapters ?? []).map((adapter) => [adapter.provider, adapter]))

  /** A handle as given → its canonical form, or the error to record under `key`. */
  const canonical = (given: unknown): { handle: RunHandle } | { key: string; error: RunError } => {
    const shaped = typeof given === 'string' ? parseHandle(given) : checkHandleShape(given)
    const key = typeof given === 'string' ? given : describeInput(given)
    if (shaped.isErr()) return { key, error: shaped.error }
    if (adapters.size === 0) return { handle: shaped.value }
    const adapter = adapters.get(shaped.value.provider)
    if (adapter === undefined)
      return {
        key,
        error: new RunError({
          code: 'VALIDATION',
          message: `No adapter for provider "${shaped.value.provider}".`,
          provider: shaped.value.provider,
        }),
      }
    try {
      const checked = adapter.validate(shaped.value)
      return checked.isOk() ? { handle: checked.value as RunHandle } : { key, error: checked.error }
    } catch (error) {
      return { key, error: campaignError(error, 'The adapter failed to validate the handle') }
    }
  }

  /** Creates the campaign's record (or finds it, for a start of an existing id) and opens its input. */
  const open = async (input: StartCampaignOptions, scope?: string): Promise<string> => {
    const id = input.id ?? randomBytes(8).toString('hex')
    if (!isCampaignId(id)) throw invalidOption('A campaign id is 1–64 of A–Z a–z 0–9 _ -.')
    const keys = campaignKeys(prefix, id)
    const created = await redis.hsetnx(keys.meta, 'state', 'running')
    if (created === 1) {
      await redis.hset(keys.meta, {
        createdAt: String(Date.now()),
        // Page jobs queue their stops with the campaign's retry policy.
        attempts: String(attempts),
        backoffMs: String(backoffMs),
        ...(scope === undefined ? {} : { scope }),
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        ...(input.errorCode === undefined ? {} : { errorCode: input.errorCode }),
      })
    }
    await redis.hdel(keys.meta, 'inputDone')
    return id
  }

  const start = async (input: StartCampaignOptions): Promise<CampaignStarted> => {
    if ((input.handles === undefined) === (input.scope === undefined))
      throw invalidOption('Start a campaign with either handles or a scope.')
    if (input.scope !== undefined) return startScope(input, input.scope)
    const handles = input.handles as NonNullable<StartCampaignOptions['handles']>
    const chunkSize = input.chunkSize ?? DEFAULT_CHUNK
    const id = await open(input)
    const keys = campaignKeys(prefix, id)
    const counts = { read: 0, enqueued: 0, duplicates: 0, invalid: 0 }
    let chunk: RunHandle[] = []
    const flush = async () => {
      const added = await enqueue.handles(id, chunk, { attempts, backoffMs })
      counts.enqueued += added
      counts.duplicates += chunk.length - added
      chunk = []
    }
    try {
      for await (const given of handles) {
        counts.read += 1
        const checked = canonical(given)
        if ('error' in checked) {
          counts.invalid += 1
          await recordResult(redis, keys, checked.key, 'failed', JSON.stringify(checked.error.toJSON()))
          continue
        }
        chunk.push(checked.handle)
        if (chunk.length >= chunkSize) await flush()
      }
    } catch (error) {
      await flush()
      throw new RunError({
        code: 'UNKNOWN',
        message: `Reading the handles failed after ${counts.read}; those read are queued. Start the same id again to add the rest.`,
        provider: CAMPAIGN_PROVIDER,
        cause: error,
        details: { campaign: id, ...counts },
      })
    }
    await flush()
    await redis.hset(keys.meta, 'inputDone', '1')
    return { id, ...counts }
  }

  /** A scope campaign: validated here, listed by the workers one page job at a time. */
  const startScope = async (
    input: StartCampaignOptions,
    given: RunScope | string,
  ): Promise<CampaignStarted> => {
    const shaped = typeof given === 'string' ? parseScope(given) : checkScopeShape(given)
    if (shaped.isErr()) throw shaped.error
    let scope = shaped.value
    const adapter = adapters.get(scope.provider)
    if (adapter !== undefined) {
      if (!adapter.capabilities.list || adapter.validateScope === undefined)
        throw new RunError({
          code: 'NOT_SUPPORTED',
          message: `The ${scope.provider} adapter cannot list runs.`,
          provider: scope.provider,
        })
      const checked = adapter.validateScope(scope)
      if (checked.isErr()) throw checked.error
      scope = checked.value
    } else if (adapters.size > 0) {
      throw invalidOption(`No adapter for provider "${scope.provider}".`)
    }
    const statuses = input.statuses ?? ACTIVE_STATUSES
    if (statuses.length === 0 || statuses.some((status) => !RUN_STATUSES.includes(status)))
      throw invalidOption(`statuses must be a non-empty list of run statuses (${RUN_STATUSES.join(', ')}).`)
    const scopeString = formatScope(scope)
    // A scope is listed once per campaign (its page jobs keep their ids): a second start of
    // the same id would wait for pages that are never listed again.
    if (input.id !== undefined && (await redis.hexists(campaignKeys(prefix, input.id).meta, 'state')) === 1)
      throw new RunError({
        code: 'CONFLICT',
        message: `Campaign "${input.id}" exists: start a scope in a new campaign.`,
        provider: CAMPAIGN_PROVIDER,
      })
    const id = await open(input, scopeString)
    const route = queueRoute(scope, 'list')
    await enqueue.add(
      route.queue,
      route.provider,
      'page',
      {
        campaign: id,
        scope: scopeString,
        page: 0,
        statuses: [...statuses],
        ...(input.pageSize === undefined ? {} : { pageSize: input.pageSize }),
      },
      jobOptions(pageJobId(id, 0), { attempts, backoffMs }, true),
    )
    return { id, scope: scopeString, read: 0, enqueued: 0, duplicates: 0, invalid: 0 }
  }

  const status = async (id: string, failuresLimit = 100): Promise<CampaignStatus> => {
    if (!isCampaignId(id)) throw notFound(id)
    const keys = campaignKeys(prefix, id)
    const meta = await redis.hgetall(keys.meta)
    if (meta.state === undefined) throw notFound(id)
    const number = (field: string) => Number(meta[field] ?? 0)
    const counts = Object.fromEntries(
      CAMPAIGN_OUTCOMES.map((outcome) => [outcome, number(outcome)]),
    ) as Record<CampaignOutcome, number>
    const total = number('total')
    const done = CAMPAIGN_OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0)
    const failures = await readFailures(keys, failuresLimit)
    const inputDone = meta.inputDone === '1'
    return {
      id,
      state: meta.state as CampaignState,
      ...(meta.reason === undefined ? {} : { reason: meta.reason }),
      createdAt: new Date(number('createdAt')),
      inputDone,
      total,
      counts: { ...counts, pending: total - done },
      failures,
      finished: inputDone && total === done,
    }
  }

  const readFailures = async (keys: CampaignKeys, limit: number): Promise<CampaignFailure[]> => {
    const failures: CampaignFailure[] = []
    let cursor = '0'
    do {
      const [next, flat] = await redis.hscan(keys.failures, cursor, 'COUNT', Math.max(10, limit))
      for (let i = 0; i + 1 < flat.length && failures.length < limit; i += 2)
        failures.push({ handle: flat[i] as string, error: JSON.parse(flat[i + 1] as string) })
      cursor = next
    } while (cursor !== '0' && failures.length < limit)
    return failures
  }

  // pause/resume/cancel: one script so that a cancelled campaign is never resumed by a race.
  const setState = async (id: string, to: CampaignState): Promise<CampaignState> => {
    if (!isCampaignId(id)) throw notFound(id)
    const answer = (await redis.eval(
      `local s = redis.call('HGET', KEYS[1], 'state')
       if not s then return false end
       if s == 'cancelled' then return s end
       redis.call('HSET', KEYS[1], 'state', ARGV[1])
       return ARGV[1]`,
      1,
      campaignKeys(prefix, id).meta,
      to,
    )) as string | null
    if (answer === null) throw notFound(id)
    return answer as CampaignState
  }

  const wrap = <T>(run: () => Promise<T>): ResultAsync<T, RunError> =>
    ResultAsync.fromPromise((async () => run())(), (error) => campaignError(error))

  return ok({
    start: (input) => wrap(() => start(input)),
    status: (id, statusOptions) => wrap(() => status(id, statusOptions?.failuresLimit)),
    pause: (id) => wrap(() => setState(id, 'paused')),
    resume: (id) => wrap(() => setState(id, 'running')),
    cancel: (id) => wrap(() => setState(id, 'cancelled')),
    close: async () => {
      await enqueue.close()
      redis.disconnect()
    },
  })
}

function notFound(id: string): RunError {
  return new RunError({ code: 'NOT_FOUND', message: `No campaign "${id}".`, provider: CAMPAIGN_PROVIDER })
}

/** A key for an input that is not a valid handle, so that its failure can be reported. */
function describeInput(given: unknown): string {
  try {
    const shaped = checkHandleShape(given)
    if (shaped.isOk()) return formatHandle(shaped.value)
    return JSON.stringify(given) ?? String(given)
  } catch {
    return Object.prototype.toString.call(given)
  }
}
