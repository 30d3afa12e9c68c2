import { parseTimestamp } from './parse-timestamp.js'
import type { RunHandle } from './run-handle.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'

/** What `buildSnapshot` builds a snapshot from. */
export interface SnapshotParts<H extends RunHandle> {
  /** The run read. */
  readonly handle: H
  /** The runstop status mapped from the provider's. */
  readonly status: RunStatus
  /** The provider's own status; anything that is not a string becomes `''`. */
  readonly providerStatus: unknown
  /** Any timestamp form `parseTimestamp` reads; an invalid one is left out. */
  readonly startedAt?: unknown
  /** As `startedAt`: when the run ended. */
  readonly endedAt?: unknown
  /** Left out unless a non-empty string. */
  readonly errorMessage?: unknown
  /** The request id of the read; left out when empty. */
  readonly requestId?: string | undefined
  /** The provider's answer, kept as read. */
  readonly raw: unknown
}

/**
 * A RunSnapshot from what a provider answered, with optional fields left out rather than set to
 * `undefined` (so snapshots compare and serialise cleanly) and timestamps parsed.
 */
export function buildSnapshot<H extends RunHandle>(parts: SnapshotParts<H>): RunSnapshot<H> {
  const startedAt = parseTimestamp(parts.startedAt)
  const endedAt = parseTimestamp(parts.endedAt)
  const { errorMessage, requestId } = parts
  // Fields added one by one rather than spread from conditional objects: a spread per optional
  // field makes and copies a temporary object on every get.
  const snapshot: Record<string, unknown> = {
    handle: parts.handle,
    status: parts.status,
    providerStatus: typeof parts.providerStatus === 'string' ? parts.providerStatus : '',
  }
  if (startedAt !== undefined) snapshot.startedAt = startedAt
  if (endedAt !== undefined) snapshot.endedAt = endedAt
  if (typeof errorMessage === 'string' && errorMessage !== '') snapshot.errorMessage = errorMessage
  if (requestId !== undefined && requestId !== '') snapshot.requestId = requestId
  snapshot.raw = parts.raw
  return snapshot as unknown as RunSnapshot<H>
}
