import type { SnapshotParts } from './build-snapshot.js'
import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'

/**
 * Where a provider's answer about a run (a get's body, a list's item) keeps what a snapshot
 * shows: the field names, and how its status and error message are read.
 */
export interface RunFields {
  /** Maps the provider's status to a RunStatus (e.g. `createStatusMapper(table)`). */
  readonly mapStatus: (providerStatus: unknown) => RunStatus
  /** The field of the provider's status. Default `status`. */
  readonly status?: string
  /** The field of the start time (any form `parseTimestamp` reads). */
  readonly startedAt?: string
  /** The field of the end time. */
  readonly endedAt?: string
  /** The run's error as one line, read from the whole answer (empty or undefined: none). */
  readonly errorMessage?: (body: Readonly<Record<string, unknown>>) => string | undefined
}

/** The snapshot parts (`buildSnapshot`'s, but the handle and request id) of one answer, by `fields`. */
export function runParts<H extends RunHandle>(
  body: Readonly<Record<string, unknown>>,
  fields: RunFields,
): Omit<SnapshotParts<H>, 'handle' | 'requestId'> {
  const providerStatus = body[fields.status ?? 'status']
  return {
    status: fields.mapStatus(providerStatus),
    providerStatus,
    ...(fields.startedAt === undefined ? {} : { startedAt: body[fields.startedAt] }),
    ...(fields.endedAt === undefined ? {} : { endedAt: body[fields.endedAt] }),
    ...(fields.errorMessage === undefined ? {} : { errorMessage: fields.errorMessage(body) }),
    raw: body,
  }
}
