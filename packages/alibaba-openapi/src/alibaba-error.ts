import type { ServiceErrorFields } from '@runstop/core'
import { ALIBABA_KEY_VARIABLES } from './gateway-error-codes.js'

const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
const str = (value: unknown) =>
  typeof value === 'string' && !['', 'undefined', 'null'].includes(value) ? value : undefined
const validStatus = (candidate: unknown) => {
  const n = Number(candidate)
  return ['number', 'string'].includes(typeof candidate) && Number.isInteger(n) && n >= 100 && n <= 599
    ? n
    : undefined
}

/**
 * What an Alibaba SDK call rejected with, read for `mapServiceError`, whichever SDK threw it
 * (`@alicloud/openapi-client`'s `ResponseError`, a pop-core client's error, another client's):
 * `data.Code` / `data.RequestId` / `data.Message` (else the error's own `code` when it is not a
 * Node.js code such as `ECONNRESET`), the HTTP status where each SDK keeps it (`statusCode`,
 * pop-core's `entry.response`, else `httpStatus` as the transport saw it, e.g. an `HttpCallGuard`),
 * `details` (`hostId`, `recommend`, `description`, `accessDeniedDetail`), a body the SDK could not
 * read (`SyntaxError`, tea's "not a object"), and an exhausted credential chain (`setup`: nothing
 * was sent). Never uses `instanceof` on SDK classes, nor the SDK's message (pop-core's carries the
 * signed URL).
 */
export function readAlibabaError(error: unknown, httpStatus?: number): ServiceErrorFields {
  const e = record(error) ?? {}
  const data = record(e.data)
  // openapi-client's ResponseError (and its data), pop-core's `entry.response`, other shapes.
  const statuses = [e.statusCode, data?.statusCode, record(record(e.entry)?.response)?.statusCode, e.status]
  const ownStatus = [...statuses, record(e.response)?.statusCode].map(validStatus).find(Boolean)
  // An error's own `code` is the provider's when it is not a Node.js code (ECONNRESET, ERR_…).
  const ownCode = /^(?:E[A-Z0-9]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/.test(String(e.code))
    ? undefined
    : e.code
  const details = {
    hostId: str(data?.HostId),
    recommend: str(data?.Recommend),
    description: str(e.description),
    accessDeniedDetail: record(e.accessDeniedDetail) ?? str(e.accessDeniedDetail),
  }
  const message = typeof e.message === 'string' ? e.message : ''
  // The chain failed before the request: a status seen then is its own lookup (the RAM-role endpoint).
  const noCredentials = ownStatus === undefined && /credential/i.test(message)
  return {
    providerCode: str(data?.Code) ?? str(data?.code) ?? str(ownCode),
    httpStatus: ownStatus ?? validStatus(httpStatus),
    requestId: str(data?.RequestId) ?? str(data?.requestId),
    providerMessage: str(data?.Message) ?? str(data?.message),
    details: Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
    unreadableBody: e.name === 'SyntaxError' || /^The value is not a object/.test(message),
    setup: noCredentials
      ? {
          code: 'UNAUTHENTICATED' as const,
          message: `no usable Alibaba Cloud credentials. Pass credentials, or set ${ALIBABA_KEY_VARIABLES} (or a profile or RAM role for the default chain).`,
        }
      : undefined,
  }
}
