import type { EmulatorResponse } from './types.js'

const REASONS: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * What a load balancer or proxy in front of a service answers when the service cannot: an HTML
 * error page (`html`) or nothing at all (`empty`), with no provider error code anywhere.
 */
export function proxyPage(status: number, body: 'html' | 'empty'): EmulatorResponse {
  if (body === 'empty') return { status, headers: {} }
  const title = `${status} ${REASONS[status] ?? 'Error'}`
  return {
    status,
    headers: { 'content-type': 'text/html' },
    body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`,
  }
}

/** The answer with the second half of its body cut off (the status and headers kept). */
export function truncated(response: EmulatorResponse): EmulatorResponse {
  const body = Buffer.from(response.body ?? '', 'utf8')
  return { ...response, body: body.subarray(0, Math.floor(body.length / 2)).toString('utf8') }
}
