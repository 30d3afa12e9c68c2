import { setMaxListeners } from 'node:events'
import { type CommandContext, onInterrupt } from './context.js'

/** How long the first Ctrl-C lets the work in flight finish before it is cut short. */
export const INTERRUPT_GRACE_MS = 5_000

/** What the work in progress is, for the message of the first Ctrl-C and its early end. */
export interface InterruptPhase {
  /** The stderr line printed on the first Ctrl-C (without the grace and the newline). */
  readonly describe: () => string
  /** True when nothing is left in flight: the grace then ends at once. */
  readonly drained: () => boolean
  /** Called on the first Ctrl-C, before `describe` (the stop phase closes its gate here). */
  readonly onFirst?: () => void
}

/**
 * Ctrl-C for a command with work in flight. The first interrupt calls the phase's `onFirst`,
 * announces on stderr that it is draining, and aborts `signal` when the phase is drained or after
 * `graceMs`, whichever comes first. A second interrupt aborts at once and sets `quit`: the command
 * stops reading its input and prints what it knows.
 */
export class InterruptControl {
  readonly #abort = new AbortController()
  readonly #ctx: CommandContext
  readonly #graceMs: number
  readonly #unsubscribe: () => void
  #phase: InterruptPhase
  #timer: ReturnType<typeof setTimeout> | undefined
  #interrupted = false
  #quit = false
  readonly #quitListeners = new Set<() => void>()

  constructor(ctx: CommandContext, phase: InterruptPhase, graceMs = INTERRUPT_GRACE_MS) {
    this.#ctx = ctx
    this.#phase = phase
    this.#graceMs = graceMs
    setMaxListeners(0, this.#abort.signal)
    this.#unsubscribe = onInterrupt(ctx.io, (_signal, count) => this.#onInterrupt(count))
  }

  /** Aborted after the grace, when drained, or on the second Ctrl-C. */
  get signal(): AbortSignal {
    return this.#abort.signal
  }

  /** True once Ctrl-C was pressed. */
  get interrupted(): boolean {
    return this.#interrupted
  }

  /** True after the second Ctrl-C: stop reading input, report and exit. */
  get quit(): boolean {
    return this.#quit
  }

  /**
   * Calls `listener` on the second Ctrl-C (a read of the input that waits for more lines can then
   * be given up); returns the function that removes it.
   */
  onQuit(listener: () => void): () => void {
    this.#quitListeners.add(listener)
    return () => this.#quitListeners.delete(listener)
  }

  /** Switches to the next phase (stops sent → waiting for the runs to end). */
  enter(phase: InterruptPhase): void {
    this.#phase = phase
  }

  /** Tells the control that work settled: an interrupted phase that is drained ends its grace now. */
  check(): void {
    if (this.#interrupted && this.#phase.drained()) this.#fire()
  }

  /** Resolves when `signal` aborts: true after the grace or the drain, false after a second Ctrl-C. */
  whenAborted(): Promise<boolean> {
    if (this.#abort.signal.aborted) return Promise.resolve(!this.#quit)
    return new Promise((resolve) =>
      this.#abort.signal.addEventListener('abort', () => resolve(!this.#quit), { once: true }),
    )
  }

  /** Stops listening for interrupts and clears the grace timer. */
  dispose(): void {
    this.#unsubscribe()
    if (this.#timer !== undefined) clearTimeout(this.#timer)
  }

  #onInterrupt(count: number): void {
    if (count >= 2 || this.#interrupted) {
      this.#quit = true
      this.#interrupted = true
      this.#fire()
      for (const listener of [...this.#quitListeners]) listener()
      return
    }
    this.#interrupted = true
    this.#phase.onFirst?.()
    const drained = this.#phase.drained()
    const seconds = Math.round(this.#graceMs / 100) / 10
    const grace = drained ? '' : `; waiting up to ${seconds} s`
    this.#ctx.output.err(`interrupted: ${this.#phase.describe()}${grace} (Ctrl-C again to quit now)\n`)
    if (drained) this.#fire()
    else this.#timer = setTimeout(() => this.#fire(), this.#graceMs)
  }

  #fire(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    if (!this.#abort.signal.aborted) this.#abort.abort(new Error('Interrupted'))
  }
}
