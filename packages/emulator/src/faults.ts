import { seededRandom } from './seeded-random.js'
import { EMULATED_PROVIDERS, type EmulatedProvider } from './types.js'

/** The next matching requests answer this documented error (the provider's own code). */
export interface InjectedFault {
  readonly provider: EmulatedProvider
  /** `stop`, `get`, or the provider's operation name; any operation when absent. */
  readonly operation?: string
  /** The provider's error code, e.g. `ThrottlingException`, `ResourceThrottled`; or `reset` to drop the connection. */
  readonly code: string
  /** How many requests answer it. Default 1. */
  readonly count?: number
  readonly retryAfterSeconds?: number
}

/** A seeded random mix of faults, for one provider or all. */
export interface FaultMix {
  readonly provider?: EmulatedProvider
  /** Share of requests answered with the provider's throttling error, 0..1. */
  readonly throttleRate?: number
  /** Share answered with the provider's internal (5xx) error. */
  readonly errorRate?: number
  /** Share whose connection is reset without an answer. */
  readonly resetRate?: number
  /** Added latency for every request, in ms. */
  readonly latencyMs?: number
  /** A token bucket: requests above this rate answer the throttling error. */
  readonly rateLimitPerSecond?: number
  readonly retryAfterSeconds?: number
  readonly seed?: number
}

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'error'; readonly code: string; readonly retryAfterSeconds?: number }
  | { readonly kind: 'throttle'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'internal' }

interface ProviderFaults {
  mix?: FaultMix
  random: () => number
  bucket?: { tokens: number; updatedAt: number; rate: number }
}

export interface FaultController {
  inject(fault: InjectedFault): void
  setMix(mix: FaultMix): void
  clear(): void
  latencyMs(provider: EmulatedProvider): number
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
    latencyMs(provider) {
      return perProvider.get(provider)?.mix?.latencyMs ?? 0
    },
    decide(provider, operation, kind) {
      const fault = take(provider, operation, kind)
      if (fault) {
        if (fault.code === 'reset') return { kind: 'reset' }
        return { kind: 'error', code: fault.code, retryAfterSeconds: fault.retryAfterSeconds }
      }
      const state = perProvider.get(provider)
      if (!state?.mix) return { kind: 'none' }
      const { mix } = state
      if (overRateLimit(state)) return { kind: 'throttle', retryAfterSeconds: mix.retryAfterSeconds }
      const roll = state.random()
      const throttle = mix.throttleRate ?? 0
      const error = mix.errorRate ?? 0
      const reset = mix.resetRate ?? 0
      if (roll < throttle) return { kind: 'throttle', retryAfterSeconds: mix.retryAfterSeconds }
      if (roll < throttle + error) return { kind: 'internal' }
      if (roll < throttle + error + reset) return { kind: 'reset' }
      return { kind: 'none' }
    },
  }
}
