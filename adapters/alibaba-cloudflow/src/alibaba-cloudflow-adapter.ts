import { bodyOf, DEFAULT_REGION } from '@runstop/alibaba-openapi'
import { defineAdapter, type RunAdapter, settleStopReply } from '@runstop/core'
import {
  type AlibabaCloudFlowAdapterSettings,
  createAlibabaCloudFlowClients,
} from './alibaba-cloudflow-client.js'
import {
  type AlibabaCloudFlowHandle,
  type AlibabaCloudFlowScope,
  MAX_CAUSE_LENGTH,
  MAX_ERROR_LENGTH,
  PROVIDER,
  validateHandle,
  validateScope,
} from './alibaba-cloudflow-handle.js'
import { listExecutions, pageOf } from './list-alibaba-cloudflow-runs.js'
import { mapError } from './map-alibaba-cloudflow-error.js'
import { mapStatus, snapshotOf } from './map-alibaba-cloudflow-status.js'

const names = (run: AlibabaCloudFlowHandle) => ({ FlowName: run.flowName, ExecutionName: run.executionName })

/**
 * The runstop adapter for Alibaba Cloud CloudFlow (FnF 2019-03-15) executions: `StopExecution`,
 * `DescribeExecution` and `ListExecutions` over `@runstop/alibaba-openapi`'s built-in client
 * (ACS3-HMAC-SHA256 over keep-alive node:http(s), as openapi-client's `callApi` sends them), or
 * over a client you pass (e.g. one of `@alicloud/fnf-2019-03-15`). Clients are built lazily, one
 * per region. One attempt per call: retries, deadlines and waiting are the controller's. A stop
 * records `reason` as `Cause` and `errorCode` as `Error`. A client you pass runs through an `HttpCallGuard` (the SDKs take no
 * AbortSignal and drop the status of a non-JSON answer).
 */
export function createAlibabaCloudFlowAdapter(
  settings: AlibabaCloudFlowAdapterSettings = {},
): RunAdapter<AlibabaCloudFlowHandle, AlibabaCloudFlowScope> {
  const clients = createAlibabaCloudFlowClients(settings)
  return defineAdapter({
    provider: PROVIDER,
    capabilities: {
      stopReason: true,
      stopErrorCode: true,
      // CloudFlow has no stopping state: a stopped execution reads Running, then Stopped.
      gracefulStop: false,
      perHandleRegion: true,
      list: true,
      // ListExecutions takes a Status: the service filters, one state per pass.
      listStatusFilter: true,
    },
    validate: validateHandle,
    clients,
    defaultRegion: settings.region ?? DEFAULT_REGION,
    send: clients.send,
    mapError: (error, context) => mapError(error, { ...context, secrets: clients.secrets }),
    get: {
      send: (client, handle, signal) => client.describeExecution(names(handle), { signal }),
      snapshot: (handle, reply) => {
        const body = bodyOf(reply)
        // Not an object (an array, a scalar): mapped as a body the SDK could not read, its status kept.
        if (body === undefined) throw new SyntaxError('DescribeExecution answered no execution object.')
        return snapshotOf(handle, body, body.RequestId)
      },
    },
    stop: {
      limits: {
        reason: { min: 1, max: MAX_CAUSE_LENGTH, as: 'Cause' },
        errorCode: { min: 1, max: MAX_ERROR_LENGTH, as: 'Error' },
      },
      // A ConcurrentUpdateError may be the run finishing at the same moment.
      ambiguousErrors: ['ExecutionAlreadyCompleted', 'ConcurrentUpdateError'],
      send: (client, handle, { reason, errorCode, signal }) =>
        client.stopExecution(
          {
            ...names(handle),
            ...(reason === undefined ? {} : { Cause: reason }),
            ...(errorCode === undefined ? {} : { Error: errorCode }),
          },
          { signal },
        ),
      // The reply names the status; an unreadable one is confirmed with one DescribeExecution.
      result: (handle, reply, { reason, get }) => {
        const body = bodyOf(reply)
        const providerStatus = typeof body?.Status === 'string' ? body.Status : ''
        const requestId = typeof body?.RequestId === 'string' ? body.RequestId : undefined
        const stop = { handle, status: mapStatus(providerStatus), providerStatus, requestId }
        return settleStopReply({ ...stop, reasonRecorded: reason !== undefined, raw: body ?? null }, get)
      },
    },
    list: { validateScope, send: listExecutions, page: pageOf },
  })
}
