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
  send: Send<StopExecutionCommand, StopExecutionCommandOutput> &
    Send<DescribeExecutionCommand, DescribeExecutionCommandOutput> &
    Send<ListExecutionsCommand, ListExecutionsCommandOutput>
  destroy?(): void
}

/**
 * `region` (only the one a single `client` serves: a run's region is in its ARN), `endpoint`,
 * `credentials` (`{ accessKeyId, secretAccessKey, sessionToken? }` or a provider), `requestHandler`,
 * `client` (one, or a function of the region), `maxSockets` (HTTP/1.1 connections of the handler
 * the adapter builds when no `requestHandler` is given, per origin; default 50).
 */
export type StepFunctionsAdapterSettings = SdkAdapterSettings<
  StepFunctionsClient,
  NonNullable<SFNClientConfig['credentials']>,
  SFNClientConfig['requestHandler']
> & { readonly maxSockets?: number }

type SfnModule = typeof import('@aws-sdk/client-sfn') &
  Pick<typeof import('@smithy/node-http-handler'), 'NodeHttpHandler'>
const load = async (): Promise<SfnModule> => {
  const [sdk, http] = await Promise.all([import('@aws-sdk/client-sfn'), import('@smithy/node-http-handler')])
  return { ...sdk, NodeHttpHandler: http.NodeHttpHandler }
}

/**
 * `@aws-sdk/client-sfn`, imported on first use; a client per region with `maxAttempts: 1`, all on
 * one keep-alive handler of at most `maxSockets` connections. `close()` destroys the clients built.
 */
export function createStepFunctionsClients(
  settings: StepFunctionsAdapterSettings,
): SdkClients<SfnModule, StepFunctionsClient> {
  const maxSockets = settings.maxSockets ?? 50
  let handler: SFNClientConfig['requestHandler']
  return createSdkClients<SfnModule, StepFunctionsClient>({
    load,
    client: settings.client,
    create: (sdk, region) => {
      handler ??=
        settings.requestHandler ??
        new sdk.NodeHttpHandler({ httpAgent: { maxSockets }, httpsAgent: { maxSockets } })
      return new sdk.SFNClient({ ...awsClientConfig(settings, region), requestHandler: handler as never })
    },
    // Destroying a client destroys the handler (the user's own too, as the SDK does).
    release: (client) => client.destroy?.(),
  })
}
