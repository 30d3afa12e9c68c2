import type {
  AwsJsonCallOptions,
  AwsJsonClient,
  AwsJsonClients,
  AwsJsonService,
  AwsJsonSettings,
  ResponseMetadata,
} from '@runstop/aws-json'
import { type AdapterClients, clientsOnFirstUse, secretsOf } from '@runstop/core'

export { DEFAULT_MAX_SOCKETS } from '@runstop/core'

/**
 * The port this adapter calls: three methods of the official aggregated `MWAAServerless` client
 * of `@aws-sdk/client-mwaa-serverless`, with its input and output shapes (PascalCase members,
 * timestamps as `Date`s, `$metadata`). A user who has the official package passes that client;
 * otherwise the adapter builds its own small one (`@runstop/aws-json`).
 */
export interface MwaaServerlessClient {
  /** `StopWorkflowRun`: asks the service to stop the run. */
  stopWorkflowRun(input: RunInput, options?: AwsJsonCallOptions): Promise<StopWorkflowRunOutput>
  /** `GetWorkflowRun`: reads the run's details and status. */
  getWorkflowRun(input: RunInput, options?: AwsJsonCallOptions): Promise<GetWorkflowRunOutput>
  /** Used by `listRuns` / `stopAll`; a client without it can stop and get, not list. */
  listWorkflowRuns?(
    input: ListWorkflowRunsInput,
    options?: AwsJsonCallOptions,
  ): Promise<ListWorkflowRunsOutput>
}

/** `StopWorkflowRunRequest` and `GetWorkflowRunRequest`. */
type RunInput = { WorkflowArn: string; RunId: string }

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

/** `ListWorkflowRunsResponse`: timestamps are ISO 8601 strings on the wire, `Date`s here. */
export interface ListWorkflowRunsOutput {
  /** The runs of this page. */
  WorkflowRuns?: WorkflowRunSummary[]
  /** The token of the next page; absent on the last page. */
  NextToken?: string
  /** The response metadata (request id, HTTP status). */
  $metadata?: ResponseMetadata
}

/** `WorkflowRunSummary`: the members the adapter reads. */
interface WorkflowRunSummary {
  RunId?: string
  WorkflowArn?: string
  RunDetailSummary?: { Status?: string; CreatedOn?: Date; StartedAt?: Date; EndedAt?: Date }
}

/** `StopWorkflowRunResponse` (seed 000): the members the adapter reads. `Status` is a `WorkflowRunStatus`. */
interface StopWorkflowRunOutput {
  RunId?: string
  Status?: string
  $metadata?: ResponseMetadata
}

/** `GetWorkflowRunResponse` with its `WorkflowRunDetail` (seed 004): the members the adapter reads. */
interface GetWorkflowRunOutput {
  RunDetail?: {
    RunState?: string
    StartedOn?: Date
    CreatedAt?: Date
    CompletedOn?: Date
    ModifiedAt?: Date
    Duration?: number
    ErrorMessage?: string
  }
  $metadata?: ResponseMetadata
}

/** The adapter's settings (DESIGN.md, "Adapter SPI"); the built-in client's are `AwsJsonSettings`. */
export interface MwaaServerlessAdapterSettings extends AwsJsonSettings {
  /**
   * An already-built client (the official `MWAAServerless`, say), or a function that builds one
   * for a region. A single client serves every region it is given, so pass the function form when
   * your runs live in several regions.
   */
  readonly client?: MwaaServerlessClient | ((region: string) => MwaaServerlessClient)
}

/** The endpoint of a region (endpoint rules: the partition's dual-stack DNS suffix). */
export const defaultEndpoint = (region: string): string =>
  `https://airflow-serverless.${region}.${region.startsWith('cn-') ? 'api.amazonwebservices.com.cn' : 'api.aws'}`

/** MWAA Serverless on the wire: awsJson1_0, ISO 8601 timestamps (the model's `date-time`). */
const SERVICE: AwsJsonService = {
  name: 'MWAA Serverless',
  target: 'AmazonMWAAServerless',
  signingName: 'airflow-serverless',
  endpoint: defaultEndpoint,
  timestamps: {
    RunDetail: ['StartedOn', 'CreatedAt', 'CompletedOn', 'ModifiedAt'],
    'WorkflowRuns[].RunDetailSummary': ['CreatedOn', 'StartedAt', 'EndedAt'],
  },
}

const port = (json: AwsJsonClient): MwaaServerlessClient => ({
  stopWorkflowRun: (input, options) => json.call('StopWorkflowRun', input, options),
  getWorkflowRun: (input, options) => json.call('GetWorkflowRun', input, options),
  listWorkflowRuns: (input, options) => json.call('ListWorkflowRuns', input, options),
})

/** The adapter's clients: `AdapterClients` plus the secrets the credentials have handed out. */
export interface MwaaServerlessClients extends AdapterClients<MwaaServerlessClient> {
  /** The client of a region (`us-east-1` when none is named); a promise until `@runstop/aws-json` is loaded. */
  client(region?: string): MwaaServerlessClient | Promise<MwaaServerlessClient>
  /** The secret values the credentials have handed out so far, for scrubbing. */
  secrets(): string[]
  /** Destroys the built-in clients' connections; a client the user gave is left alone. */
  close(): Promise<void>
}

/**
 * One client per region, created on first use: the user's client (or their factory's), or the
 * built-in awsJson1_0 client; the secrets its credentials have handed out, for scrubbing.
 * `@runstop/aws-json` (the transport, the credential chain) is imported on the first `client()`,
 * not when the adapter is built: a controller that is only constructed never loads it. From then
 * on `client()` answers at once.
 */
export function createMwaaServerlessClients(settings: MwaaServerlessAdapterSettings): MwaaServerlessClients {
  const clients = clientsOnFirstUse<MwaaServerlessClient, AwsJsonClients<MwaaServerlessClient>>(() =>
    import('@runstop/aws-json').then(({ createAwsJsonClients }) =>
      createAwsJsonClients(SERVICE, settings, port),
    ),
  )
  return {
    client: (region) => clients.client(region),
    // Before the first call, only static credentials have handed out anything.
    secrets: () => clients.loaded?.secrets() ?? secretsOf(settings.credentials),
    close: () => clients.close(),
  }
}
