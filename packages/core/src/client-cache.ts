/**
 * One lazily created client per key (a region, usually), so one adapter serves runs in many
 * regions without building a client until a run there is touched.
 */
export interface ClientCache<C> {
  /** The client for `key`, made on first use and kept (least recently used clients are closed past the bound). */
  get(key: string): C
  /** How many clients the cache holds now. */
  readonly size: number
  /**
   * Releases every client made so far with the `release` given to `createClientCache` (each once;
   * a release that throws or rejects does not stop the others, nor reject) and forgets them. A
   * later `get` builds a new client.
   */
  close(): Promise<void>
}

/**
 * A `ClientCache` that builds clients with `create`. `release`, when given, is how `close()` frees
 * one (`client.destroy()`, an agent's `destroy()`); clients the user passed in should not be
 * released, so leave it out for them or skip them inside it.
 */
export function createClientCache<C>(
  create: (key: string) => C,
  release?: (client: C) => unknown,
): ClientCache<C> {
  const clients = new Map<string, C>()
  return {
    get(key) {
      let client = clients.get(key)
      if (client === undefined) {
        client = create(key)
        clients.set(key, client)
      }
      return client
    },
    get size() {
      return clients.size
    },
    async close() {
      const made = [...new Set(clients.values())]
      clients.clear()
      if (release === undefined) return
      await Promise.all(
        made.map(async (client) => {
          try {
            await release(client)
          } catch {
            // One client failing to close must not keep the others open.
          }
        }),
      )
    },
  }
}
