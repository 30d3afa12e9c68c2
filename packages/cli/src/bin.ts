import { enableCompileCache } from './compile-cache.js'
import type { InterruptListener } from './context.js'
import { runCli } from './program.js'

// The AWS SDK warns on every run under Node 20 (which runstop supports) about its future Node
// floor; on a CLI's stderr that is noise. Set the variable to "false" to see the warning again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

enableCompileCache()

/** How long a finished command may wait for lingering sockets (HTTP/2 sessions, keep-alive) before exiting. */
const LINGER_MS = 500

/** After a second Ctrl-C, how long the command may take to print what it knows before the process exits anyway. */
const SECOND_INTERRUPT_EXIT_MS = 2_000

const listeners = new Set<InterruptListener>()
let interrupts = 0
const onSignal = (signal: NodeJS.Signals) => {
  interrupts++
  // Nothing to stop gracefully, or a third Ctrl-C: leave at once, as a shell expects.
  if (listeners.size === 0 || interrupts > 2) process.exit(130)
  // The second one: the command reports what it knows and ends; if it cannot, exit anyway.
  if (interrupts === 2) setTimeout(() => process.exit(130), SECOND_INTERRUPT_EXIT_MS).unref()
  for (const listener of [...listeners]) listener(signal, interrupts)
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

// A reader that goes away (`runstop … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  onInterrupt: (listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
})
process.exitCode = code
process.off('SIGINT', onSignal)
process.off('SIGTERM', onSignal)
// Let stdout and stderr drain, then end naturally; if an SDK keeps a socket open, exit anyway
// (the timer is unref'd: it never delays a process that is done).
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
  ),
)
setTimeout(() => process.exit(code), LINGER_MS).unref()
