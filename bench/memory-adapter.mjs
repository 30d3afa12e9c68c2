// An in-memory adapter for benchmarks of the controller itself (no provider, no network).
// `realistic: true` answers `raw` shaped like an AWS SDK output (~0.7 KB), as real adapters do.
// ok, okAsync and ResultAsync from @runstop/core, as its README asks of an adapter: runstop's own copy.
import { ok, okAsync, ResultAsync } from '@runstop/core'

function sdkLikeOutput(handle) {
  return {
    $metadata: {
      httpStatusCode: 200,
      requestId: `3f8a2c1e-9b7d-4e6f-a1b2-${String(handle.runId ?? handle.id)
        .padStart(12, '0')
        .slice(-12)}`,
      extendedRequestId: undefined,
      cfId: undefined,
      attempts: 1,
      totalRetryDelay: 0,
    },
    runId: handle.runId ?? handle.id,
    workflowArn: handle.workflowArn,
    status: 'STOPPING',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': '3f8a2c1e-9b7d-4e6f-a1b2-c3d4e5f6a7b8',
      date: 'Tue, 01 Dec 2026 07:00:00 GMT',
      'content-length': '182',
    },
    body: JSON.stringify({
      RunId: handle.runId ?? handle.id,
      Status: 'STOPPING',
      WorkflowArn: handle.workflowArn,
    }),
  }
}

export function createMemoryAdapter(provider = 'memory', { latencyMs = 0, realistic = false } = {}) {
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
            raw: realistic ? sdkLikeOutput(handle) : null,
          }
        }),
      )
    },
    doGet: (handle) => okAsync({ handle, status: 'running', providerStatus: 'RUNNING', raw: null }),
  }
}
