import type { EmulatedProvider, RunStore, StoredRun } from './types.js'

/** In-memory runs. Transitions are applied lazily on read, so no timers are left running. */
export function createRunStore(now: () => number): RunStore {
  const runs = new Map<string, StoredRun>()
  const id = (provider: EmulatedProvider, key: string) => `${provider}\u0000${key}`
  const settle = (run: StoredRun) => {
    if (run.transition && run.transition.at <= now()) {
      run.status = run.transition.to
      run.endedAt = run.transition.at
      run.transition = undefined
    }
    return run
  }
  return {
    put(run) {
      runs.set(id(run.provider, run.key), run)
    },
    get(provider, key) {
      const run = runs.get(id(provider, key))
      return run && settle(run)
    },
    all(provider) {
      return [...runs.values()]
        .filter((run) => provider === undefined || run.provider === provider)
        .map(settle)
    },
  }
}
