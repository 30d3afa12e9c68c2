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
  const all = output as Record<string, unknown>
  // Copied field by field: an object rest (`{ $metadata, ...body }`) takes V8's runtime path, which
  // costs several µs on every get between real requests.
  const body: Record<string, unknown> = {}
  // for…in with an own check rather than Object.keys: the same fields in the same order, no array.
  for (const key in all) if (key !== '$metadata' && Object.hasOwn(all, key)) body[key] = all[key]
  const metadata = all.$metadata
  const requestId =
    typeof metadata === 'object' && metadata !== null
      ? (metadata as { requestId?: unknown }).requestId
      : undefined
  return typeof requestId === 'string' && requestId !== '' ? { body, requestId } : { body }
}
