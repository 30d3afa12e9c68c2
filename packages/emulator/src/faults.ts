import { seededRandom } from './seeded-random.js'
import { EMULATED_PROVIDERS, type EmulatedProvider } from './types.js'

/**
 * The next matching requests to arrive answer this fault (one already waiting out its latency
 * does not). `code` is one of:
 * - the provider's own error code (`ThrottlingException`, `ResourceThrottled`…): its documented error;
 * - `reset`: the connection is dropped without an answer (the request is not served);
 * - `html` / `empty`: a proxy's page instead of the service's answer, status `httpStatus`
 *   (default 502 for `html`, 500 for `empty`), an HTML body or none; the request is not served.
 *   A three-digit code (`'503'`) is short for `html` with that status;
 * - `truncate`: the request is served (a stop does stop the run) and its answer, whatever its
 *   status, loses the second half of its body;
 * - `body`: the request is served and its answer's body replaced by `body` (its status too, when
 *   `httpStatus` is given: a cut-off 500, say).
 */
export interface InjectedFault {
  /** The provider whose requests meet the fault. */
  readonly provider: EmulatedProvider
  /** `stop`, `get`, or the provider's operation name; any operation when absent. */
  readonly operation?: string
  /** What to answer: one of the forms listed above. */
  readonly code: string
  /** How many requests answer it. Default 1. */
  readonly count?: number
  /** A `Retry-After` header to send with the error. */
  readonly retryAfterSeconds?: number
  /** The status of an `html` or `empty` page, or of a `body` answer. */
  readonly httpStatus?: number
  /** The body of a `body` fault. */
  readonly body?: string
}

/** A seeded random mix of faults, for one provider or all. */
export interface FaultMix {
  /** Only this provider's requests; default all. */
  readonly provider?: EmulatedProvider
  /** Share of requests answered with the provider's throttling error, 0..1. */
  readonly throttleRate?: number
  /** Share answered with the provider's internal (5xx) error. */
  readonly errorRate?: number
  /** Share whose connection is reset without an answer. */
  readonly resetRate?: number
  /** Share answered with a proxy's HTML error page (502, 503 or 504) instead of the service. */
  readonly htmlRate?: number
  /** Share answered with an empty 500, 502 or 503 instead of the service. */
  readonly emptyRate?: number
  /** Share served, whose answer then loses the second half of its body. */
  readonly truncateRate?: number
  /** Added latency for every request, in ms. */
  readonly latencyMs?: number
  /**
   * Added latency for one operation only, in ms, by `stop`, `get` or the provider's operation
   * name (e.g. `{ stop: 4000 }`); added to `latencyMs`.
   */
  readonly operationLatencyMs?: Readonly<Record<string, number>>
  /** A token bucket: requests above this rate answer the throttling error. */
  readonly rateLimitPerSecond?: number
  /** A `Retry-After` header to send with throttling errors. */
  readonly retryAfterSeconds?: number
  /** The random seed, so that a run of faults can be repeated. Default fixed. */
  readonly seed?: number
}

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'error'; readonly code: string; readonly retryAfterSeconds?: number }
  | { readonly kind: 'throttle'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'internal' }
  /** A proxy's page instead of the service: an HTML body, or none. */
  | { readonly kind: 'page'; readonly status: number; readonly body: 'html' | 'empty' }
  /** Serve the request, then cut the answer's body in half. */
  | { readonly kind: 'truncate' }
  /** Serve the request, then replace the answer's body. */
  | { readonly kind: 'body'; readonly body: string; readonly status?: number }

interface ProviderFaults {
  mix?: FaultMix
  random: () => number
  bucket?: { tokens: number; updatedAt: number; rate: number }
}

export interface FaultController {
  inject(fault: InjectedFault): void
  setMix(mix: FaultMix): void
  clear(): void
  /** The added latency of one request: the mix's `latencyMs` plus its `operationLatencyMs` entry. */
  latencyMs(provider: EmulatedProvider, operation?: string, kind?: string): number
  /** Decides what happens to one request. Consumes an injected fault or a rate-limit token. */
  decide(provider: EmulatedProvider, operation: string, kind: string | undefined): FaultDecision
}

export function createFaultController(now: () => number): FaultController {
  let injected: { fault: InjectedFault; remaining: number }[] = []
  const perProvider = new Map<EmulatedProvider, ProviderFaults>()

  const take = (provider: EmulatedProvider, operation: string, kind: string | undefined) => {
    const entry = injected.find(
      (e) =>
        e.fault.provider === provider &&
        (e.fault.operation === undefined || e.fault.operation === operation || e.fault.operation === kind),
    )
    if (!entry) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) injected = injected.filter((e) => e !== entry)
    return entry.fault
  }

  const overRateLimit = (state: ProviderFaults): boolean => {
    const bucket = state.bucket
    if (!bucket) return false
    const t = now()
    // Refill continuously, capped at one second's worth (the burst size).
    bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((t - bucket.updatedAt) / 1000) * bucket.rate)
    bucket.updatedAt = t
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return false
    }
    return true
  }

  return {
    inject(fault) {
      injected.push({ fault, remaining: Math.max(1, fault.count ?? 1) })
    },
    setMix(mix) {
      const providers: readonly EmulatedProvider[] = mix.provider ? [mix.provider] : EMULATED_PROVIDERS
      providers.forEach((provider, index) => {
        const state: ProviderFaults = {
          mix,
          random: seededRandom((mix.seed ?? Date.now()) + index * 7919),
        }
        if (mix.rateLimitPerSecond && mix.rateLimitPerSecond > 0)
          state.bucket = { tokens: mix.rateLimitPerSecond, updatedAt: now(), rate: mix.rateLimitPerSecond }
        perProvider.set(provider, state)
      })
    },
    clear() {
      injected = []
      perProvider.clear()
    },
    latencyMs(provider, operation, kind) {
      const mix = perProvider.get(provider)?.mix
      if (!mix) return 0
      const perOperation = mix.operationLatencyMs ?? {}
      const own = (name: string | undefined) =>
        name !== undefined && Object.hasOwn(perOperation, name) ? (perOperation[name] ?? 0) : 0
      return (mix.latencyMs ?? 0) + (own(operation) || own(kind))
    },
    decide(provider, operation, kind) {
      const fault = take(provider, operation, kind)
      if (fault) return injectedDecision(fault)
      const state = perProvider.get(provider)
      if (!state?.mix) return { kind: 'none' }
      const { mix } = state
      if (overRateLimit(state)) return { kind: 'throttle', retryAfterSeconds: mix.retryAfterSeconds }
      const roll = state.random()
      // One roll picks the fault by cumulative share; a second, only for pages, picks their status.
      const shares: [number | undefined, () => FaultDecision][] = [
        [mix.throttleRate, () => ({ kind: 'throttle', retryAfterSeconds: mix.retryAfterSeconds })],
        [mix.errorRate, () => ({ kind: 'internal' })],
        [mix.resetRate, () => ({ kind: 'reset' })],
        [mix.htmlRate, () => ({ kind: 'page', status: pick([502, 503, 504], state.random()), body: 'html' })],
        [
          mix.emptyRate,
          () => ({ kind: 'page', status: pick([500, 502, 503], state.random()), body: 'empty' }),
        ],
        [mix.truncateRate, () => ({ kind: 'truncate' })],
      ]
      let edge = 0
      for (const [share, decision] of shares) {
        edge += share ?? 0
        if (roll < edge) return decision()
      }
      return { kind: 'none' }
    },
  }
}

function pick<T>(values: readonly [T, ...T[]], roll: number): T {
  return values[Math.min(values.length - 1, Math.floor(roll * values.length))] ?? values[0]
}

function injectedDecision(fault: InjectedFault): FaultDecision {
  if (/^\d{3}$/.test(fault.code)) return { kind: 'page', status: Number(fault.code), body: 'html' }
  switch (fault.code) {
    case 'reset':
      return { kind: 'reset' }
    case 'html':
      return { kind: 'page', status: fault.httpStatus ?? 502, body: 'html' }
    case 'empty':
      return { kind: 'page', status: fault.httpStatus ?? 500, body: 'empty' }
    case 'truncate':
      return { kind: 'truncate' }
    case 'body':
      return {
        kind: 'body',
        body: fault.body ?? '',
        ...(fault.httpStatus === undefined ? {} : { status: fault.httpStatus }),
      }
    default:
      return { kind: 'error', code: fault.code, retryAfterSeconds: fault.retryAfterSeconds }
  }
}
