import type {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  ListExecutionsCommand,
  ListExecutionsCommandOutput,
  SFNClientConfig,
  StopExecutionCommand,
  StopExecutionCommandOutput,
} from '@aws-sdk/client-sfn'
import {
  type AwsClients,
  createAwsClients,
  type SdkAdapterSettings,
  type AwsSdkSend as Send,
} from '@runstop/core'

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
 * `client` (one, or a function of the region), `maxSockets` (default 50, one pool for every region).
 */
export type StepFunctionsAdapterSettings = SdkAdapterSettings<
  StepFunctionsClient,
  NonNullable<SFNClientConfig['credentials']>,
  SFNClientConfig['requestHandler']
>

/** `@aws-sdk/client-sfn`, imported on first use; an `SFNClient` per region (`createAwsClients`). */
export const createStepFunctionsClients = (
  settings: StepFunctionsAdapterSettings,
): AwsClients<typeof import('@aws-sdk/client-sfn'), StepFunctionsClient> =>
  createAwsClients(settings, {
    load: () => import('@aws-sdk/client-sfn'),
    http: () => import('@smithy/node-http-handler'),
    create: (sdk, config) => new sdk.SFNClient(config),
  })
