import { type ClientCache, createClientCache } from '@runstop/core'
import { createAwsJsonClient, type HttpHandlerLike } from './aws-json-client.js'
import { keepAliveHandler } from './keep-alive-handler.js'

/**
 * The port this adapter calls: three methods of the official aggregated `MWAAServerless` client
 * of `@aws-sdk/client-mwaa-serverless`, with its input and output shapes (PascalCase members,
 * epoch-second timestamps already turned into `Date`s, `$metadata`). A user who has the official
 * package passes that client; otherwise the adapter builds its own small client.
 */
export interface MwaaServerlessClient {
  /** `StopWorkflowRun`: asks the service to stop the run. */
  stopWorkflowRun(
    input: StopWorkflowRunInput,
    options?: MwaaServerlessCallOptions,
  ): Promise<StopWorkflowRunOutput>
  /** `GetWorkflowRun`: reads the run's details and status. */
  getWorkflowRun(
    input: GetWorkflowRunInput,
    options?: MwaaServerlessCallOptions,
  ): Promise<GetWorkflowRunOutput>
  /** Used by `listRuns` / `stopAll`; a client without it can stop and get, not list. */
  listWorkflowRuns?(
    input: ListWorkflowRunsInput,
    options?: MwaaServerlessCallOptions,
  ): Promise<ListWorkflowRunsOutput>
}

/** `ListWorkflowRunsRequest`: `MaxResults` 1–100 (default 20). */
export interface ListWorkflowRunsInput {
  /** The workflow whose runs to list. */
  WorkflowArn: string
  /** Only runs of this workflow version. */
  WorkflowVersion?: string
  /** Runs per page (the service caps it). */
  MaxResults?: number
  /** The previous page's `NextToken`; absent for the first page. */
  NextToken?: string
}

/** `RunDetailSummary`: timestamps are ISO 8601 strings on the wire, `Date`s here. */
export interface RunDetailSummary {
  Status?: string
  CreatedOn?: Date
  StartedAt?: Date
  EndedAt?: Date
}

/** `WorkflowRunSummary`. */
export interface WorkflowRunSummary {
  RunId?: string
  WorkflowArn?: string
  WorkflowVersion?: string
  RunType?: string
  RunDetailSummary?: RunDetailSummary
}

/** `ListWorkflowRunsResponse`. */
export interface ListWorkflowRunsOutput {
  /** The runs of this page. */
  WorkflowRuns?: WorkflowRunSummary[]
  /** The token of the next page; absent on the last page. */
  NextToken?: string
  /** The response metadata (request id, HTTP status). */
  $metadata?: MwaaServerlessResponseMetadata
}

/** Like the official client's `HttpHandlerOptions`: the signal cancels the request in flight. */
export interface MwaaServerlessCallOptions {
  abortSignal?: AbortSignal
}

/** `StopWorkflowRunRequest`. */
export interface StopWorkflowRunInput {
  WorkflowArn: string
  RunId: string
}

/** `GetWorkflowRunRequest`. */
export interface GetWorkflowRunInput {
  WorkflowArn: string
  RunId: string
}

/** What the SDK reports about the HTTP exchange. */
export interface MwaaServerlessResponseMetadata {
  httpStatusCode?: number
  requestId?: string
  attempts?: number
  totalRetryDelay?: number
}

/** `StopWorkflowRunResponse` (seed 000). `Status` is a `WorkflowRunStatus`. */
export interface StopWorkflowRunOutput {
  WorkflowArn?: string
  WorkflowVersion?: string
  RunId?: string
  Status?: string
  $metadata?: MwaaServerlessResponseMetadata
}

/** `WorkflowRunDetail` (seed 004). */
export interface WorkflowRunDetail {
  WorkflowArn?: string
  WorkflowVersion?: string
  RunId?: string
  RunType?: string
  StartedOn?: Date
  CreatedAt?: Date
  CompletedOn?: Date
  ModifiedAt?: Date
  Duration?: number
  ErrorMessage?: string
  TaskInstances?: string[]
  RunState?: string
}

/** `GetWorkflowRunResponse` (seed 004). */
export interface GetWorkflowRunOutput {
  WorkflowArn?: string
  WorkflowVersion?: string
  RunId?: string
  RunType?: string
  OverrideParameters?: Record<string, unknown>
  RunDetail?: WorkflowRunDetail
  $metadata?: MwaaServerlessResponseMetadata
}

/** Static AWS credentials. */
export interface MwaaServerlessStaticCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** An AWS credential provider: a function that resolves credentials (`fromIni()`, `fromSSO()`, ...). */
export type MwaaServerlessCredentialProvider = () => Promise<MwaaServerlessStaticCredentials>

/** The adapter's settings (DESIGN.md, "Adapter SPI"). */
export interface MwaaServerlessAdapterSettings {
  /**
   * Accepted for symmetry with the other adapters. The region of every request is the one in the
   * run's workflow ARN; this value is only handed to the default credential chain (for providers
   * that call STS).
   */
  readonly region?: string
  /** A full URL such as `http://127.0.0.1:4510`, used for every region. Default `https://airflow-serverless.{region}.api.aws`. */
  readonly endpoint?: string
  /** Static credentials or a credential provider. Default: the AWS SDK's default chain. */
  readonly credentials?: MwaaServerlessStaticCredentials | MwaaServerlessCredentialProvider
  /**
   * An already-built client (the official `MWAAServerless`, say), or a function that builds one
   * for a region. A single client serves every region it is given, so pass the function form when
   * your runs live in several regions.
   */
  readonly client?: MwaaServerlessClient | ((region: string) => MwaaServerlessClient)
  /**
   * Most connections the built-in client opens to the service at once (all regions together);
   * more concurrent calls wait for a free connection. Default 50 (`DEFAULT_MAX_SOCKETS`).
   */
  readonly maxSockets?: number
}

/** Connections the built-in client opens at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50

/** Secret values seen so far (configured or resolved by a provider), for scrubbing error text. */
export interface SecretRegistry {
  values(): readonly string[]
}

/**
 * The endpoint of a region, from the service's endpoint rules: `airflow-serverless.{region}` in
 * the partition's dual-stack DNS suffix.
 */
export function defaultEndpoint(region: string): string {
  const suffix = region.startsWith('cn-') ? 'api.amazonwebservices.com.cn' : 'api.aws'
  return `https://airflow-serverless.${region}.${suffix}`
}

function isClient(value: unknown): value is MwaaServerlessClient {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MwaaServerlessClient).stopWorkflowRun === 'function' &&
    typeof (value as MwaaServerlessClient).getWorkflowRun === 'function'
  )
}

/**
 * One client per region, created on first use: the user's client (or their factory's), or the
 * built-in awsJson1_0 client. The default credential chain is loaded on first use, with a dynamic
 * import, and shared by every region; resolved secrets are recorded for scrubbing.
 */
export function createMwaaServerlessClients(settings: MwaaServerlessAdapterSettings): {
  clients: ClientCache<MwaaServerlessClient>
  secrets: SecretRegistry
  /** Destroys the built-in client's connections (a user's client is left alone). */
  close(): Promise<void>
} {
  const secretValues = new Set<string>()
  const remember = (credentials: MwaaServerlessStaticCredentials) => {
    if (credentials.secretAccessKey) secretValues.add(credentials.secretAccessKey)
    if (credentials.sessionToken) secretValues.add(credentials.sessionToken)
    return credentials
  }
  const secrets: SecretRegistry = { values: () => [...secretValues] }
  const given = settings.client
  if (given !== undefined) {
    const build = isClient(given) ? () => given : given
    const clients = createClientCache((region) => build(region))
    return { clients, secrets, close: () => clients.close() }
  }

  const configured = settings.credentials
  let credentials: MwaaServerlessCredentialProvider
  if (typeof configured === 'function') {
    credentials = () => configured().then(remember)
  } else if (configured !== undefined) {
    remember(configured)
    const fixed = { ...configured }
    credentials = () => Promise.resolve(fixed)
  } else {
    // Loaded on first use; a failed import is not cached, so a later call tries again.
    let chain: Promise<MwaaServerlessCredentialProvider> | undefined
    const loadChain = () => {
      chain ??= import('@aws-sdk/credential-provider-node')
        .then(
          ({ defaultProvider }) =>
            defaultProvider(
              settings.region === undefined ? {} : { clientConfig: { region: settings.region } },
            ) as MwaaServerlessCredentialProvider,
        )
        .catch((error: unknown) => {
          chain = undefined
          throw error
        })
      return chain
    }
    credentials = async () => remember(await (await loadChain())())
  }
  const maxSockets = socketLimit(settings.maxSockets)
  let handler: Promise<HttpHandlerLike> | undefined
  const clients = createClientCache<MwaaServerlessClient>((region) =>
    createAwsJsonClient({
      region,
      endpoint: settings.endpoint ?? defaultEndpoint(region),
      credentials,
      // One keep-alive handler shared by every region's client, loaded on the first request
      // (a failed import is tried again on the next).
      httpHandler: () => {
        handler ??= createKeepAliveHandler(maxSockets).catch((error: unknown) => {
          handler = undefined
          throw error
        })
        return handler
      },
    }),
  )
  const close = async () => {
    await clients.close()
    const closing = handler
    handler = undefined
    ;(await closing?.catch(() => undefined))?.destroy?.()
  }
  return { clients, secrets, close }
}

function socketLimit(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : DEFAULT_MAX_SOCKETS
}

async function createKeepAliveHandler(maxSockets: number): Promise<HttpHandlerLike> {
  const [http, https] = await Promise.all([import('node:http'), import('node:https')])
  return keepAliveHandler({
    http,
    https,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
  })
}
