// The emulator in a child process, so that its CPU is not the client's: the benchmark process
// drives it over IPC (create runs, set faults, count requests).
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const self = fileURLToPath(import.meta.url)

if (process.argv[2] === '--child') {
  const { startEmulator } = await import('@runstop/emulator')
  const emulator = await startEmulator({ stopDelayMs: Number(process.argv[3] ?? 10) })
  // Only counts are kept: the emulator's own request log is cleared as it goes.
  const ops = {
    createRuns: ({ provider, n }) => Array.from({ length: n }, () => emulator.createRun(provider)),
    setFaults: ({ mixes }) => {
      emulator.clearFaults()
      for (const mix of mixes) emulator.setFaults(mix)
    },
    stats: () => {
      const requests = emulator.requests
      const throttled = requests.filter((r) => r.errorCode && /throttl/i.test(r.errorCode)).length
      const stopped = emulator.runs().filter((run) => /stop|abort|cancel/i.test(run.status)).length
      return { requests: requests.length, throttled, stopped }
    },
    reset: () => {
      emulator.clearFaults()
      emulator.clearRequests()
    },
    close: async () => {
      await emulator.close()
      setImmediate(() => process.exit(0))
    },
  }
  process.on('message', async ({ id, op, args }) => {
    const value = await ops[op](args ?? {})
    process.send({ id, value })
  })
  process.send({ ready: { endpoints: emulator.endpoints, credentials: emulator.credentials } })
}

/** Starts the emulator in a child process; resolves once it listens. */
export function startEmulatorProcess({ stopDelayMs = 10 } = {}) {
  const child = fork(self, ['--child', String(stopDelayMs)], { stdio: 'inherit' })
  const pending = new Map()
  let nextId = 0
  const call = (op, args) =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      child.send({ id, op, args })
    })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.on('message', (message) => {
      if (message.ready) {
        resolve({
          ...message.ready,
          createRuns: (provider, n) => call('createRuns', { provider, n }),
          setFaults: (...mixes) => call('setFaults', { mixes }),
          stats: () => call('stats'),
          reset: () => call('reset'),
          close: () => call('close'),
        })
        return
      }
      pending.get(message.id)?.(message.value)
      pending.delete(message.id)
    })
  })
}
