/**
 * One lazily created client per key (a region, usually), so one adapter serves runs in many
 * regions without building a client until a run there is touched.
 */
export interface ClientCache<C> {
  get(key: string): C
  readonly size: number
}

export function createClientCache<C>(create: (key: string) => C): ClientCache<C> {
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
  }
}
