import { type AlibabaRpcClientsSettings, createAlibabaRpcClients } from '@runstop/alibaba-openapi'
import { PROVIDER } from './alibaba-cloudflow-handle.js'

export { DEFAULT_MAX_SOCKETS } from '@runstop/alibaba-openapi'

type Names = { FlowName: string; ExecutionName: string }

/** What each call of the port carries besides its parameters: the call's signal. */
type Call = { signal?: AbortSignal }

/**
 * The port the adapter calls: the methods and parameter spelling of `@alicloud/fnf-2019-03-15`, so
 * such a client is passed as is (it ignores the second argument: its calls go through an
 * `HttpCallGuard` instead). They resolve to the response body, or to `{ body, statusCode }` (the
 * built-in client, which takes the call's `signal`), and reject with the SDK's error (`code`,
 * `data.RequestId`).
 */
export interface AlibabaCloudFlowClient {
  /** `StopExecution`: asks CloudFlow to stop the execution (`Cause` 1–4096, `Error` 1–128 characters). */
  stopExecution(params: Names & { Cause?: string; Error?: string }, call?: Call): Promise<unknown>
  /** `DescribeExecution`: reads the execution's status. */
  describeExecution(params: Names, call?: Call): Promise<unknown>
  /** `ListExecutions` (`Limit` 1–99, one `Status`), for `listRuns` / `stopAll`: without it, no listing. */
  listExecutions?(
    params: {
      FlowName: string
      NextToken?: string
      Limit?: number
      Status?: string
    },
    call?: Call,
  ): Promise<unknown>
}

/**
 * Settings of `createAlibabaCloudFlowAdapter` (those of `@runstop/alibaba-openapi`'s built-in
 * client, and `client`). `region` defaults to `cn-hangzhou`; `endpoint` to
 * `https://{region}.fnf.aliyuncs.com` (`{region}` is replaced by the run's region; the URL's scheme
 * is the protocol, and nothing may follow host and port). Without `credentials`, the default chain
 * of `@alicloud/credentials`. `connectTimeoutMs` (default 3,000), `readTimeoutMs` (default none:
 * the call's deadline and signal bound the wait) and `maxSockets` (default 50,
 * `DEFAULT_MAX_SOCKETS`) apply to the built-in client only. `client` is one object (all runs use
 * it, so handles cannot name another region), or a function of the region called once per region.
 */
export type AlibabaCloudFlowAdapterSettings = AlibabaRpcClientsSettings<AlibabaCloudFlowClient>

/** FnF 2019-03-15 spoken RPC style: the three actions, sent as the generated fnf20190315 SDK sends them. */
const CLOUDFLOW_API = {
  provider: PROVIDER,
  product: 'CloudFlow',
  version: '2019-03-15',
  endpoint: 'https://{region}.fnf.aliyuncs.com',
  actions: {
    stopExecution: { action: 'StopExecution', method: 'POST' },
    describeExecution: { action: 'DescribeExecution', method: 'GET' },
    listExecutions: { action: 'ListExecutions', method: 'GET' },
  },
} as const

/** The adapter's clients, one per region, and the `send` its requests go through. */
export const createAlibabaCloudFlowClients = (settings: AlibabaCloudFlowAdapterSettings) =>
  createAlibabaRpcClients(CLOUDFLOW_API, settings, (client): AlibabaCloudFlowClient => client)
