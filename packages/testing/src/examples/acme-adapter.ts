import {
  type AdapterCapabilities,
  confirmStopWithGet,
  createClientCache,
  createStatusMapper,
  parseTimestamp,
  type RunAdapter,
  RunError,
  type RunHandle,
  runErrorCodeForHttpStatus,
  stopResultFromReply,
  transportErrorCode,
} from '@runstop/core'
import { err, ok, ResultAsync } from 'neverthrow'

export interface AcmeHandle extends RunHandle {
  readonly provider: 'acme'
  readonly jobId: string
}

/** The provider's SDK client, as far as the adapter uses it (its own retries off). */
export interface AcmeClient {
  describe(jobId: string, options: { signal: AbortSignal }): Promise<{ state: string; started?: string }>
  cancel(jobId: string, options: { signal: AbortSignal }): Promise<{ state: string }>
  destroy(): void
}

// Case-insensitive; anything not in the table is 'unknown', never a throw.
export const mapStatus = createStatusMapper({
  QUEUED: 'pending',
  RUNNING: 'running',
  DONE: 'succeeded',
  ERROR: 'failed',
  CANCELLED: 'stopped',
})

// By the provider's error name first, then by HTTP status; transport failures are NETWORK / ABORTED.
export function mapError(e: unknown, operation: 'stop' | 'get', signal: AbortSignal): RunError {
  const x = e as { name?: string; status?: number; requestId?: string }
  const code =
    transportErrorCode(e, signal) ??
    (x.name === 'JobNotFound' ? 'NOT_FOUND' : runErrorCodeForHttpStatus(x.status))
  return new RunError({
    code,
    message: String((e as Error)?.message ?? e),
    provider: 'acme',
    operation,
    providerCode: x.name,
    httpStatus: x.status,
    requestId: x.requestId,
    cause: e,
  })
}

export function createAcmeAdapter(settings: {
  region: string
  /** Builds the provider's client for a region (e.g. `new AcmeClient({ region, maxAttempts: 1 })`). */
  createClient: (region: string) => AcmeClient
}): RunAdapter<AcmeHandle> {
  // One per region, lazily; close() destroys them (and their sockets).
  const clients = createClientCache(settings.createClient, (client) => client.destroy())
  const capabilities: AdapterCapabilities = {
    stopReason: false,
    stopErrorCode: false,
    gracefulStop: false,
    perHandleRegion: true,
    list: false, // true with validateScope and doList (see "Listing" below)
    listStatusFilter: false,
  }
  const get = (h: AcmeHandle, signal: AbortSignal) =>
    ResultAsync.fromPromise(clients.get(h.region ?? settings.region).describe(h.jobId, { signal }), (e) =>
      mapError(e, 'get', signal),
    ).map((body) => ({
      handle: h,
      status: mapStatus(body.state),
      providerStatus: String(body.state),
      startedAt: parseTimestamp(body.started),
      raw: body,
    }))
  return {
    specificationVersion: 'v1',
    provider: 'acme',
    capabilities,
    validate: (h) =>
      h.provider === 'acme' && typeof h.jobId === 'string' && /^[a-z0-9-]{1,64}$/.test(h.jobId)
        ? ok({ provider: 'acme', jobId: h.jobId, ...(h.region === undefined ? {} : { region: h.region }) })
        : err(
            new RunError({
              code: 'VALIDATION',
              message: 'An acme handle is { provider: "acme", jobId } with jobId matching [a-z0-9-]{1,64}.',
              provider: 'acme',
            }),
          ),
    doGet: (h, { signal }) => get(h, signal),
    doStop: (h, { signal }) =>
      ResultAsync.fromPromise(clients.get(h.region ?? settings.region).cancel(h.jobId, { signal }), (e) =>
        mapError(e, 'stop', signal),
      )
        .map((body) =>
          stopResultFromReply({
            handle: h,
            status: mapStatus(body.state),
            providerStatus: String(body.state),
            reasonRecorded: false,
            raw: body,
          }),
        )
        // An ambiguous refusal ("already finished?") is settled with one get.
        .orElse((e) => (e.code === 'CONFLICT' ? confirmStopWithGet(e, () => get(h, signal)) : err(e))),
    // Called once by the controller's close(), after its calls in flight have settled.
    close: () => clients.close(),
  }
}
