import type { EmulatorResponse, ProviderContext } from '../types.js'

/**
 * The error codes of FnF 2019-03-15 `StopExecution`, with the HTTP status and message template of
 * the API reference's error-code table (seed 003). `%s` placeholders are filled in order.
 */
export const ERROR_TABLE = {
  ActionNotSupported: {
    status: 400,
    message: "The requested API operation '%s' is incorrect. Please check.",
  },
  APIVersionNotSupported: {
    status: 400,
    message: "The requested API version '%s' is not supported yet. Please check.",
  },
  EntityTooLarge: { status: 400, message: 'The payload size exceeds maximum allowed size (%s bytes).' },
  ExecutionAlreadyCompleted: { status: 400, message: "Execution '%s' for flow '%s' has already completed." },
  InvalidArgument: { status: 400, message: 'Parameter error.' },
  MissingRequiredHeader: { status: 400, message: "The HTTP header '%s' must be specified." },
  MissingRequiredParams: { status: 400, message: "The HTTP query '%s' must be specified." },
  AccessDenied: { status: 403, message: "The resources doesn't belong to you." },
  InvalidAccessKeyID: { status: 403, message: 'The AccessKey ID %s is invalid.' },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time %s and the current time %s is too large.',
  },
  SignatureNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method.',
  },
  ExecutionNotExists: { status: 404, message: 'Execution %s for flow %s does not exist.' },
  FlowNotExists: { status: 404, message: 'Flow %s does not exist.' },
  ConcurrentUpdateError: { status: 409, message: 'Update conflict, please retry.' },
  UnsupportedMediaType: { status: 415, message: 'The content type must be "application/json".' },
  ResourceThrottled: { status: 429, message: 'The request is throttled. Please try again later.' },
  InternalServerError: { status: 500, message: 'An internal error has occurred. Please retry.' },
} as const satisfies Record<string, { status: number; message: string }>

export type FnfErrorCode = keyof typeof ERROR_TABLE

export const ERROR_CODES = Object.keys(ERROR_TABLE) as FnfErrorCode[]

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8'

/** The largest request body the emulator accepts before answering `EntityTooLarge`. */
export const MAX_PAYLOAD_BYTES = 128 * 1024

function isKnownCode(code: string): code is FnfErrorCode {
  return Object.hasOwn(ERROR_TABLE, code)
}

/** Fills the `%s` placeholders of a template, in order; missing arguments become `-`. */
export function formatMessage(template: string, args: readonly (string | number)[]): string {
  let index = 0
  return template.replace(/%s/g, () => {
    const value = args[index++]
    return value === undefined ? '-' : String(value)
  })
}

/** `HostId` as the service answers it: the regional endpoint's host name. */
export function hostId(region: string | undefined): string {
  return `${region ?? 'cn-hangzhou'}.fnf.aliyuncs.com`
}

/** A request id in the service's style: an upper-case UUID. */
export function requestIdFor(ctx: ProviderContext): string {
  return ctx.requestId().toUpperCase()
}

export interface FnfErrorOptions {
  /** Values for the template's `%s` placeholders. */
  readonly args?: readonly (string | number)[]
  /** Appended to the templated message (e.g. which parameter was wrong). */
  readonly detail?: string
  readonly region?: string
  readonly retryAfterSeconds?: number
}

/**
 * The service's JSON error body `{ RequestId, HostId, Code, Message }` with the documented HTTP
 * status. A code outside the table (fault injection of an undocumented code) answers 400.
 */
export function fnfError(
  code: string,
  ctx: ProviderContext,
  options: FnfErrorOptions = {},
): EmulatorResponse {
  const entry = isKnownCode(code) ? ERROR_TABLE[code] : undefined
  const status = entry?.status ?? 400
  let message = entry ? formatMessage(entry.message, options.args ?? []) : `Error ${code}.`
  if (options.detail) message = `${message} ${options.detail}`
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE }
  if (options.retryAfterSeconds !== undefined && Number.isFinite(options.retryAfterSeconds))
    headers['retry-after'] = String(Math.max(0, Math.ceil(options.retryAfterSeconds)))
  return {
    status,
    headers,
    body: JSON.stringify({
      RequestId: requestIdFor(ctx),
      HostId: hostId(options.region),
      Code: code,
      Message: message,
    }),
    errorCode: code,
  }
}
