import { secretsOf } from './settings-secrets.js'

/** A `credentials` setting that remembers every secret it has given out (`rememberCredentials`). */
export interface RememberedCredentials<T> {
  /** The setting to build clients with: a static identity as given, a provider wrapped. */
  readonly value: T
  /** The secrets seen so far: a static identity's, and every one the provider has answered. */
  secrets(): string[]
}

/**
 * Wraps a `credentials` setting so errors can scrub what it gives the SDK. A static identity's
 * secrets are known at once; a credential provider (e.g. `fromIni()`) is wrapped so that the
 * secret key and session token of every identity it answers are remembered (an error that echoes
 * a resolved secret is then scrubbed too). Anything else is passed on unchanged.
 */
export function rememberCredentials<T>(credentials: T): RememberedCredentials<T> {
  const seen = new Set(secretsOf(credentials))
  const secrets = () => [...seen]
  if (typeof credentials !== 'function') return { value: credentials, secrets }
  const provider = credentials as (...args: unknown[]) => Promise<unknown>
  const value = async (...args: unknown[]) => {
    const identity = await provider(...args)
    for (const secret of secretsOf(identity)) seen.add(secret)
    return identity
  }
  return { value: value as T, secrets }
}
