import { parseTimestamp } from '@runstop/core'
import type { HttpRequest } from '@smithy/protocol-http'
import type { SignatureV4 } from '@smithy/signature-v4'
import { errorTypeName } from './map-mwaa-serverless-error.js'
import type {
  GetWorkflowRunOutput,
  ListWorkflowRunsOutput,
  MwaaServerlessCallOptions,
  MwaaServerlessClient,
  MwaaServerlessCredentialProvider,
  MwaaServerlessResponseMetadata,
  StopWorkflowRunOutput,
} from './mwaa-serverless-client.js'

/** SigV4 signing name of the service. */
export const SIGNING_NAME = 'airflow-serverless'
/** The awsJson1_0 service target (`X-Amz-Target: AmazonMWAAServerless.<Operation>`). */
export const SERVICE_TARGET = 'AmazonMWAAServerless'
export const CONTENT_TYPE = 'application/x-amz-json-1.0'

/** What this client sends with: the shape of `@smithy/node-http-handler`'s `handle`. */
export interface HttpHandlerLike {
  /** Closes the handler's agents and their sockets. */
  destroy?(): void
  handle(
    request: HttpRequest,
    options?: { abortSignal?: AbortSignal },
  ): Promise<{
    response: { statusCode: number; headers: Record<string, string | undefined>; body?: unknown }
  }>
}

export interface AwsJsonClientConfig {
  readonly region: string
  /** A full URL; its path (usually `/`) is where requests are posted. */
  readonly endpoint: string
  readonly credentials: MwaaServerlessCredentialProvider
  /** The handler to send with, loaded on first use. */
  readonly httpHandler: () => Promise<HttpHandlerLike>
}

type Loose = Record<string, unknown>

/**
 * What this client throws for an error answer: the same shape as the official client's
 * ServiceException (`name`, `$fault`, `$metadata`, the modelled members such as
 * `RetryAfterSeconds` or `FieldList`), so one `mapError` serves both clients.
 */
export class MwaaServerlessServiceError extends Error {
  readonly $fault: 'client' | 'server'
  readonly $metadata: MwaaServerlessResponseMetadata
  readonly [member: string]: unknown

  constructor(options: {
    name: string
    message: string
    httpStatusCode: number
    requestId?: string
    members?: Loose
  }) {
    super(options.message)
    Object.assign(this, options.members ?? {})
    this.name = options.name
    this.$fault = options.httpStatusCode >= 500 ? 'server' : 'client'
    this.$metadata = {
      httpStatusCode: options.httpStatusCode,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      attempts: 1,
      totalRetryDelay: 0,
    }
  }
}

interface SigningStack {
  readonly HttpRequest: typeof HttpRequest
  readonly SignatureV4: typeof SignatureV4
  readonly Hash: typeof import('@smithy/hash-node').Hash
}

let signing: Promise<SigningStack> | undefined
/** The signing stack, imported on the first request; a failed import is tried again next time. */
function loadSigningStack(): Promise<SigningStack> {
  signing ??= Promise.all([
    import('@smithy/protocol-http'),
    import('@smithy/signature-v4'),
    import('@smithy/hash-node'),
  ]).then(
    ([protocol, signature, hash]) => ({
      HttpRequest: protocol.HttpRequest,
      SignatureV4: signature.SignatureV4,
      Hash: hash.Hash,
    }),
    (error: unknown) => {
      signing = undefined
      throw error
    },
  )
  return signing
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value
  return undefined
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return ''
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8')
  const chunks: Buffer[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

function parseJsonObject(text: string): Loose | undefined {
  if (text.trim() === '') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined
  } catch {
    return undefined
  }
}

const TIMESTAMPS = ['StartedOn', 'CreatedAt', 'CompletedOn', 'ModifiedAt'] as const
const SUMMARY_TIMESTAMPS = ['CreatedOn', 'StartedAt', 'EndedAt'] as const

const isLoose = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function datesIn(record: Loose, keys: readonly string[]): Loose {
  const converted: Loose = { ...record }
  for (const key of keys) {
    if (converted[key] === undefined || converted[key] === null) continue
    const date = parseTimestamp(converted[key])
    if (date === undefined) delete converted[key]
    else converted[key] = date
  }
  return converted
}

/**
 * The model declares ISO 8601 timestamps (`TimestampValue`, `date-time`); awsJson1_0's default is
 * epoch seconds. Both are read; the official client gives `Date`s, and so does this one.
 */
function withDates(output: Loose): Loose {
  const converted: Loose = { ...output }
  if (isLoose(output.RunDetail)) converted.RunDetail = datesIn(output.RunDetail, TIMESTAMPS)
  if (Array.isArray(output.WorkflowRuns))
    converted.WorkflowRuns = output.WorkflowRuns.map((run: unknown) =>
      isLoose(run) && isLoose(run.RunDetailSummary)
        ? { ...run, RunDetailSummary: datesIn(run.RunDetailSummary, SUMMARY_TIMESTAMPS) }
        : run,
    )
  return converted
}

/** The error for a non-2xx answer (exported for table tests). */
export function errorFromResponse(
  status: number,
  headers: Record<string, string | undefined>,
  text: string,
): Error {
  const requestId = header(headers, 'x-amzn-requestid')
  const body = parseJsonObject(text)
  // The header wins, as in the SDK: x-amzn-errortype, then the body's __type / code.
  const name =
    errorTypeName(header(headers, 'x-amzn-errortype')) ??
    errorTypeName(body?.__type) ??
    errorTypeName(body?.code) ??
    errorTypeName(body?.Code)
  const members: Loose = {}
  if (body) for (const [key, value] of Object.entries(body)) if (key !== '__type') members[key] = value
  const retryAfter = header(headers, 'retry-after')
  if (members.RetryAfterSeconds === undefined && retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()))
    members.RetryAfterSeconds = Number(retryAfter)
  const providerMessage =
    typeof members.Message === 'string'
      ? members.Message
      : typeof members.message === 'string'
        ? members.message
        : undefined
  if (members.Message === undefined && providerMessage !== undefined) members.Message = providerMessage
  const described =
    text.trim() === '' ? 'an empty body' : body === undefined ? 'a body that is not JSON' : 'no error message'
  return new MwaaServerlessServiceError({
    // Like the SDK's default: the error type, else the HTTP status as a string.
    name: name ?? String(status),
    message: providerMessage ?? `MWAA Serverless answered HTTP ${status} with ${described}.`,
    httpStatusCode: status,
    ...(requestId === undefined ? {} : { requestId }),
    members,
  })
}

function abortError(): Error {
  const error = new Error('The request was aborted.')
  error.name = 'AbortError'
  return error
}

/**
 * A small awsJson1_0 client for the three operations the adapter needs, on the AWS SDK's building
 * blocks: SigV4 (`@smithy/signature-v4`, signing name `airflow-serverless`), an HTTP handler with
 * keep-alive, `POST /` with `X-Amz-Target: AmazonMWAAServerless.<Operation>`. One attempt per
 * call: no retries here (the controller retries). The signing and HTTP stacks are imported on the
 * first request, not when the client is built.
 */
export function createAwsJsonClient(config: AwsJsonClientConfig): MwaaServerlessClient {
  const url = new URL(config.endpoint)
  let signer: SignatureV4 | undefined

  async function call(
    operation: string,
    input: unknown,
    options: MwaaServerlessCallOptions = {},
  ): Promise<Loose> {
    const signal = options.abortSignal
    if (signal?.aborted) throw abortError()
    const stack = await loadSigningStack()
    signer ??= new stack.SignatureV4({
      service: SIGNING_NAME,
      region: config.region,
      sha256: stack.Hash.bind(null, 'sha256'),
      credentials: config.credentials,
    })
    const body = JSON.stringify(input ?? {})
    const request = new stack.HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname === '' ? '/' : url.pathname,
      headers: {
        host: url.host,
        'content-type': CONTENT_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${SERVICE_TARGET}.${operation}`,
      },
      body,
    })
    const signed = (await signer.sign(request)) as HttpRequest
    const handler = await config.httpHandler()
    if (signal?.aborted) throw abortError()
    const { response } = await handler.handle(signed, signal === undefined ? {} : { abortSignal: signal })
    const text = await readBody(response.body)
    const status = response.statusCode
    if (status < 200 || status > 299) throw errorFromResponse(status, response.headers, text)
    const requestId = header(response.headers, 'x-amzn-requestid')
    const $metadata: MwaaServerlessResponseMetadata = {
      httpStatusCode: status,
      ...(requestId === undefined ? {} : { requestId }),
      attempts: 1,
      totalRetryDelay: 0,
    }
    const output = parseJsonObject(text)
    if (output === undefined)
      throw new MwaaServerlessServiceError({
        name: 'UnknownError',
        message: `MWAA Serverless answered ${operation} with HTTP ${status} and a body that is not a JSON object.`,
        httpStatusCode: status,
        ...(requestId === undefined ? {} : { requestId }),
      })
    return { ...withDates(output), $metadata }
  }

  return {
    stopWorkflowRun: (input, options) =>
      call('StopWorkflowRun', input, options) as Promise<StopWorkflowRunOutput>,
    getWorkflowRun: (input, options) =>
      call('GetWorkflowRun', input, options) as Promise<GetWorkflowRunOutput>,
    listWorkflowRuns: (input, options) =>
      call('ListWorkflowRuns', input, options) as Promise<ListWorkflowRunsOutput>,
  }
}
