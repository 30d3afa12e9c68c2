import net from 'node:net'

/**
 * A TCP relay in front of one emulator endpoint that counts the connections a client opens.
 * It never closes a client's connection on its own (an upstream close is not passed on), so a
 * connection stays open until the client itself closes it: what a test of `close()` needs.
 */
export interface ConnectionCounter {
  /** `http://127.0.0.1:<port>`: point the adapter here. */
  readonly url: string
  /** Connections opened so far. */
  readonly opened: number
  /** Connections open now. */
  readonly open: number
  /** Resolves once no client connection is open. */
  allClosed(): Promise<void>
  close(): Promise<void>
}

export async function countConnections(target: string): Promise<ConnectionCounter> {
  const { hostname, port } = new URL(target)
  const clients = new Set<net.Socket>()
  let opened = 0
  let waiters: (() => void)[] = []
  const settle = () => {
    if (clients.size > 0) return
    for (const resolve of waiters) resolve()
    waiters = []
  }
  const server = net.createServer((client) => {
    opened++
    clients.add(client)
    const upstream = net.connect(Number(port), hostname)
    client.pipe(upstream)
    upstream.pipe(client, { end: false })
    upstream.on('error', () => {})
    client.on('error', () => {})
    client.on('close', () => {
      clients.delete(client)
      upstream.destroy()
      settle()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    get opened() {
      return opened
    },
    get open() {
      return clients.size
    },
    allClosed: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve)
        settle()
      }),
    close: async () => {
      for (const client of clients) client.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
