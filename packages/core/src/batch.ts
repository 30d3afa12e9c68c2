import { err, ok, type Result } from 'neverthrow'
import { DEFAULT_BATCH, isOutcomeUnknown } from './batch-defaults.js'
import { abortedError, createSharedAbort } from './call-signal.js'
import type { CallObserver } from './controller-calls.js'
import type {
  BatchCounts,
  BatchEntry,
  BatchFailure,
  BatchProgress,
  BatchStopReport,
  BatchStream,
  RetryEvent,
  StopEachOptions,
  StopManyOptions,
  StopOptions,
} from './controller-types.js'
import { Fifo } from './fifo.js'
import { parseHandle } from './handle-codec.js'
import { copyHandle } from './plain-handle.js'
import { createRatePacer, type RatePacer } from './rate-pacer.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import { callSafely } from './safe-call.js'
import type { StopResult } from './stop-result.js'
import { wholeAtLeastOne } from './whole-number.js'

/**
 * The controller's single stop, as the batch drives it: it tells `observer.onEnd` the stop's
 * Result exactly once, whatever ends it. What it returns is not used (it must not reject).
 */
export type BatchStopFn = (handle: RunHandle, options: StopOptions, observer: CallObserver) => unknown

type Given = RunHandle | string
type BatchInput = Iterable<Given> | AsyncIterable<Given>

/** A stop whose retry waits for a slot (and a permit) in its lane. */
interface RetryWaiter {
  readonly admit: () => void
  readonly signal: AbortSignal
  readonly onAbort: () => void
}

/**
 * One provider's lane: its configured limit, the effective window that AIMD moves, its pacer,
 * its queue of handles read ahead, and the retries waiting to be sent again. The pacer
 * (rate-pacer.ts) alone decides whether a throttle is a rate signal; when it cuts its rate, the
 * window is halved too (at least 1). `window` successes in a row of stops sent while the window
 * was full raise it by one, up to `limit` (a window the pacer keeps from filling has not been
 * tried, so it does not grow: RFC 7661's rule for TCP).
 */
interface Lane {
  readonly limit: number
  window: number
  inFlight: number
  successes: number
  /**
   * Answers in which the provider accepted a request (anything but a throttle or no answer): the
   * lane's progress, by which a stop tells a rate limit from a refusal of its own (`Flight.spends`).
   */
  accepted: number
  /**
   * The handles read ahead, as pairs: each as given (for the report), then its plain copy (a
   * `RunHandle`). Flat, so that a handle waiting here costs no object of its own (thousands may wait).
   */
  readonly queue: Fifo<Given>
  readonly retries: RetryWaiter[]
  readonly pacer: RatePacer
  /** Wakes the dispatcher when the pacer will have a permit for the lane's next send. */
  timer?: ReturnType<typeof setTimeout>
  timerDue?: number
}

/** Errors that did not come from the provider accepting the request (nor from it throttling). */
const NOT_ANSWERED: ReadonlySet<string> = new Set(['THROTTLED', 'ABORTED', 'TIMEOUT', 'NETWORK'])

/** Parses a string, shape-checks an object; the error is the one to report for this input. */
function acceptHandle(given: Given): Result<RunHandle, RunError> {
  // The one copy into plain data (copyHandle): its error carries the plain part, never `given`.
  const parsed = typeof given === 'string' ? parseHandle(given) : copyHandle(given)
  return parsed.isOk() ? parsed : err(parsed.error.with({ operation: 'stop' }))
}

/** A report entry; `handle` only when the input was a handle. */
function entryOf(
  given: Given,
  handle: RunHandle | undefined,
  result: Result<StopResult, RunError>,
): BatchEntry {
  return handle === undefined ? { given, result } : { given, handle, result }
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

/**
 * The batch engine behind `stopEach` and `stopMany` (one path): reads the input, runs the lanes,
 * and hands each finished stop to `deliver`. `deliver` returns false when the consumer has not
 * taken the entry yet (it then counts as held until `taken()` is called).
 */
class BatchRun {
  private readonly concurrency: number
  private readonly readAhead: number
  private readonly stopOptions: StopOptions
  private readonly totalKnown: number | undefined
  private readonly lanes = new Map<string, Lane>()
  private laneList: Lane[] = []
  private nextLane = 0
  private readonly batchAbort = createSharedAbort()
  private readonly started = Date.now()
  private readonly onUserAbort: () => void
  private syncInput: Iterator<Given> | undefined
  private asyncInput: AsyncIterator<Given> | undefined
  private reading = false
  private inputDone = false
  private inputError: RunError | undefined
  private finished = false
  private cancelled = false
  get cancelledByConsumer(): boolean {
    return this.cancelled
  }
  private inFlight = 0
  /** Read from the input and not yet taken by the consumer (queued, in flight, or waiting). */
  private held = 0
  /** Waiting in the lanes' queues (read, not sent yet). */
  private queued = 0
  /** Entries finished and not yet taken (they count against `concurrency`: backpressure). */
  private waiting = 0
  total = 0
  readonly counts = { stopped: 0, stopRequested: 0, alreadyTerminal: 0, failed: 0, outcomeUnknown: 0 }

  constructor(
    private readonly stopOne: BatchStopFn,
    input: BatchInput,
    private readonly options: StopEachOptions,
    /**
     * Receives each finished handle (what `entryOf` makes an entry of: `stopMany` sorts the result
     * without one); returns true when it was consumed at once.
     */
    private readonly deliver: (
      given: Given,
      handle: RunHandle | undefined,
      result: Result<StopResult, RunError>,
    ) => boolean,
    /** Called once, when every handle has been delivered. */
    private readonly onEnd: () => void,
    /** Whether the batch can end early without a caller signal (a stream's consumer can leave). */
    cancellable: boolean,
    /** Whether successful results reach anyone (`stopMany` with `keep` other than `'all'` drops them). */
    private readonly resultsKept = true,
  ) {
    this.concurrency = wholeAtLeastOne(options.concurrency, DEFAULT_BATCH.concurrency)
    this.readAhead = Math.max(this.concurrency, wholeAtLeastOne(options.readAhead, DEFAULT_BATCH.readAhead))
    this.totalKnown = Array.isArray(input) ? input.length : undefined
    // The stops listen to the batch's own signal (shared, no follower per stop): one listener on
    // the caller's signal, not one per stop.
    // Without a way to abort the batch, its stops get no signal (no per-call abort machinery).
    const abortable = cancellable || options.signal !== undefined
    this.stopOptions = {
      ...(abortable ? { signal: this.batchAbort.signal } : {}),
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }
    this.onUserAbort = () => this.abort(options.signal?.reason)
    try {
      if (typeof (input as AsyncIterable<Given>)[Symbol.asyncIterator] === 'function')
        this.asyncInput = (input as AsyncIterable<Given>)[Symbol.asyncIterator]()
      else this.syncInput = (input as Iterable<Given>)[Symbol.iterator]()
    } catch (cause) {
      this.inputDone = true
      this.inputError = inputFailure(cause)
    }
  }

  /** The batch's signal has fired (set where it is fired: no AbortSignal getter per handle). */
  private abortFired = false

  get aborted(): boolean {
    return this.abortFired
  }

  private fireAbort(reason: unknown): void {
    this.abortFired = true
    this.batchAbort.abort(reason)
  }

  get error(): RunError | undefined {
    return this.inputError
  }

  get durationMs(): number {
    return Date.now() - this.started
  }

  start(): void {
    const signal = this.options.signal
    if (signal?.aborted) this.fireAbort(signal.reason)
    else signal?.addEventListener('abort', this.onUserAbort, { once: true })
    this.pump()
  }

  /** Nothing more is sent; stops in flight end `ABORTED`; the rest is reported `ABORTED`, unsent. */
  abort(reason?: unknown): void {
    if (this.abortFired || this.finished) return
    this.fireAbort(reason)
    for (const lane of this.laneList) {
      this.clearTimer(lane)
      const queue = lane.queue
      while (queue.size > 0) {
        this.queued--
        this.settleUnsent(queue.shift() as Given, queue.shift() as RunHandle)
      }
    }
    this.pump()
  }

  /** The consumer took an entry that `deliver` could not hand over at once. */
  taken(): void {
    this.waiting--
    this.held--
    this.pump()
  }

  /** The consumer is gone: stop reading, abort what is in flight, close the input. */
  cancel(): void {
    this.cancelled = true
    this.inputDone = true
    const closing = this.syncInput ?? this.asyncInput
    this.syncInput = undefined
    this.asyncInput = undefined
    try {
      const returned = closing?.return?.()
      if (returned instanceof Promise) returned.then(undefined, () => {})
    } catch {
      // An input that fails to close is still not read again.
    }
    this.abort(new Error('The batch consumer stopped reading.'))
  }

  private laneFor(provider: string): Lane {
    let lane = this.lanes.get(provider)
    if (lane === undefined) {
      const per = this.options.perProvider
      const limit =
        typeof per === 'number'
          ? wholeAtLeastOne(per, DEFAULT_BATCH.perProvider)
          : wholeAtLeastOne(per?.[provider], DEFAULT_BATCH.perProvider)
      lane = {
        limit,
        window: limit,
        inFlight: 0,
        successes: 0,
        accepted: 0,
        queue: new Fifo<Given>(),
        retries: [],
        pacer: createRatePacer(),
      }
      this.lanes.set(provider, lane)
      this.laneList.push(lane)
    }
    return lane
  }

  /** Reads, dispatches and finishes as far as the limits allow. Re-entrant calls are folded. */
  private pumping = false
  private again = false
  private pump(): void {
    if (this.pumping) {
      this.again = true
      return
    }
    this.pumping = true
    try {
      do {
        this.again = false
        if (!this.aborted) this.dispatchReady()
        // What was read is dispatched in the next turn (and more is read if still wanted).
        if (this.fill()) this.again = true
      } while (this.again)
    } finally {
      this.pumping = false
    }
    if (!this.finished && this.inputDone && this.held === 0 && (!this.reading || this.cancelled))
      this.finish()
  }

  /**
   * Whether reading on could help: fewer than `readAhead` handles held, and either the lanes'
   * queues hold less than a batch-wide round of stops, or a slot is free (what is queued cannot
   * use it: a lane at its window or paced, or a provider not read yet). A batch whose slots are all
   * busy reads no further than that round: the handles it holds are few and short-lived. One
   * whose lanes leave slots free reads on, up to `readAhead`, to find work for every provider.
   */
  private wantsInput(): boolean {
    return (
      !this.inputDone &&
      this.held < this.readAhead &&
      (this.queued < this.concurrency || this.inFlight + this.waiting < this.concurrency)
    )
  }

  /**
   * Reads the input while `wantsInput`, at most a round of `concurrency` handles per call (the
   * pump dispatches them before reading more). Returns whether anything was read synchronously.
   */
  private fill(): boolean {
    let read = 0
    while (this.wantsInput()) {
      if (read >= this.concurrency) return true
      if (this.syncInput !== undefined) {
        let step: IteratorResult<Given>
        try {
          step = this.syncInput.next()
        } catch (cause) {
          this.endInput(inputFailure(cause))
          return read > 0
        }
        if (step.done) this.endInput()
        else {
          read++
          this.accept(step.value)
        }
        continue
      }
      if (this.asyncInput === undefined || this.reading) return read > 0
      this.reading = true
      let pending: Promise<IteratorResult<Given>>
      try {
        pending = Promise.resolve(this.asyncInput.next())
      } catch (cause) {
        pending = Promise.reject(cause)
      }
      pending.then(
        (step) => {
          this.reading = false
          if (this.inputDone) return this.pump()
          if (step.done) this.endInput()
          else this.accept(step.value)
          this.pump()
        },
        (cause: unknown) => {
          this.reading = false
          if (!this.inputDone) this.endInput(inputFailure(cause))
          this.pump()
        },
      )
      return read > 0
    }
    return read > 0
  }

  private endInput(error?: RunError): void {
    this.inputDone = true
    if (error !== undefined) this.inputError = error
    this.syncInput = undefined
    this.asyncInput = undefined
  }

  private accept(given: Given): void {
    this.total++
    this.held++
    const accepted = acceptHandle(given)
    if (accepted.isErr()) {
      this.record(given, undefined, err(accepted.error))
      return
    }
    const handle = accepted.value
    if (this.aborted) {
      this.settleUnsent(given, handle)
      return
    }
    const lane = this.laneFor(handle.provider)
    lane.queue.push(given)
    lane.queue.push(handle)
    this.queued++
  }

  /** A free slot for `lane`: its window, and the batch's limit (finished, unread entries count). */
  private hasSlot(lane: Lane): boolean {
    return lane.inFlight < lane.window && this.inFlight + this.waiting < this.concurrency
  }

  /**
   * Sends what the limits allow, one per lane in turn so that no lane takes every slot; in each
   * lane a waiting retry goes before a new stop. A lane whose pacer says wait holds no slot: a
   * timer wakes the loop when the pacer will have a permit.
   */
  private dispatchReady(): void {
    let idle = 0
    while (idle < this.laneList.length && this.inFlight + this.waiting < this.concurrency) {
      if (this.nextLane >= this.laneList.length) this.nextLane = 0
      const lane = this.laneList[this.nextLane++] as Lane
      const hasWork = lane.retries.length > 0 || lane.queue.size > 0
      if (!hasWork || !this.hasSlot(lane) || lane.timer !== undefined) {
        idle++
        continue
      }
      if (!lane.pacer.tryTake()) {
        this.wakeWhenPaced(lane)
        idle++
        continue
      }
      idle = 0
      const retry = lane.retries.shift()
      if (retry !== undefined) {
        retry.signal.removeEventListener('abort', retry.onAbort)
        lane.inFlight++
        this.inFlight++
        retry.admit()
        continue
      }
      const given = lane.queue.shift() as Given
      this.queued--
      this.dispatch(lane, given, lane.queue.shift() as RunHandle)
    }
  }

  /** Arms the lane's wake-up for when its pacer will let the next send go (one timer per lane). */
  private wakeWhenPaced(lane: Lane): void {
    const delay = Math.max(1, lane.pacer.delayMs())
    lane.timerDue = Date.now() + delay
    lane.timer = setTimeout(() => {
      lane.timer = undefined
      lane.timerDue = undefined
      this.pump()
    }, delay)
  }

  private clearTimer(lane: Lane): void {
    if (lane.timer !== undefined) clearTimeout(lane.timer)
    lane.timer = undefined
    lane.timerDue = undefined
  }

  /** Sends the stop of `handle`; the caller took a permit from the lane's pacer. */
  private dispatch(lane: Lane, given: Given, handle: RunHandle): void {
    lane.inFlight++
    this.inFlight++
    const flight = new Flight(this, lane, given, handle)
    try {
      // The stop's end reaches `flight.onEnd`: no promise of the batch's own per stop.
      this.stopOne(handle, this.stopOptions, flight)
    } catch (failure) {
      flight.settle(undefined, failure)
    }
  }

  /** A slot of `lane` is free again (a stop ended or sleeps before a retry). */
  released(lane: Lane): void {
    lane.inFlight--
    this.inFlight--
  }

  /** A stop of `lane` finished. */
  complete(
    given: Given,
    handle: RunHandle,
    result: Result<StopResult, RunError> | undefined,
    failure?: unknown,
  ): void {
    this.record(given, handle, result, failure)
    this.pump()
  }

  /** A retry waits for a slot and a permit in its lane. */
  waitForRetry(lane: Lane, waiter: RetryWaiter): void {
    lane.retries.push(waiter)
    this.pump()
  }

  /** Wakes the dispatcher (a slot was released). */
  wake(): void {
    this.pump()
  }

  /** A handle that is reported `ABORTED` without a request (the batch was aborted first). */
  private settleUnsent(given: Given, handle: RunHandle | undefined): void {
    const error = abortedError(
      { provider: handle?.provider ?? 'unknown', operation: 'stop', ...(handle ? { handle } : {}) },
      this.batchAbort.signal.reason,
    )
    // Said outright, as the controller does for a call: no request for this run reached the wire.
    this.record(given, handle, err(error.with({ details: { ...error.details, sent: false } })))
  }

  /** Counts one finished handle and hands its entry over. */
  private record(
    given: Given,
    handle: RunHandle | undefined,
    outcome: Result<StopResult, RunError> | undefined,
    failure?: unknown,
  ): void {
    let result: Result<StopResult, RunError>
    if (outcome === undefined) {
      result = this.failure(
        new RunError({
          code: 'UNKNOWN',
          message: 'The stop failed unexpectedly.',
          provider: handle?.provider ?? 'unknown',
          operation: 'stop',
          ...(handle ? { handle } : {}),
          cause: failure,
        }),
      )
    } else if (outcome.isOk()) {
      const value = outcome.value
      if (value.outcome === 'stopped') this.counts.stopped++
      else if (value.outcome === 'stop_requested') this.counts.stopRequested++
      else if (value.outcome === 'already_terminal') this.counts.alreadyTerminal++
      else {
        const error = new RunError({
          code: 'UNKNOWN',
          message: `The adapter answered an unknown stop outcome "${String(value.outcome)}".`,
          provider: handle?.provider ?? 'unknown',
          operation: 'stop',
          ...(handle ? { handle } : {}),
        })
        this.hand(given, handle, this.failure(error))
        return
      }
      // `raw` is dropped unless asked for; a result nobody keeps, or with no raw answer (null,
      // undefined), is not copied to drop it.
      result =
        this.options.keepRaw || value.raw === undefined || value.raw === null || !this.resultsKept
          ? outcome
          : ok({ ...value, raw: undefined })
    } else result = this.failure(outcome.error)
    this.hand(given, handle, result)
  }

  private failure(error: RunError): Result<StopResult, RunError> {
    this.counts.failed++
    if (isOutcomeUnknown(error)) this.counts.outcomeUnknown++
    return err(error)
  }

  private hand(given: Given, handle: RunHandle | undefined, result: Result<StopResult, RunError>): void {
    this.progress()
    if (this.deliver(given, handle, result)) this.held--
    else this.waiting++
  }

  private progress(): void {
    const onProgress = this.options.onProgress
    if (!onProgress) return
    const c = this.counts
    const snapshot: BatchProgress = {
      done: c.stopped + c.stopRequested + c.alreadyTerminal + c.failed,
      ...(this.totalKnown === undefined ? {} : { total: this.totalKnown }),
      stopped: c.stopped,
      stopRequested: c.stopRequested,
      alreadyTerminal: c.alreadyTerminal,
      failed: c.failed,
      inFlight: this.inFlight,
    }
    callSafely(() => onProgress(snapshot))
  }

  private finish(): void {
    this.finished = true
    this.options.signal?.removeEventListener('abort', this.onUserAbort)
    for (const lane of this.laneList) this.clearTimer(lane)
    this.onEnd()
  }
}

/**
 * One stop in flight: holds its lane slot except while it sleeps before a retry, feeds the lane's
 * pacer and window with what the provider answered, and reports the result. It is the call's
 * observer (one object per stop rather than a closure per callback).
 */
class Flight implements CallObserver {
  /** Whether this stop holds a slot now: not while it sleeps before a retry. */
  private holding = true
  /** The pacer epoch of the attempt in flight: a throttle of an attempt sent before the pacer's last cut does not cut it again. */
  private sentInEpoch: number
  /** Only a stop that found the window full shows that the window is too small. */
  private readonly windowFull: boolean
  private throttled = false
  /**
   * The lane's `accepted` when this stop was sent, or when its last failed attempt was answered:
   * a throttle spends an attempt only when the lane accepted nothing since.
   */
  private acceptedBefore: number

  constructor(
    private readonly run: BatchRun,
    private readonly lane: Lane,
    /** As given, for the report. */
    private readonly given: Given,
    private readonly handle: RunHandle,
  ) {
    this.sentInEpoch = lane.pacer.epoch
    this.acceptedBefore = lane.accepted
    this.windowFull = lane.inFlight >= lane.window
  }

  /** Set once the stop has been settled: a stop is reported once, whatever tells it twice. */
  private settled = false

  onEnd(result: Result<StopResult, RunError>): void {
    this.settle(result)
  }

  /**
   * A throttle spends none of the stop's attempts when its provider accepted other requests of
   * the lane since this stop was sent or last failed (while it was out, or while it slept before
   * this attempt): the provider is limiting the rate, not refusing this run, and the retry goes
   * out when the lane's pacer allows. Counting only the requests accepted while it was out spent
   * every attempt of a lane narrowed to one stop in flight. The count stays bounded: each free
   * retry needs a new accepted answer, and a lane that accepts nothing more (a provider throttling
   * everything) makes every throttle count, so such a stop fails `THROTTLED` after `maxAttempts`.
   */
  spends(error: RunError): boolean {
    return error.code !== 'THROTTLED' || this.lane.accepted === this.acceptedBefore
  }

  onRetry(event: RetryEvent): void {
    this.onAnswer(event.error)
    this.acceptedBefore = this.lane.accepted
    // The backoff sleep holds no slot: another stop may use it meanwhile.
    this.release()
    this.run.wake()
  }

  /** The first attempt was admitted at dispatch; a retry waits for a slot and a permit again. */
  beforeAttempt(attempt: number, signal: AbortSignal): PromiseLike<unknown> | undefined {
    if (attempt === 1 || this.holding) return undefined
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve()
      const lane = this.lane
      const waiter: RetryWaiter = {
        admit: () => {
          this.holding = true
          this.sentInEpoch = lane.pacer.epoch
          resolve()
        },
        signal,
        onAbort: () => {
          const i = lane.retries.indexOf(waiter)
          if (i >= 0) lane.retries.splice(i, 1)
          resolve()
        },
      }
      signal.addEventListener('abort', waiter.onAbort, { once: true })
      this.run.waitForRetry(lane, waiter)
    })
  }

  settle(result: Result<StopResult, RunError> | undefined, failure?: unknown): void {
    if (this.settled) return
    this.settled = true
    this.release()
    const lane = this.lane
    if (result !== undefined) this.onAnswer(result.isErr() ? result.error : undefined)
    if (!this.throttled && this.windowFull && lane.window < lane.limit && ++lane.successes >= lane.window) {
      lane.window++
      lane.successes = 0
    }
    this.run.complete(this.given, this.handle, result, failure)
  }

  private onAnswer(error: RunError | undefined): void {
    const lane = this.lane
    if (error?.code === 'THROTTLED') {
      this.throttled = true
      // Only a cut of the pacer (a rate signal, not the occasional throttle) narrows the window.
      if (lane.pacer.onThrottle(this.sentInEpoch)) {
        lane.window = Math.max(1, Math.floor(lane.window / 2))
        lane.successes = 0
      }
    } else if (error === undefined || !NOT_ANSWERED.has(error.code)) {
      lane.accepted++
      lane.pacer.onAccepted(this.sentInEpoch)
    }
  }

  private release(): void {
    if (!this.holding) return
    this.holding = false
    this.run.released(this.lane)
  }
}

/**
 * Stops many runs and yields each result as it finishes (`stopEach`). Nothing starts until the
 * first `next()`. The batch runs ahead of the consumer by at most `concurrency` stops: finished
 * entries that were not read yet count against it, so a consumer that stops pulling stops the
 * dispatch (and, through `readAhead`, the reading). Leaving the loop early (`break`, `return()`)
 * aborts the batch: nothing more is read or sent, and stops in flight end `ABORTED`. Iterate once.
 * The iterator never throws.
 */
export function stopEach(
  stopOne: BatchStopFn,
  input: BatchInput,
  options: StopEachOptions = {},
): BatchStream {
  const queue = new Fifo<BatchEntry>()
  let consumer: ((step: IteratorResult<BatchEntry>) => void) | undefined
  let ended = false
  const run = new BatchRun(
    stopOne,
    input,
    options,
    (given, handle, result) => {
      if (run.cancelledByConsumer) return true
      const entry = entryOf(given, handle, result)
      if (consumer === undefined) {
        queue.push(entry)
        return false
      }
      const resolve = consumer
      consumer = undefined
      resolve({ value: entry, done: false })
      return true
    },
    () => {
      ended = true
      const resolve = consumer
      consumer = undefined
      resolve?.({ value: undefined, done: true })
    },
    true,
  )
  let started = false
  const iterator: AsyncIterator<BatchEntry> = {
    next() {
      if (!started) {
        started = true
        run.start()
      }
      if (queue.size > 0) {
        const entry = queue.shift() as BatchEntry
        run.taken()
        return Promise.resolve({ value: entry, done: false })
      }
      if (ended || run.cancelledByConsumer) return Promise.resolve({ value: undefined, done: true })
      return new Promise((resolve) => {
        consumer = resolve
      })
    },
    return() {
      if (!ended) run.cancel()
      queue.clear()
      return Promise.resolve({ value: undefined, done: true })
    },
  }
  return {
    [Symbol.asyncIterator]: () => iterator,
    summary: () => summaryOf(run),
  }
}

function summaryOf(run: BatchRun): BatchStopReport {
  return {
    total: run.total,
    stopped: [],
    stopRequested: [],
    alreadyTerminal: [],
    failed: [],
    counts: { ...run.counts },
    aborted: run.aborted,
    durationMs: run.durationMs,
    ...(run.error === undefined ? {} : { inputError: run.error }),
  }
}

/**
 * Stops many runs and collects the report: the same batch as `stopEach` (same lanes, pacing and
 * limits), its entries sorted into the report's lists as `keep` asks (`'all'`, the default;
 * `'failures'`; `'none'`: counts only). `counts` is always complete. Never rejects.
 */
export function stopMany(
  stopOne: BatchStopFn,
  input: BatchInput,
  options: StopManyOptions = {},
): Promise<BatchStopReport> {
  const keep = options.keep ?? 'all'
  const keepResults = keep === 'all'
  const keepFailures = keep !== 'none'
  const stopped: StopResult[] = []
  const stopRequested: StopResult[] = []
  const alreadyTerminal: StopResult[] = []
  const failed: BatchFailure[] = []
  return new Promise((resolve) => {
    const run: BatchRun = new BatchRun(
      stopOne,
      input,
      options,
      (given, _handle, result) => {
        if (result.isErr()) {
          if (keepFailures) failed.push({ handle: given, error: result.error })
        } else if (keepResults) {
          const value = result.value
          if (value.outcome === 'stopped') stopped.push(value)
          else if (value.outcome === 'stop_requested') stopRequested.push(value)
          else alreadyTerminal.push(value)
        }
        return true
      },
      () => {
        const counts: BatchCounts = { ...run.counts }
        resolve({
          total: run.total,
          stopped,
          stopRequested,
          alreadyTerminal,
          failed,
          counts,
          aborted: run.aborted,
          durationMs: run.durationMs,
          ...(run.error === undefined ? {} : { inputError: run.error }),
        })
      },
      false,
      keepResults,
    )
    run.start()
  })
}
