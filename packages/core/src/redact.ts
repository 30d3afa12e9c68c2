/**
 * Scrubs credentials out of text that may end up in an error message, a log line or CLI output.
 * Signatures, tokens and Authorization headers are removed by shape; explicit secret values
 * (an adapter's own configured secret, say) are removed wherever they appear.
 */
const SECRET_SHAPES: readonly RegExp[] = [
  // Authorization: AWS4-HMAC-SHA256 Credential=..., Signature=... / ACS3-HMAC-SHA256 ... / acs AK:sig
  /(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi,
  /((?:x-amz-signature|signature|x-amz-security-token|security-?token|sessiontoken|x-acs-security-token|secretaccesskey|accesskeysecret|access_key_secret|secret_access_key)["']?\s*[:=]\s*["']?)[^"'&\s,;}]+/gi,
]

export const REDACTED = '[REDACTED]'

/** Returns `text` with signatures, tokens, Authorization values and each of `secrets` replaced. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
  for (const secret of secrets) {
    // Short values would blank out ordinary words; real secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED)
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, `$1${REDACTED}`)
  return out
}
