/** What a built-in client's method resolves to: the parsed body, the HTTP status and the headers. */
export interface AlibabaRpcReply {
  /** The answer's JSON object. */
  readonly body: Record<string, unknown>
  /** The HTTP status (not 4xx/5xx). */
  readonly statusCode: number
  /** The answer's headers, names in lower case. */
  readonly headers: Record<string, string | undefined>
}

/**
 * A 4xx/5xx answer with a JSON object body, in the shape of `@alicloud/openapi-client`'s tea
 * `ResponseError` (`code`, `statusCode`, `data` with the body's `Code`, `Message`, `RequestId`,
 * `HostId`, `Recommend`…, `description`, `accessDeniedDetail`), so `readAlibabaError` reads both
 * alike. Its message is the provider's, and holds no part of the request.
 */
export class AlibabaResponseError extends Error {
  override readonly name = 'AlibabaResponseError'
  /** The provider's error code (`Code`), if the body has one. */
  readonly code: string | undefined
  /** The HTTP status. */
  readonly statusCode: number
  /** The error body, with `statusCode` added as the SDK adds it. */
  readonly data: Record<string, unknown>
  /** The body's `Description`, if any. */
  readonly description: unknown
  /** The body's `AccessDeniedDetail`, if any. */
  readonly accessDeniedDetail: unknown
  constructor(statusCode: number, body: Record<string, unknown>) {
    const code = body.Code ?? body.code
    const message = body.Message ?? body.message
    super(
      `${String(code)}: code: ${statusCode}, ${String(message)} request id: ${String(body.RequestId ?? body.requestId)}`,
    )
    this.code = typeof code === 'string' ? code : undefined
    this.statusCode = statusCode
    this.data = { ...body, statusCode }
    this.description = body.Description ?? body.description
    this.accessDeniedDetail = body.AccessDeniedDetail ?? body.accessDeniedDetail
  }
}

/** A body that is not a JSON object (an HTML gateway page, an empty or cut-off answer), with its status. */
function unreadable(error: SyntaxError, statusCode: number): SyntaxError {
  return Object.assign(error, { statusCode })
}

/**
 * The reply of an answer, or what it fails with, as openapi-client reads it: a JSON object is the
 * reply, but for a 4xx/5xx status, which makes it an `AlibabaResponseError`; any other body (not JSON, or JSON that is not an object) a
 * `SyntaxError` carrying `statusCode`, whatever the status (a 2xx then is a request the provider
 * accepted whose answer could not be read). openapi-client throws the same SyntaxError but drops
 * the status.
 */
export function readAnswer(
  statusCode: number,
  headers: Record<string, string | undefined>,
  text: string,
): AlibabaRpcReply {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw unreadable(error as SyntaxError, statusCode)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw unreadable(new SyntaxError('The answer is JSON but not an object.'), statusCode)
  const object = body as Record<string, unknown>
  if (statusCode >= 400 && statusCode <= 599) throw new AlibabaResponseError(statusCode, object)
  return { body: object, statusCode, headers }
}
