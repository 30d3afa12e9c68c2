import { setMaxListeners } from 'node:events'
import type { Result } from 'neverthrow'
import { abortedError } from './call-signal.js'
import type { CallObserver } from './controller.js'
import type {
  BatchFailure,
  BatchProgress,
  BatchStopReport,
  StopManyOptions,
  StopOptions,
} from './controller-types.js'
import { checkHandleShape, parseHandle } from './handle-codec.js'
import { copyHandle } from './plain-handle.js'
import { createRatePacer, type RatePacer } from './rate-pacer.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { callSafely } from './safe-call.js'
import type { StopResult } from './stop-result.js'

/** Batch defaults: 16 stops in flight in all, 8 per provider. */
export const DEFAULT_BATCH = { concurrency: 16, perProvider: 8 } as const

/** Handles read ahead of dispatch at most `concurrency × BUFFER_FACTOR` (bounded memory). */
export const BUFFER_FACTOR = 4

/** The controller's single stop, as the batch drives it. Must not reject. */
export type BatchStopFn = (
  handle: RunHandle,
  options: StopOptions,
  observer: CallObserver,
) => PromiseLike<Result<StopResult, RunError>>

interface Item {
  /** As given, for the report. */
  readonly given: RunHandle | string
  readonly handle: RunHandle
}

/**
 * One provider's lane: its configured limit, the effective window that AIMD moves, and its pacer.
 * A throttle halves the window (at least 1); `window` successes in a row of stops sent while the
 * window was full raise it by one, up to `limit` (a window the pacer keeps from filling has not
 * been tried, so it does not grow: RFC 7661's rule for TCP). Throttles from stops dispatched before
 * the last cut are ignored, so one burst of throttling (many stops in flight when the provider
 * pushed back) cuts the window once, not to 1. The pacer (rate-pacer.ts) bounds the lane's send
 * rate once the provider has throttled; every dispatch and every retry of a stop in flight takes a
 * permit from it.
 */
interface Lane {
  readonly limit: number
  window: number
  inFlight: number
  epoch: number
  successes: number
  readonly queue: Item[]
  readonly pacer: RatePacer
  /** Wakes the dispatcher when the pacer will have a permit for the queue's head. */
  timer?: ReturnType<typeof setTimeout>
  timerDue?: number
}

/** Errors that did not come from the provider accepting the request (nor from it throttling). */
const NOT_ANSWERED: ReadonlySet<string> = new Set(['THROTTLED', 'ABORTED', 'TIMEOUT', 'NETWORK'])

function wholeAtLeastOne(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback
}

/** Pulls one item at a time from a sync or async iterable. */
function pullerFor(
  input: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
): () => Promise<IteratorResult<RunHandle | string>> {
  if (typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const iterator = (input as AsyncIterable<RunHandle | string>)[Symbol.asyncIterator]()
    return () => iterator.next()
  }
  const iterator = (input as Iterable<RunHandle | string>)[Symbol.iterator]()
  return async () => iterator.next()
}

/**
 * Stops many runs, streaming: the input is read only when a stop slot is free (and at most
 * `concurrency × 4` handles wait in per-provider queues), so a generator of millions of handles
 * never becomes millions of promises. At most `concurrency` stops are in flight in all and at
 * most `perProvider` for any one provider. A provider that answers `THROTTLED` gets fewer in flight
 * (AIMD) and is paced: its stops, and the retries of its stops in flight, wait for its pacer (a
 * client-side rate limit that adapts to the provider's), so a large batch runs near the provider's
 * rate limit instead of in a storm of retries. A lane waiting on its pacer holds no slot.
 *
 * Handle strings are parsed with `parseHandle`; one that does not parse is `failed` with
 * `VALIDATION` and kept as the string. When `signal` fires, nothing more is dispatched, stops in
 * flight end `ABORTED`, and every handle not yet dispatched is read from the input and reported
 * `failed` with `ABORTED` (no request sent). Every input handle appears exactly once in the report.
 * Never rejects.
 */
export async function stopMany(
  stopOne: BatchStopFn,
  input: Iterable<RunHandle | string> | AsyncIterable<RunHandle | string>,
  options: StopManyOptions = {},
): Promise<BatchStopReport> {
  const started = Date.now()
  const concurrency = wholeAtLeastOne(options.concurrency, DEFAULT_BATCH.concurrency)
  const maxBuffered = concurrency * BUFFER_FACTOR
  const totalKnown = Array.isArray(input) ? input.length : undefined
  const stopped: StopResult[] = []
  const stopRequested: StopResult[] = []
  const alreadyTerminal: StopResult[] = []
  const failed: BatchFailure[] = []
  const lanes = new Map<string, Lane>()
  let total = 0
  let inFlight = 0
  let buffered = 0
  let inputDone = false
  let inputError: RunError | undefined

  // The stops listen to the batch's own signal: one listener on the caller's signal, not one per stop.
  const batchAbort = new AbortController()
  setMaxListeners(0, batchAbort.signal)
  const userSignal = options.signal
  const onUserAbort = () => {
    batchAbort.abort(userSignal?.reason)
    wake()
  }
  if (userSignal?.aborted) batchAbort.abort(userSignal.reason)
  else userSignal?.addEventListener('abort', onUserAbort, { once: true })

  let wakeUp: (() => void) | undefined
  function wake() {
    const resolve = wakeUp
    wakeUp = undefined
    resolve?.()
  }
  const sleepUntilWoken = () => new Promise<void>((resolve) => (wakeUp = resolve))

  const limitFor = (provider: string): number => {
    const per = options.perProvider
    if (typeof per === 'number') return wholeAtLeastOne(per, DEFAULT_BATCH.perProvider)
    return wholeAtLeastOne(per?.[provider], DEFAULT_BATCH.perProvider)
  }
  const laneFor = (provider: string): Lane => {
    let lane = lanes.get(provider)
    if (lane === undefined) {
      const limit = limitFor(provider)
      lane = {
        limit,
        window: limit,
        inFlight: 0,
        epoch: 0,
        successes: 0,
        queue: [],
        pacer: createRatePacer(),
      }
      lanes.set(provider, lane)
    }
    return lane
  }

  const progress = () => {
    if (!options.onProgress) return
    const snapshot: BatchProgress = {
      done: stopped.length + stopRequested.length + alreadyTerminal.length + failed.length,
      ...(totalKnown === undefined ? {} : { total: totalKnown }),
      stopped: stopped.length,
      stopRequested: stopRequested.length,
      alreadyTerminal: alreadyTerminal.length,
      failed: failed.length,
      inFlight,
    }
    callSafely(() => options.onProgress?.(snapshot))
  }
  const fail = (given: RunHandle | string, error: RunError) => {
    failed.push({ handle: given, error })
    progress()
  }
  const abortedFailure = (given: RunHandle | string, handle: RunHandle | undefined) =>
    fail(
      given,
      abortedError(
        { provider: handle?.provider ?? 'unknown', operation: 'stop', ...(handle ? { handle } : {}) },
        batchAbort.signal.reason,
      ),
    )

  /** Parses / shape-checks one input value; `undefined` when it was reported failed already. */
  const accept = (given: RunHandle | string): Item | undefined => {
    // The one copy into plain data (copyHandle): its error carries the plain part, never `given`.
    const parsed = typeof given === 'string' ? parseHandle(given) : copyHandle(given)
    if (parsed.isErr()) {
      fail(given, parsed.error.with({ operation: 'stop' }))
      return undefined
    }
    return { given, handle: parsed.value }
  }

  const record = (item: Item, result: Result<StopResult, RunError> | undefined, failure?: unknown) => {
    if (result === undefined) {
      const error = new RunError({
        code: 'UNKNOWN',
        message: 'The stop failed unexpectedly.',
        provider: item.handle.provider,
        operation: 'stop',
        handle: item.handle,
        cause: failure,
      })
      fail(item.given, error)
      return
    }
    if (result.isErr()) return fail(item.given, result.error)
    const value = result.value
    if (value.outcome === 'stopped') stopped.push(value)
    else if (value.outcome === 'stop_requested') stopRequested.push(value)
    else if (value.outcome === 'already_terminal') alreadyTerminal.push(value)
    else
      return fail(
        item.given,
        new RunError({
          code: 'UNKNOWN',
          message: `The adapter answered an unknown stop outcome "${String(value.outcome)}".`,
          provider: item.handle.provider,
          operation: 'stop',
          handle: item.handle,
        }),
      )
    progress()
  }

  /** Arms the lane's wake-up for when its pacer will let the next stop go (one timer per lane). */
  const wakeWhenPaced = (lane: Lane) => {
    const delay = Math.max(1, lane.pacer.delayMs())
    const due = Date.now() + delay
    if (lane.timer !== undefined && lane.timerDue !== undefined && lane.timerDue <= due) return
    if (lane.timer !== undefined) clearTimeout(lane.timer)
    lane.timerDue = due
    lane.timer = setTimeout(() => {
      lane.timer = undefined
      lane.timerDue = undefined
      wake()
    }, delay)
  }

  /** Dispatches `item`; the caller has taken a permit from the lane's pacer. */
  const dispatch = (lane: Lane, item: Item) => {
    lane.inFlight++
    inFlight++
    const epoch = lane.epoch
    // The pacer epoch of the attempt in flight: a throttle of an attempt sent before the pacer's
    // last cut does not cut it again.
    let sentInEpoch = lane.pacer.epoch
    // Only a stop that found the window full shows that the window is too small.
    const windowFull = lane.inFlight >= lane.window
    let throttled = false
    const onThrottle = () => {
      throttled = true
      lane.pacer.onThrottle(sentInEpoch)
      // Only the first throttle of a window cuts it; stops sent before the cut were part of the burst.
      if (epoch !== lane.epoch) return
      lane.window = Math.max(1, Math.floor(lane.window / 2))
      lane.epoch++
      lane.successes = 0
    }
    const onAnswer = (error: RunError | undefined) => {
      if (error?.code === 'THROTTLED') onThrottle()
      else if (error === undefined || !NOT_ANSWERED.has(error.code)) lane.pacer.onAccepted(sentInEpoch)
    }
    const stopOptions: StopOptions = {
      signal: batchAbort.signal,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }
    const settle = (result: Result<StopResult, RunError> | undefined, failure?: unknown) => {
      lane.inFlight--
      inFlight--
      if (result !== undefined) onAnswer(result.isErr() ? result.error : undefined)
      if (!throttled && windowFull && lane.window < lane.limit && ++lane.successes >= lane.window) {
        lane.window++
        lane.successes = 0
      }
      record(item, result, failure)
      wake()
    }
    let pending: PromiseLike<Result<StopResult, RunError>>
    try {
      pending = stopOne(item.handle, stopOptions, {
        onRetry: (event) => onAnswer(event.error),
        // The first attempt took its permit at dispatch; a retry waits for one like any new stop.
        beforeAttempt: (attempt, signal) => {
          if (attempt === 1) return undefined
          return lane.pacer.take(signal).then((taken) => {
            if (taken) sentInEpoch = lane.pacer.epoch
          })
        },
      })
    } catch (failure) {
      settle(undefined, failure)
      return
    }
    pending.then(settle, (failure: unknown) => settle(undefined, failure))
  }

  /**
   * Starts every queued stop whose lane, pacer and the global limit allow, oldest lane first. A
   * lane whose pacer says wait holds no slot: its head stays queued and a timer wakes the loop.
   */
  const dispatchReady = () => {
    for (const lane of lanes.values()) {
      while (lane.queue.length > 0 && lane.inFlight < lane.window && inFlight < concurrency) {
        if (!lane.pacer.tryTake()) {
          wakeWhenPaced(lane)
          break
        }
        const item = lane.queue.shift() as Item
        buffered--
        dispatch(lane, item)
      }
      if (inFlight >= concurrency) return
    }
  }

  let pull: () => Promise<IteratorResult<RunHandle | string>>
  try {
    pull = pullerFor(input)
  } catch (cause) {
    inputDone = true
    inputError = inputFailure(cause)
    pull = async () => ({ done: true, value: undefined })
  }
  const next = async (): Promise<IteratorResult<RunHandle | string> | undefined> => {
    try {
      return await pull()
    } catch (cause) {
      inputError = inputFailure(cause)
      return undefined
    }
  }

  try {
    while (!batchAbort.signal.aborted) {
      dispatchReady()
      if (!inputDone && inFlight < concurrency && buffered < maxBuffered) {
        const step = await next()
        if (step === undefined || step.done) {
          inputDone = true
          continue
        }
        total++
        const item = accept(step.value)
        if (item === undefined) continue
        if (batchAbort.signal.aborted) {
          abortedFailure(item.given, item.handle)
          continue
        }
        laneFor(item.handle.provider).queue.push(item)
        buffered++
        continue
      }
      if (inputDone && inFlight === 0 && buffered === 0) break
      await sleepUntilWoken()
    }

    if (batchAbort.signal.aborted) {
      // Nothing more is sent: queued handles and the rest of the input are reported ABORTED.
      for (const lane of lanes.values())
        for (const item of lane.queue.splice(0)) abortedFailure(item.given, item.handle)
      buffered = 0
      while (!inputDone) {
        const step = await next()
        if (step === undefined || step.done) {
          inputDone = true
          break
        }
        total++
        const given = step.value
        const parsed = typeof given === 'string' ? parseHandle(given) : checkHandleShape(given)
        abortedFailure(given, parsed.isOk() ? parsed.value : undefined)
      }
      while (inFlight > 0) await sleepUntilWoken()
    }
  } finally {
    userSignal?.removeEventListener('abort', onUserAbort)
    for (const lane of lanes.values()) {
      if (lane.timer !== undefined) clearTimeout(lane.timer)
      lane.pacer.close()
    }
  }

  return {
    total,
    stopped,
    stopRequested,
    alreadyTerminal,
    failed,
    aborted: batchAbort.signal.aborted,
    durationMs: Date.now() - started,
    ...(inputError === undefined ? {} : { inputError }),
  }
}

function inputFailure(cause: unknown): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `Reading the batch input failed${cause instanceof Error ? `: ${cause.message}` : ''}.`,
    provider: 'unknown',
    operation: 'stop',
    cause,
  })
}
