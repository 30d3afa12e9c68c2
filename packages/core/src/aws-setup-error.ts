import type { RunErrorCode } from './run-error.js'

/** A failure of the caller's own setup, found before any request: what went wrong and what to set. */
export interface SetupProblem {
  /** `UNAUTHENTICATED` when no credentials were found, `VALIDATION` when no region is set. */
  readonly code: Extract<RunErrorCode, 'UNAUTHENTICATED' | 'VALIDATION'>
  /** Says what to set; never contains a credential. */
  readonly message: string
}

/** The SDK's credential chain found nothing (`@smithy/property-provider` error names). */
const CREDENTIAL_ERROR_NAMES = new Set(['CredentialsProviderError', 'TokenProviderError'])

/** `@smithy/config-resolver` throws a plain `Error('Region is missing')` when no region is set anywhere. */
const REGION_MISSING = /^Region is missing$/

/**
 * What to set when no credentials were found, for the AWS SDK v3's default chain (environment,
 * SSO and shared files, web identity, container and instance metadata).
 */
export const AWS_CREDENTIALS_HINT =
  'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), ' +
  'or AWS_PROFILE naming a profile in ~/.aws/credentials or ~/.aws/config (run `aws sso login` for an SSO profile), ' +
  'or pass `credentials` in the adapter settings.'

/** What to set when no region was found. */
export const AWS_REGION_HINT =
  "Give the handle a `region`, set `region` in the adapter settings, or set AWS_REGION (or a region in the AWS profile's config)."

/**
 * Recognises the AWS SDK v3 failures that mean the caller's setup is incomplete (by error name and
 * message, never `instanceof`): no credentials anywhere in the chain is `UNAUTHENTICATED`, no region
 * is `VALIDATION`, each with a message that says what to set. Anything else is `undefined`.
 */
export function awsSetupProblem(error: unknown): SetupProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { name, message } = error as { name?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message.split('\n')[0]?.trim() : undefined
  if (typeof name === 'string' && CREDENTIAL_ERROR_NAMES.has(name))
    return {
      code: 'UNAUTHENTICATED',
      message: `no AWS credentials were found${text ? ` (${text})` : ''}. ${AWS_CREDENTIALS_HINT}`,
    }
  if (text !== undefined && REGION_MISSING.test(text))
    return { code: 'VALIDATION', message: `no AWS region is set. ${AWS_REGION_HINT}` }
  return undefined
}
