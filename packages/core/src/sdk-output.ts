/**
 * An SDK call's output, split into the provider's body and the request id. AWS SDK v3 outputs
 * (and clients shaped like them) carry `$metadata` beside the body; `raw` in a snapshot should be
 * the body alone. Anything that is not an object gives an empty body.
 */
export function splitSdkOutput(output: unknown): {
  /** The output without `$metadata`. */
  body: Record<string, unknown>
  /** `$metadata.requestId`, when the SDK gave one. */
  requestId?: string
} {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return { body: {} }
  const { $metadata, ...body } = output as Record<string, unknown>
  const requestId = (($metadata ?? {}) as { requestId?: unknown }).requestId
  return typeof requestId === 'string' && requestId !== '' ? { body, requestId } : { body }
}
