import { RunError } from '@runstop/core'

/** Alibaba Cloud credentials in the SDK's own shape (an AccessKey pair, plus an STS token if any). */
export interface AlibabaCredentials {
  /** The AccessKey id. */
  readonly accessKeyId: string
  /** The AccessKey secret: kept out of every error text. */
  readonly accessKeySecret: string
  /** The STS security token of temporary credentials: kept out of every error text. */
  readonly securityToken?: string
}

/** A credentials client of `@alicloud/credentials` (RAM role, OIDC, a profile…): its `getCredential()`. */
export interface AlibabaCredentialProvider {
  /** Resolves the credentials to sign the next request with. */
  getCredential(): Promise<unknown>
}

/** What a `credentials` setting may be; absent, the default chain of `@alicloud/credentials`. */
export type AlibabaCredentialsSetting = AlibabaCredentials | AlibabaCredentialProvider

/** A `VALIDATION` RunError of a setting, found when the first client is built (nothing is sent). */
export const invalidSetting = (provider: string, message: string) =>
  new RunError({ code: 'VALIDATION', message, provider })

/**
 * The credential part of an `@alicloud/openapi-client` `Config`: an AccessKey pair (and STS token)
 * as fields, a credentials client as `credential`, or, without credentials, a new client of the
 * default chain (`DefaultCredential`). Incomplete keys are `VALIDATION`.
 */
export function credentialConfig(
  provider: string,
  credentials: AlibabaCredentialsSetting | undefined,
  DefaultCredential: new () => unknown,
): Record<string, unknown> {
  if (credentials === undefined) return { credential: new DefaultCredential() }
  if (typeof (credentials as { getCredential?: unknown }).getCredential === 'function')
    return { credential: credentials }
  const { accessKeyId, accessKeySecret, securityToken } = credentials as Partial<AlibabaCredentials>
  if (![accessKeyId, accessKeySecret].every((key) => typeof key === 'string' && key !== ''))
    throw invalidSetting(
      provider,
      'credentials need a non-empty accessKeyId and accessKeySecret (and optionally securityToken), or an @alicloud/credentials client.',
    )
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) }
}
