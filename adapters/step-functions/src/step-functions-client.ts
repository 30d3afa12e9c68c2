import type {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  SFNClientConfig,
  StopExecutionCommand,
  StopExecutionCommandOutput,
} from '@aws-sdk/client-sfn'
import { awsClientConfig, createSdkClients, type SdkAdapterSettings } from '@runstop/core'

type Send<C, O> = (command: C, options?: { abortSignal?: AbortSignal }) => Promise<O>

/** The port the adapter calls: the `send` of an AWS SDK v3 client, such as `SFNClient`. */
export interface StepFunctionsClient {
  send: Send<StopExecutionCommand, StopExecutionCommandOutput> &
    Send<DescribeExecutionCommand, DescribeExecutionCommandOutput>
}

/**
 * `region` (only the one a single `client` serves: a run's region is in its ARN), `endpoint`,
 * `credentials` (`{ accessKeyId, secretAccessKey, sessionToken? }` or a provider), `requestHandler`,
 * `client` (one, or a function of the region).
 */
export type StepFunctionsAdapterSettings = SdkAdapterSettings<
  StepFunctionsClient,
  NonNullable<SFNClientConfig['credentials']>,
  SFNClientConfig['requestHandler']
>

/** `@aws-sdk/client-sfn`, imported on first use; a client per region with `maxAttempts: 1`. */
export const createStepFunctionsClients = (settings: StepFunctionsAdapterSettings) =>
  createSdkClients<typeof import('@aws-sdk/client-sfn'), StepFunctionsClient>({
    load: () => import('@aws-sdk/client-sfn'),
    client: settings.client,
    create: (sdk, region) => new sdk.SFNClient(awsClientConfig(settings, region)),
  })
