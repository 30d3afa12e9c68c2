/**
 * The region of a handle or scope whose `field` is an ARN: the `region` group of `pattern` (as in
 * a `FieldRule`'s pattern), or undefined when the field does not match. For `defineAdapter`'s and
 * `defineAwsSdkAdapter`'s `region`, e.g. `arnRegion(EXECUTION_ARN, 'executionArn')`.
 */
export const arnRegion =
  <K extends string>(pattern: RegExp, field: K) =>
  (target: { readonly [key in K]?: string | undefined }): string | undefined =>
    pattern.exec(target[field] ?? '')?.groups?.region
