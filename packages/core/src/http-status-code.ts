import type { RunErrorCode } from './run-error.js'

/**
 * The fallback when a provider's error name is unknown: map by HTTP status.
 * 400 VALIDATION, 401 UNAUTHENTICATED, 403 ACCESS_DENIED, 404 NOT_FOUND, 409 CONFLICT,
 * 413 VALIDATION, 415 NOT_SUPPORTED, 429 THROTTLED, 5xx UNAVAILABLE, anything else UNKNOWN.
 */
export function runErrorCodeForHttpStatus(status: number | undefined): RunErrorCode {
  if (status === undefined) return 'UNKNOWN'
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'VALIDATION'
    case 401:
      return 'UNAUTHENTICATED'
    case 403:
      return 'ACCESS_DENIED'
    case 404:
      return 'NOT_FOUND'
    case 408:
      return 'TIMEOUT'
    case 409:
      return 'CONFLICT'
    case 415:
      return 'NOT_SUPPORTED'
    case 429:
      return 'THROTTLED'
    default:
      return status >= 500 && status <= 599 ? 'UNAVAILABLE' : 'UNKNOWN'
  }
}
