/** BullMQ's limiter: at most `max` jobs per `durationMs`, shared by every worker of one queue. */
export interface RateLimit {
  /** The most jobs started per window. */
  readonly max: number
  /** The window, in milliseconds. */
  readonly durationMs: number
}

/**
 * Stop rates per provider, per account and region (one queue each), from the providers' published
 * quotas where there is one. Override with `createStopWorker({ limits })`.
 *
 * - `alibaba-cloudflow`: StopExecution falls under "other operations" in CloudFlow's API rate
 *   limits: a token bucket of 10, refilled at 2 per second, per account.
 * - `step-functions`: StopExecution refills at 25 per second outside us-east-1, us-west-2 and
 *   eu-west-1 (higher there); the lower figure is the default.
 * - `mwaa-serverless`, `bedrock-flows`: no published request-rate quota for StopWorkflowRun or
 *   StopFlowExecution was found; 10 per second is a conservative default for an AWS control-plane
 *   write. Raise it if your account allows more.
 */
export const DEFAULT_PROVIDER_LIMITS: Readonly<Record<string, RateLimit>> = {
  'alibaba-cloudflow': { max: 2, durationMs: 1000 },
  'step-functions': { max: 25, durationMs: 1000 },
  'mwaa-serverless': { max: 10, durationMs: 1000 },
  'bedrock-flows': { max: 10, durationMs: 1000 },
}

/** The limit for a provider no table knows. */
export const FALLBACK_LIMIT: RateLimit = { max: 5, durationMs: 1000 }

/** The limit of `provider`: the override, else the default table, else the fallback. */
export function limitFor(provider: string, overrides: Readonly<Record<string, RateLimit>> = {}): RateLimit {
  return overrides[provider] ?? DEFAULT_PROVIDER_LIMITS[provider] ?? FALLBACK_LIMIT
}
