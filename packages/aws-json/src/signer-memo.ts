import type { SignatureV4 } from '@smithy/signature-v4'

/** The credentials `SignatureV4` derives a signing key from. */
interface KeyCredentials {
  readonly secretAccessKey: string
}

/** `SignatureV4`'s own (internal) step that gives the signing key of a request. */
type SigningKeyOf = (
  credentials: KeyCredentials,
  region: string,
  shortDate: string,
  service?: string,
) => Promise<Uint8Array>

/** The last key given, with what it was derived from. */
interface Remembered {
  readonly secret: string
  readonly region: string
  readonly shortDate: string
  readonly service: string | undefined
  readonly key: Promise<Uint8Array>
}

/**
 * Makes `signer` (a `@smithy/signature-v4` `SignatureV4`) keep the last signing key it used while
 * the secret key, the day, the region and the service stay the same: SigV4 derives the key from
 * those four alone. smithy caches keys too, but finds one by an HMAC of the credentials made on
 * every request (a third of the crypto work of signing one). The signer's own `getSigningKey`
 * still derives every new key; a key that failed is not kept. `getSigningKey` is internal to
 * smithy: a signer without it is left as it is (still correct, only without this saving).
 */
export function keepSigningKey<S extends object>(signer: S): S {
  const target = signer as unknown as { getSigningKey?: SigningKeyOf }
  const derive = target.getSigningKey
  if (typeof derive !== 'function') return signer
  let last: Remembered | undefined
  target.getSigningKey = function keptSigningKey(credentials, region, shortDate, service) {
    const secret = credentials.secretAccessKey
    if (
      last !== undefined &&
      last.secret === secret &&
      last.shortDate === shortDate &&
      last.region === region &&
      last.service === service
    )
      return last.key
    const key = derive.call(this, credentials, region, shortDate, service)
    const kept: Remembered = { secret, region, shortDate, service, key }
    last = kept
    // A key that could not be derived is derived again by the next request.
    key.catch(() => {
      if (last === kept) last = undefined
    })
    return key
  }
  return signer
}

/** What `SignatureV4`'s `formatDate` gives: the request's `X-Amz-Date` and the scope's day. */
interface SigningDates {
  longDate: string
  shortDate: string
}

/**
 * A `SignatureV4` class that formats the signing date once per second: `formatDate` runs on every
 * request and costs an ISO string and two regular-expression replacements, for a value that
 * changes once a second (it has no smaller unit). Anything but a `Date` is formatted as before.
 */
export function formatsDateOncePerSecond(Signer: typeof SignatureV4): typeof SignatureV4 {
  return class extends Signer {
    #second = Number.NaN
    #dates: SigningDates | undefined

    protected override formatDate(now: Date | number | string): SigningDates {
      if (!(now instanceof Date)) return super.formatDate(now)
      const second = Math.floor(now.getTime() / 1000)
      if (second !== this.#second || this.#dates === undefined) {
        this.#dates = super.formatDate(now)
        this.#second = second
      }
      return this.#dates
    }
  }
}
