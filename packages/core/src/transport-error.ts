/** Socket-level failures: the request may not have reached the provider, so another attempt is safe. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_STREAM_CANCEL',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
])

// RequestTimeoutError: the httpx client under Alibaba's SDKs (connect and read timeouts).
const NETWORK_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutError',
  'NetworkingError',
  'ConnectTimeoutError',
])

const NETWORK_MESSAGES =
  /socket hang up|ECONNRESET|ECONNREFUSED|connect ETIMEDOUT|network error|premature close/i

/**
 * Classifies an error thrown by an HTTP client: `ABORTED` when the call's signal fired (or the
 * error is an AbortError), `NETWORK` for connection refused/reset, DNS and socket timeouts,
 * `undefined` when it is not a transport failure. Follows `cause` chains.
 */
export function transportErrorCode(error: unknown, signal?: AbortSignal): 'ABORTED' | 'NETWORK' | undefined {
  if (signal?.aborted) return 'ABORTED'
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown }
    if (e.name === 'AbortError') return 'ABORTED'
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'NETWORK'
    if (typeof e.name === 'string' && NETWORK_NAMES.has(e.name)) return 'NETWORK'
    if (typeof e.message === 'string' && NETWORK_MESSAGES.test(e.message)) return 'NETWORK'
    current = e.cause
  }
  return undefined
}
