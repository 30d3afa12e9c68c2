import type { SFNClient, SFNClientConfig } from '@aws-sdk/client-sfn'
import type { AwsClientsOptions, SdkAdapterSettingsOf } from '@runstop/core'

/** The port the adapter calls: the `send` of an `SFNClient` (or of any client with the same `send`). */
export type StepFunctionsClient = Pick<SFNClient, 'send'>

/**
 * `SdkAdapterSettings` of an `SFNClient`: `region` is only the one a single `client` serves (a
 * run's region is in its ARN); `maxSockets` (default 50) is one pool for every region's client.
 */
export type StepFunctionsAdapterSettings = SdkAdapterSettingsOf<StepFunctionsClient, SFNClientConfig>

type SfnModule = typeof import('@aws-sdk/client-sfn')

/** `@aws-sdk/client-sfn`, imported on first use, and its `SFNClient` (see `createAwsClients`). */
export const STEP_FUNCTIONS_SDK: AwsClientsOptions<SfnModule, StepFunctionsClient> = {
  load: () => import('@aws-sdk/client-sfn'),
  http: () => import('@smithy/node-http-handler'),
  create: (sdk, config) => new sdk.SFNClient(config),
}
