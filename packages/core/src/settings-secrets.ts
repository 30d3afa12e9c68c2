/** Field names that hold a secret in the providers' credential shapes (AWS and Alibaba). */
const SECRET_FIELDS = ['secretAccessKey', 'sessionToken', 'accessKeySecret', 'securityToken'] as const

/**
 * The secret values in an adapter's `credentials` setting (a static identity in the provider's
 * own shape), plus any extra values given (e.g. environment variables a default chain reads), so
 * that errors can scrub them (`RunError`'s `secrets` option). A credential provider function or
 * anything else that is not a plain object gives none: its values are never seen here.
 */
export function secretsOf(credentials: unknown, ...extra: readonly unknown[]): string[] {
  const values: unknown[] = [...extra]
  if (typeof credentials === 'object' && credentials !== null)
    for (const field of SECRET_FIELDS) values.push((credentials as Record<string, unknown>)[field])
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))]
}
