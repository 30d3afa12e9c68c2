import { nonEmptyString, RunError } from '@runstop/core'

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

/** Credentials to sign one request with, and the provider's name when it gives one. */
export interface SigningCredentials extends AlibabaCredentials {
  /** The `providerName` of an `@alicloud/credentials` model, sent as `x-acs-credentials-provider`. */
  readonly providerName?: string
}

/** A provider's credential model read as signing credentials; an Error naming credentials otherwise. */
function signingCredentials(model: unknown): SigningCredentials {
  const fields = (typeof model === 'object' && model !== null ? model : {}) as Record<string, unknown>
  const accessKeyId = nonEmptyString(fields.accessKeyId)
  const accessKeySecret = nonEmptyString(fields.accessKeySecret)
  if (accessKeyId === undefined || accessKeySecret === undefined)
    throw new Error(
      'The credentials provider gave no AccessKey pair: the built-in client signs with an AccessKey (and an STS token, if any).',
    )
  const securityToken = nonEmptyString(fields.securityToken)
  const providerName = nonEmptyString(fields.providerName)
  return {
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
    ...(providerName === undefined ? {} : { providerName }),
  }
}

/**
 * The credentials a `credentials` setting gives: an AccessKey pair (and STS token) checked once and
 * used as it is, or a function asking a credentials client (anything with `getCredential()`; by
 * default a client of `@alicloud/credentials`' default chain, made by `defaultChain` on the first
 * request) before each request, as openapi-client does. Incomplete keys are `VALIDATION`.
 */
export function credentialSource(
  provider: string,
  credentials: AlibabaCredentialsSetting | undefined,
  defaultChain: () => AlibabaCredentialProvider,
): SigningCredentials | (() => Promise<SigningCredentials>) {
  if (credentials === undefined) {
    let chain: AlibabaCredentialProvider | undefined
    return async () => {
      chain ??= defaultChain()
      return signingCredentials(await chain.getCredential())
    }
  }
  if (typeof (credentials as { getCredential?: unknown }).getCredential === 'function') {
    const given = credentials as AlibabaCredentialProvider
    return async () => signingCredentials(await given.getCredential())
  }
  const { accessKeyId, accessKeySecret, securityToken } = credentials as Partial<AlibabaCredentials>
  if (![accessKeyId, accessKeySecret].every((key) => nonEmptyString(key) !== undefined))
    throw invalidSetting(
      provider,
      'credentials need a non-empty accessKeyId and accessKeySecret (and optionally securityToken), or an @alicloud/credentials client.',
    )
  return signingCredentials({ accessKeyId, accessKeySecret, securityToken })
}
