import { formatHandle, type RunError, type RunHandle, type RunHooks, type StopResult } from '@runstop/core'

/** Where verbose lines go: a writer that redacts secrets (the CLI's `Output.err`). */
export type VerboseWriter = (line: string) => void

/** The first 8 characters of a call id: enough to tell the calls of one command apart. */
const shortId = (callId: string) => callId.slice(0, 8)

function handleText(handle: RunHandle): string {
  try {
    return formatHandle(handle)
  } catch {
    return `runstop:${String(handle?.provider)}`
  }
}

function errorText(error: RunError | undefined): string {
  if (error === undefined) return 'failed'
  const provider = error.providerCode === undefined ? '' : ` (${error.providerCode})`
  return `${error.code}${provider}: ${error.message}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * The hooks behind `--verbose`: one line on stderr per call start, attempt, retry and call end,
 * tagged `[runstop <call id>]`. Lines go through `write`, which redacts (the CLI passes
 * `Output.err`), and carry only handles, codes and RunError messages (themselves scrubbed).
 */
export function createVerboseHooks(write: VerboseWriter): RunHooks {
  const line = (callId: string, text: string) => write(`[runstop ${shortId(callId)}] ${text}\n`)
  return {
    onCallStart: (e) => line(e.callId, `${e.method} ${handleText(e.handle)}`),
    onAttempt: (e) => line(e.callId, `attempt ${e.attempt}: ${e.operation} (${e.provider})`),
    onRetry: (e) =>
      line(e.callId, `attempt ${e.attempt} failed: ${errorText(e.error)}; retrying in ${e.delayMs} ms`),
    onCallEnd: (e) => {
      const summary = e.ok
        ? e.method === 'stop'
          ? `${(e.value as StopResult).outcome}, status ${e.value?.status}`
          : `status ${e.value?.status}`
        : errorText(e.error)
      line(
        e.callId,
        `${e.method} done after ${plural(e.attempts, 'attempt')} in ${e.durationMs} ms: ${summary}`,
      )
    },
  }
}
