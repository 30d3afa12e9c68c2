/** What the AWS SDK reports about an HTTP exchange (`$metadata`). */
export interface ResponseMetadata {
  /** The HTTP status of the answer. */
  httpStatusCode?: number
  /** `x-amzn-requestid` of the answer. */
  requestId?: string
  /** Always 1 here: this client never retries. */
  attempts?: number
  /** Always 0 here. */
  totalRetryDelay?: number
}

type Loose = Record<string, unknown>

/** `$metadata` of one attempt that got an answer. */
export function metadataOf(httpStatusCode: number, requestId: string | undefined): ResponseMetadata {
  return requestId === undefined
    ? { httpStatusCode, attempts: 1, totalRetryDelay: 0 }
    : { httpStatusCode, requestId, attempts: 1, totalRetryDelay: 0 }
}

/**
 * What an error answer throws: the shape of an AWS SDK v3 ServiceException (`name`, `$fault`,
 * `$metadata`, the modelled members such as `RetryAfterSeconds` or `FieldList` as own fields), so
 * code that reads the official clients' errors reads these too.
 */
export class AwsJsonServiceError extends Error {
  /** `server` for a 5xx answer, else `client`. */
  readonly $fault: 'client' | 'server'
  /** The HTTP status and request id of the answer. */
  readonly $metadata: ResponseMetadata
  /** The members of the error body (`Message`, `Reason`, …). */
  readonly [member: string]: unknown

  /** Builds the error of an answer; `members` become own fields (`__type` is left out). */
  constructor(options: {
    /** The bare error type (`ThrottlingException`), or the HTTP status when none was sent. */
    name: string
    /** The service's message, or one that says what came back. */
    message: string
    /** The HTTP status of the answer. */
    httpStatusCode: number
    /** `x-amzn-requestid` of the answer. */
    requestId?: string | undefined
    /** The error body's members. */
    members?: Loose
  }) {
    super(options.message)
    Object.assign(this, options.members ?? {})
    this.name = options.name
    this.$fault = options.httpStatusCode >= 500 ? 'server' : 'client'
    this.$metadata = metadataOf(options.httpStatusCode, options.requestId)
  }
}

/**
 * The bare name of an awsJson error type: `com.amazonaws.mwaaserverless#ThrottlingException` and
 * `ThrottlingException:http://internal.amazon.com/coral/...` both give `ThrottlingException`.
 */
export function errorTypeName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined
  const name = (raw.split(':')[0] ?? '').trim()
  return name.slice(name.lastIndexOf('#') + 1).trim() || undefined
}

/** A header's value, whatever the case of its name (`name` in lower case, as handlers usually give them). */
export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const value = headers[name]
  if (value !== undefined) return value
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key]
  return undefined
}

/** The body as a JSON object, or `undefined` (empty, not JSON, an array, `null`). */
export function parseJsonObject(text: string): Loose | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined
  } catch {
    return undefined
  }
}

/**
 * The error of a non-2xx answer from `service` (named in messages). The type comes from the
 * `x-amzn-errortype` header, else the body's `__type` (or `code`), as in the SDK; without one the
 * name is the HTTP status. A `Retry-After` header of whole seconds fills a missing `RetryAfterSeconds`.
 */
export function errorFromResponse(
  service: string,
  status: number,
  headers: Record<string, string | undefined>,
  text: string,
): AwsJsonServiceError {
  const body = parseJsonObject(text)
  const name =
    errorTypeName(header(headers, 'x-amzn-errortype')) ??
    errorTypeName(body?.__type) ??
    errorTypeName(body?.code) ??
    errorTypeName(body?.Code)
  const { __type, ...members } = body ?? {}
  // A repeated header arrives joined with `, `: the first one counts (as Node's own parser keeps it).
  const retryAfter = header(headers, 'retry-after')?.split(',')[0]?.trim()
  if (members.RetryAfterSeconds === undefined && retryAfter !== undefined && /^\d+$/.test(retryAfter))
    members.RetryAfterSeconds = Number(retryAfter)
  const message = [members.Message, members.message].find((m): m is string => typeof m === 'string')
  if (members.Message === undefined && message !== undefined) members.Message = message
  const described =
    text.trim() === '' ? 'an empty body' : body === undefined ? 'a body that is not JSON' : 'no error message'
  return new AwsJsonServiceError({
    name: name ?? String(status),
    message: message ?? `${service} answered HTTP ${status} with ${described}.`,
    httpStatusCode: status,
    requestId: header(headers, 'x-amzn-requestid'),
    members,
  })
}
