import type { BatchProgress } from '@runstop/core'
import type { Output } from './writer.js'

/** Draws batch progress on stderr. */
export interface ProgressBar {
  update(progress: BatchProgress): void
  /** Clears the bar's line. Safe to call twice. */
  finish(): void
}

const BAR_WIDTH = 24

/**
 * The text of one progress line, without control sequences. With a known total:
 * `stopping [██████░░░░] 12/40  stopped 5 · requested 3 · already 2 · failed 2`; without one,
 * `stopping 12 done, 4 in flight  stopped 5 · …`.
 */
export function progressLine(label: string, progress: BatchProgress): string {
  const counts = `stopped ${progress.stopped} · requested ${progress.stopRequested} · already ${progress.alreadyTerminal} · failed ${progress.failed}`
  if (progress.total !== undefined && progress.total > 0) {
    const filled = Math.min(BAR_WIDTH, Math.round((progress.done / progress.total) * BAR_WIDTH))
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled)
    return `${label} [${bar}] ${progress.done}/${progress.total}  ${counts}`
  }
  return `${label} ${progress.done} done, ${progress.inFlight} in flight  ${counts}`
}

const NO_PROGRESS: ProgressBar = { update: () => {}, finish: () => {} }

/**
 * A progress bar on stderr, redrawn at most every `intervalMs`, only when stderr is a terminal;
 * otherwise a no-op, so non-TTY stderr stays quiet.
 */
export function createProgressBar(output: Output, label: string, intervalMs = 80): ProgressBar {
  if (!output.stderrIsTTY) return NO_PROGRESS
  let last = 0
  let drawn = false
  let finished = false
  const draw = (progress: BatchProgress) => {
    const columns = output.stderrColumns || 100
    const line = [...progressLine(label, progress)].slice(0, Math.max(10, columns - 1)).join('')
    output.errRaw(`\r\x1b[2K${line}`)
    drawn = true
  }
  return {
    update(progress) {
      if (finished) return
      const now = Date.now()
      const complete = progress.total !== undefined && progress.done >= progress.total
      if (!complete && now - last < intervalMs) return
      last = now
      draw(progress)
    },
    finish() {
      if (finished) return
      finished = true
      if (drawn) output.errRaw('\r\x1b[2K')
    },
  }
}
