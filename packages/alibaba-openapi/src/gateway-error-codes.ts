import type { ErrorCodeRule } from '@runstop/core'

/** The environment variables the default credential chain reads first. */
export const ALIBABA_KEY_VARIABLES = 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'
/** What to check when a signature does not match. */
export const ALIBABA_SECRET_HINT = 'Check the AccessKey secret (and the STS token, if any).'
/** What to check when a request's timestamp is refused. */
export const ALIBABA_CLOCK_HINT =
  'Check the machine clock: Alibaba Cloud rejects requests whose timestamp is more than 15 minutes off its own.'

/**
 * Codes of Alibaba Cloud's shared API gateway (POP) that any RPC API can answer before the request
 * reaches the product. A family stands for its dotted codes (`Throttling.User`). A product's own
 * table goes after it in `errorCodeRules(GATEWAY_ERROR_CODES, productTable)`, so it wins.
 */
export const GATEWAY_ERROR_CODES: Readonly<Record<string, ErrorCodeRule>> = {
  InvalidAccessKeyId: { code: 'UNAUTHENTICATED' },
  SignatureDoesNotMatch: { code: 'UNAUTHENTICATED', hint: ALIBABA_SECRET_HINT },
  IncompleteSignature: { code: 'UNAUTHENTICATED' },
  SignatureNonceUsed: { code: 'UNAUTHENTICATED' },
  'InvalidTimeStamp.Expired': { code: 'UNAUTHENTICATED', hint: ALIBABA_CLOCK_HINT },
  InvalidSecurityToken: { code: 'UNAUTHENTICATED' },
  InvalidCredentials: { code: 'UNAUTHENTICATED', hint: `Pass credentials, or set ${ALIBABA_KEY_VARIABLES}.` },
  Forbidden: { code: 'ACCESS_DENIED' },
  Throttling: { code: 'THROTTLED' },
  ServiceUnavailable: { code: 'UNAVAILABLE' },
  InternalError: { code: 'UNAVAILABLE' },
  'InvalidAction.NotFound': { code: 'NOT_SUPPORTED' },
  InvalidVersion: { code: 'NOT_SUPPORTED' },
  MissingParameter: { code: 'VALIDATION' },
}
