import {
  formatHandle,
  RunError,
  type RunErrorJSON,
  type RunHandle,
  type RunSnapshot,
  type StopResult,
} from '@runstop/core'

/** A handle as printed: the `runstop:` string form; a string that never parsed stays as given. */
export function handleText(handle: RunHandle | string): string {
  return typeof handle === 'string' ? handle : formatHandle(handle)
}

/** `RUNNING → running`: the provider's own status beside the normalized one. */
export function statusText(providerStatus: string, status: string): string {
  return `${providerStatus || '(none)'} → ${status}`
}

/** The JSON form of a snapshot: everything but the provider's raw body; Dates become ISO strings. */
export interface SnapshotJson {
  readonly handle: RunHandle
  readonly status: RunSnapshot['status']
  readonly providerStatus: string
  readonly startedAt?: string
  readonly endedAt?: string
  readonly errorMessage?: string
  readonly requestId?: string
}

/** The JSON form of a stop result, without the provider's raw body. */
export interface StopResultJson {
  readonly handle: RunHandle
  readonly outcome: StopResult['outcome']
  readonly status: StopResult['status']
  readonly providerStatus: string
  readonly reasonRecorded: boolean
  readonly requestId?: string
}

function isoDate(value: unknown): string | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined
}

/** Plain data for a snapshot (`raw` is left out: it is the provider's body, not part of the CLI's contract). */
export function snapshotJson(snapshot: RunSnapshot): SnapshotJson {
  const startedAt = isoDate(snapshot.startedAt)
  const endedAt = isoDate(snapshot.endedAt)
  return {
    handle: snapshot.handle,
    status: snapshot.status,
    providerStatus: snapshot.providerStatus,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(snapshot.errorMessage === undefined ? {} : { errorMessage: snapshot.errorMessage }),
    ...(snapshot.requestId === undefined ? {} : { requestId: snapshot.requestId }),
  }
}

/** Plain data for a stop result (`raw` left out). */
export function stopResultJson(result: StopResult): StopResultJson {
  return {
    handle: result.handle,
    outcome: result.outcome,
    status: result.status,
    providerStatus: result.providerStatus,
    reasonRecorded: result.reasonRecorded,
    ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
  }
}

/** A RunError's `toJSON()`; anything else thrown is wrapped as `UNKNOWN` first. */
export function errorJson(error: unknown): RunErrorJSON {
  return toRunError(error).toJSON()
}

/** Any thrown value as a RunError (`UNKNOWN` for what is not one). */
export function toRunError(error: unknown, provider = 'unknown'): RunError {
  if (RunError.is(error)) return error
  return new RunError({
    code: 'UNKNOWN',
    message: error instanceof Error ? error.message : String(error),
    provider,
    cause: error,
  })
}

/**
 * One line describing an error: code, provider, the provider's own code, HTTP status and request
 * id, then the message. Example:
 * `NOT_FOUND  provider=mwaa-serverless providerCode=ResourceNotFoundException http=404 requestId=… — Run not found.`
 */
export function errorLine(error: RunError): string {
  const parts = [`${error.code}`, `provider=${error.provider}`]
  if (error.providerCode !== undefined) parts.push(`providerCode=${error.providerCode}`)
  if (error.httpStatus !== undefined) parts.push(`http=${error.httpStatus}`)
  parts.push(`requestId=${error.requestId ?? '-'}`)
  if (error.lastSnapshot !== undefined)
    parts.push(`lastStatus=${statusText(error.lastSnapshot.providerStatus, error.lastSnapshot.status)}`)
  return `${parts.join(' ')} — ${error.message}`
}

/** The short error cell of a table: `NOT_FOUND (ResourceNotFoundException) request id abc`. */
export function errorCell(error: RunError): string {
  const code = error.providerCode === undefined ? error.code : `${error.code} (${error.providerCode})`
  return error.requestId === undefined ? code : `${code} request id ${error.requestId}`
}
