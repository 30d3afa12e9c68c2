import type {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  ListExecutionsCommand,
  ListExecutionsCommandOutput,
  SFNClientConfig,
  StopExecutionCommand,
  StopExecutionCommandOutput,
} from '@aws-sdk/client-sfn'
import { awsClientConfig, createSdkClients, type SdkAdapterSettings, type SdkClients } from '@runstop/core'

type Send<C, O> = (command: C, options?: { abortSignal?: AbortSignal }) => Promise<O>

/** The port the adapter calls: the `send` of an AWS SDK v3 client, such as `SFNClient`. */
export interface StepFunctionsClient {
  /** `StopExecution`, `DescribeExecution` and `ListExecutions`, as an `SFNClient` sends them. */
  send: Send<StopExecutionCommand, StopExecutionCommandOutput> &
    Send<DescribeExecutionCommand, DescribeExecutionCommandOutput> &
    Send<ListExecutionsCommand, ListExecutionsCommandOutput>
}

/**
 * `region` (only the one a single `client` serves: a run's region is in its ARN), `endpoint`,
 * `credentials` (`{ accessKeyId, secretAccessKey, sessionToken? }` or a provider), `requestHandler`,
 * `client` (one, or a function of the region), `maxSockets` (default 50, per client).
 */
export type StepFunctionsAdapterSettings = SdkAdapterSettings<
  StepFunctionsClient,
  NonNullable<SFNClientConfig['credentials']>,
  SFNClientConfig['requestHandler']
>

type Sdk = typeof import('@aws-sdk/client-sfn') &
  Pick<typeof import('@smithy/node-http-handler'), 'NodeHttpHandler'>

/**
 * `@aws-sdk/client-sfn`, imported on first use; a client per region with `maxAttempts: 1` on a
 * keep-alive handler of at most `maxSockets` connections. `close()` destroys the clients built.
 */
export const createStepFunctionsClients = (
  settings: StepFunctionsAdapterSettings,
): SdkClients<Sdk, StepFunctionsClient> =>
  createSdkClients<Sdk, StepFunctionsClient>({
    load: async () => ({
      ...(await import('@aws-sdk/client-sfn')),
      ...(await import('@smithy/node-http-handler')),
    }),
    client: settings.client,
    create: (sdk, region) => new sdk.SFNClient(awsClientConfig(settings, region, sdk.NodeHttpHandler)),
  })
