import { loadOnce, rememberCredentials } from '@runstop/core'

/** Static AWS credentials. */
export interface StaticCredentials {
  /** The access key id. */
  readonly accessKeyId: string
  /** The secret access key: kept out of every error text. */
  readonly secretAccessKey: string
  /** The session token of temporary credentials: kept out of every error text. */
  readonly sessionToken?: string
  /** When temporary credentials expire. */
  readonly expiration?: Date
}

/** An AWS credential provider: a function that resolves credentials (`fromIni()`, `fromSSO()`, ...). */
export type CredentialProvider = () => Promise<StaticCredentials>

/** Credentials as settings give them: static, a provider, or nothing (the default chain). */
export type CredentialsSetting = StaticCredentials | CredentialProvider | undefined

/** A credential provider and the secrets it has handed out (`credentialProvider`). */
export interface RememberedProvider {
  /** Resolves the credentials to sign with. */
  readonly provider: CredentialProvider
  /** The secret keys and session tokens handed out so far. */
  secrets(): string[]
}

/**
 * A credential provider for the setting, and the secret values it has handed out so far (for
 * scrubbing error text; core's `rememberCredentials`): static credentials are known at once, a
 * provider's when it resolves. Without a setting, the AWS SDK's default chain
 * (`@aws-sdk/credential-provider-node`) is imported on the first request (a failed import is tried
 * again on the next); `region` is handed to it for providers that call STS.
 *
 * A provider (the setting's or the chain) is asked once and again only when the identity it gave
 * is within five minutes of its `expiration`, as the AWS SDK's own clients ask theirs (smithy's
 * `memoizeIdentityProvider`, imported with the signing stack on the first request): requests made
 * while it resolves share that one answer, and a provider that failed is asked again on the next
 * request. Without this, `fromTemporaryCredentials()` would call STS for every request.
 */
export function credentialProvider(setting: CredentialsSetting, region?: string): RememberedProvider {
  const load = loadOnce(() =>
    import('@aws-sdk/credential-provider-node').then(
      ({ defaultProvider }) =>
        defaultProvider(region === undefined ? {} : { clientConfig: { region } }) as CredentialProvider,
    ),
  )
  const { value, secrets } = rememberCredentials(setting ?? (async () => (await load())()))
  if (typeof value !== 'function') {
    // Static credentials: one settled promise serves every request.
    const resolved = Promise.resolve(value)
    return { provider: () => resolved, secrets }
  }
  const memoize = loadOnce(() =>
    import('@smithy/core').then(
      ({ memoizeIdentityProvider, isIdentityExpired, doesIdentityRequireRefresh }) =>
        memoizeIdentityProvider(value, isIdentityExpired, doesIdentityRequireRefresh) as CredentialProvider,
    ),
  )
  return { provider: async () => (await memoize())(), secrets }
}
