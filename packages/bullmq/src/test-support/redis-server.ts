import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { Redis } from 'ioredis'

/** A real redis-server started for a test file, on a free loopback port, without persistence. */
export interface TestRedis {
  readonly url: string
  readonly port: number
  /** Stops the server and removes its working directory. */
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Starts `redis-server` (Debian's package; `.ci/run` installs it) with `--save '' --appendonly no`
 * in a fresh temporary directory, and waits until it answers PING.
 */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'runstop-redis-'))
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject))
  const url = `redis://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    probe.on('error', () => {})
    try {
      await Promise.race([probe.connect().then(() => probe.ping()), spawnError])
      probe.disconnect()
      return { url, port, stop }
    } catch (error) {
      probe.disconnect()
      if (child.exitCode !== null || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        await stop()
        throw new Error(`redis-server did not start: ${(error as Error).message}`)
      }
      await delay(50)
    }
  }
  await stop()
  throw new Error('redis-server did not answer PING within 5 s')
}
