// The emulator in its own process, so a benchmark's process.cpuUsage() counts only the client.
// Each provider's endpoint is a counting TCP proxy in front of the emulator: `connections` says
// how many TCP connections the clients opened. Driven over IPC by `startEmulatorChild()`.
import { fork } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

/** Starts the child; resolves to `{ endpoints, credentials, createRun, connections, close }`. */
export async function startEmulatorChild() {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let next = 0
  const pending = new Map()
  child.on('message', (message) => {
    const settle = pending.get(message.id)
    pending.delete(message.id)
    settle?.(message.value)
  })
  const ask = (command, ...args) =>
    new Promise((resolve) => {
      const id = next++
      pending.set(id, resolve)
      child.send({ id, command, args })
    })
  const { endpoints, credentials } = await ask('hello')
  return {
    endpoints,
    credentials,
    createRun: (provider, options) => ask('createRun', provider, options),
    /** TCP connections opened so far, per provider. */
    connections: () => ask('connections'),
    close: async () => {
      await ask('close')
      child.disconnect()
    },
  }
}

async function countingProxy(target) {
  const { port: targetPort, hostname } = new URL(target)
  const state = { connections: 0 }
  const server = net.createServer((socket) => {
    state.connections++
    const upstream = net.connect(Number(targetPort), hostname)
    socket.pipe(upstream).pipe(socket)
    const drop = () => {
      socket.destroy()
      upstream.destroy()
    }
    socket.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${server.address().port}`
  state.server = server
  return state
}

async function runChild() {
  const { startEmulator } = await import('@runstop/emulator')
  const emulator = await startEmulator({ stopDelayMs: 0 })
  const proxies = {}
  for (const [key, url] of Object.entries(emulator.endpoints)) proxies[key] = await countingProxy(url)
  const commands = {
    hello: () => ({
      endpoints: Object.fromEntries(Object.entries(proxies).map(([key, proxy]) => [key, proxy.url])),
      credentials: emulator.credentials,
    }),
    createRun: (provider, options) => emulator.createRun(provider, options),
    connections: () => Object.fromEntries(Object.entries(proxies).map(([key, p]) => [key, p.connections])),
    close: async () => {
      for (const proxy of Object.values(proxies)) proxy.server.close()
      await emulator.close()
      setImmediate(() => process.exit(0))
    },
  }
  process.on('message', async ({ id, command, args }) => {
    process.send({ id, value: await commands[command](...args) })
  })
}

if (process.argv[2] === '--child') await runChild()
