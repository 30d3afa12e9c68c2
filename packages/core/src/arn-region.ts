/**
 * The region of a handle or scope whose `field` is an ARN that validation accepted:
 * `arn:<partition>:<service>:<region>:…`, its fourth `:`-separated field (undefined when the field
 * is absent or has none). Read without a pattern: `defineAdapter` asks for the region only of a
 * handle or scope it has validated once. For `defineAdapter`'s and `defineAwsSdkAdapter`'s
 * `region`, e.g. `arnRegion('executionArn')`.
 */
export const arnRegion =
  <K extends string>(field: K) =>
  (target: { readonly [key in K]?: string | undefined }): string | undefined => {
    const arn = target[field] ?? ''
    const start = arn.indexOf(':', arn.indexOf(':', arn.indexOf(':') + 1) + 1) + 1
    const end = start === 0 ? -1 : arn.indexOf(':', start)
    return end > start ? arn.slice(start, end) : undefined
  }
