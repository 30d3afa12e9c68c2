// An in-memory adapter for benchmarks of the controller itself (no provider, no network).
import { ok, okAsync, ResultAsync } from 'neverthrow'

export function createMemoryAdapter(provider = 'memory', { latencyMs = 0 } = {}) {
  let inFlight = 0
  let maxInFlight = 0
  const wait = () =>
    latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve()
  return {
    specificationVersion: 'v1',
    provider,
    capabilities: { stopReason: false, stopErrorCode: false, gracefulStop: false, perHandleRegion: false },
    get maxInFlight() {
      return maxInFlight
    },
    validate: (handle) => ok(handle),
    doStop: (handle) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      return ResultAsync.fromSafePromise(
        wait().then(() => {
          inFlight--
          return {
            handle,
            outcome: 'stopped',
            status: 'stopped',
            providerStatus: 'STOPPED',
            reasonRecorded: false,
            raw: null,
          }
        }),
      )
    },
    doGet: (handle) => okAsync({ handle, status: 'running', providerStatus: 'RUNNING', raw: null }),
  }
}
