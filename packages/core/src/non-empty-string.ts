/** `value` when it is a string with something in it; `undefined` for anything else (a provider's optional text field). */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
