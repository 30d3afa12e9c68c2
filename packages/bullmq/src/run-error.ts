import { RunError } from '@runstop/core'

/** The `provider` of errors that come from the campaign machinery (Redis, BullMQ) rather than a cloud. */
export const CAMPAIGN_PROVIDER = 'bullmq'

/** A Redis or BullMQ failure as a RunError (`UNAVAILABLE`, retryable), the original kept as `cause`. */
export function campaignError(error: unknown, message = 'Redis or BullMQ failed'): RunError {
  if (RunError.is(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new RunError({
    code: 'UNAVAILABLE',
    message: `${message}: ${detail}`,
    provider: CAMPAIGN_PROVIDER,
    cause: error,
  })
}

/** A mistake in the caller's options: `VALIDATION`. */
export function invalidOption(message: string): RunError {
  return new RunError({ code: 'VALIDATION', message, provider: CAMPAIGN_PROVIDER })
}
