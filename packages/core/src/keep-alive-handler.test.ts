import { type ChildProcess, spawn } from 'node:child_process'
import { getEventListeners } from 'node:events'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createCallScope } from './call-signal.js'
import { createKeepAliveHandler, type KeepAliveRequest } from './keep-alive-handler.js'
import { transportErrorCode } from './transport-error.js'

// The handler over real sockets: plain node:http servers, and a listener that cannot accept.

const closers: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** A server answering `/slow/<ms>` after that many ms and anything else at once; what it got. */
async function server() {
  const paths: string[] = []
  const sockets = new Set<net.Socket>()
  const held: http.ServerResponse[] = []
  const srv = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      paths.push(req.url ?? '')
      const slow = /^\/slow\/(\d+)$/.exec(req.url ?? '')
      if (req.url === '/hold') held.push(res)
      else if (slow) setTimeout(() => res.end('slow'), Number(slow[1]))
      else res.end(`ok ${req.url}`)
    })
  })
  srv.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  closers.push(async () => {
    srv.closeAllConnections()
    await new Promise((resolve) => srv.close(resolve))
  })
  const { port } = srv.address() as AddressInfo
  const request = (path: string): KeepAliveRequest => ({
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    method: 'GET',
    path,
    headers: {},
  })
  return { paths, sockets, held, request, port }
}

async function handler(maxSockets: number, connectTimeoutMs?: number) {
  const made = await createKeepAliveHandler(maxSockets, { connectTimeoutMs })
  closers.push(() => made.destroy?.())
  return made
}

/**
 * A port whose listener never accepts: a child process that listens with a backlog of one and then
 * blocks its event loop. Once two connections fill the kernel's queue, a new connect hangs.
 */
async function unacceptingPort(): Promise<number> {
  const script = `const s = require('net').createServer(); s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
    process.stdout.write(s.address().port + '\\n'); setTimeout(() => { const end = Date.now() + 30000; while (Date.now() < end); }, 50) })`
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const fillers: net.Socket[] = []
  closers.push(() => {
    for (const socket of fillers) socket.destroy()
    child.kill('SIGKILL')
  })
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once('data', (d) => resolve(Number(String(d)))),
  )
  await new Promise((resolve) => setTimeout(resolve, 200))
  for (let i = 0; i < 2; i++) {
    const socket = net.connect(port, '127.0.0.1')
    fillers.push(socket)
    await new Promise((resolve) => socket.once('connect', resolve))
  }
  return port
}

describe('the keep-alive handler', () => {
  it('reuses one connection for requests one after another, and close (destroy) ends it', async () => {
    const { sockets, request } = await server()
    const made = await handler(5)
    for (const path of ['/a', '/b', '/c']) {
      const { response } = await made.handle(request(path))
      expect(response).toMatchObject({ statusCode: 200, body: `ok ${path}` })
    }
    expect(sockets.size).toBe(1)
    made.destroy?.()
    for (let i = 0; i < 40 && sockets.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25))
    expect(sockets.size).toBe(0)
  })

  it('speaks TLS to an https: request and plain HTTP to an http: one (the agent sets the protocol)', async () => {
    // A bare TCP listener that keeps the first bytes of each connection and hangs up.
    const firstBytes: Buffer[] = []
    const listener = net.createServer((socket) =>
      socket.once('data', (chunk: Buffer) => {
        firstBytes.push(chunk)
        socket.destroy()
      }),
    )
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => listener.close(() => resolve())))
    const { port } = listener.address() as AddressInfo
    const made = await handler(5)
    const request = (protocol: string): KeepAliveRequest => ({
      protocol,
      hostname: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      headers: {},
      body: '{}',
    })
    await expect(made.handle(request('https:'))).rejects.toBeInstanceOf(Error)
    await expect(made.handle(request('http:'))).rejects.toBeInstanceOf(Error)
    // 0x16: a TLS handshake record (the ClientHello); then the plain request line.
    expect(firstBytes[0]?.[0]).toBe(0x16)
    expect(firstBytes[1]?.toString('latin1')).toMatch(/^POST \/ HTTP\/1\.1\r\n/)
  })

  it('limits opening a new connection to connectTimeoutMs (ETIMEDOUT, NETWORK for transportErrorCode)', async () => {
    const port = await unacceptingPort()
    const made = await handler(5, 150)
    const request = { protocol: 'http:', hostname: '127.0.0.1', port, method: 'GET', path: '/', headers: {} }
    const error = await made.handle(request).catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ name: 'ConnectTimeoutError', code: 'ETIMEDOUT' })
    expect(transportErrorCode(error)).toBe('NETWORK')
  })

  it('does not limit the wait for an answer with connectTimeoutMs, on a new or a pooled connection', async () => {
    const { request, sockets } = await server()
    const made = await handler(5, 100)
    for (let i = 0; i < 2; i++) expect((await made.handle(request('/slow/300'))).response.body).toBe('slow')
    expect(sockets.size).toBe(1)
  })

  it('limits the answer to readTimeoutMs when asked (RequestTimeoutError), and only then', async () => {
    const { request } = await server()
    const made = await handler(5)
    await expect(made.handle(request('/slow/600'), { readTimeoutMs: 100 })).rejects.toMatchObject({
      name: 'RequestTimeoutError',
      code: 'ETIMEDOUT',
    })
    expect((await made.handle(request('/slow/200'))).response.body).toBe('slow')
    expect((await made.handle(request('/slow/50'), { readTimeoutMs: 1_000 })).response.body).toBe('slow')
  })

  it('queues requests past maxSockets; one aborted while queued is never sent', async () => {
    const { request, paths, held, sockets } = await server()
    const made = await handler(1)
    const first = made.handle(request('/hold'))
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const controller = new AbortController()
    const queued = made.handle(request('/queued'), { abortSignal: controller.signal })
    const after = made.handle(request('/after'))
    controller.abort()
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' })
    held[0]?.end('held')
    expect((await first).response.body).toBe('held')
    expect((await after).response.body).toBe('ok /after')
    expect(paths).toEqual(['/hold', '/after'])
    expect(sockets.size).toBe(1)
  })

  it('watches a signal that can fire (one listener), and not at all one that cannot (cannotFire)', async () => {
    const { request, held } = await server()
    const made = await handler(5)
    const unending = createCallScope().signal
    const signal = new AbortController().signal
    const calls = [
      made.handle(request('/hold'), { abortSignal: unending }),
      made.handle(request('/hold'), { abortSignal: signal }),
    ]
    while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(getEventListeners(unending, 'abort')).toHaveLength(0)
    expect(getEventListeners(signal, 'abort')).toHaveLength(1)
    for (const res of held) res.end('done')
    await Promise.all(calls)
  })
})
