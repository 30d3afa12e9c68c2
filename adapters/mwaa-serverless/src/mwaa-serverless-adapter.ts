import {
  abortOptions,
  arnRegion,
  buildSnapshot,
  defineAdapter,
  type RunAdapter,
  RunError,
  settleStopReply,
  splitSdkOutput,
} from '@runstop/core'
import { listInput, pageFromOutput } from './list-mwaa-serverless-runs.js'
import { mapError } from './map-mwaa-serverless-error.js'
import { mapStatus } from './map-mwaa-serverless-status.js'
import { createMwaaServerlessClients, type MwaaServerlessAdapterSettings } from './mwaa-serverless-client.js'
import { type MwaaServerlessHandle, PROVIDER, validateHandle } from './mwaa-serverless-handle.js'
import { type MwaaServerlessScope, validateScope } from './mwaa-serverless-scope.js'

const runInput = (handle: MwaaServerlessHandle) => ({ WorkflowArn: handle.workflowArn, RunId: handle.runId })

const arnRegionOf = arnRegion('workflowArn')

/**
 * The region of a handle's or scope's workflow ARN (`arnRegion`), the last one read kept: the
 * calls on one workflow's runs (a wait's polls, a batch's stops) then cut no new region string
 * each, whose hash the region's client lookup would compute again.
 */
function regionMemo<T extends { readonly workflowArn?: string | undefined }>(): (
  target: T,
) => string | undefined {
  let lastArn: string | undefined
  let lastRegion: string | undefined
  return (target) => {
    const arn = target.workflowArn
    if (arn !== lastArn || arn === undefined) {
      lastRegion = arnRegionOf(target)
      lastArn = arn
    }
    return lastRegion
  }
}

/**
 * Creates the MWAA Serverless adapter. No I/O happens here: the client of a region (and the
 * default credential chain) is created when a run in that region is first touched. A reason given
 * to a stop is ignored (the service stores none); `close()` destroys the built-in client's
 * connections (a user's client is left alone).
 */
export function createMwaaServerlessAdapter(
  settings: MwaaServerlessAdapterSettings = {},
): RunAdapter<MwaaServerlessHandle, MwaaServerlessScope> {
  const clients = createMwaaServerlessClients(settings)
  return defineAdapter({
    provider: PROVIDER,
    capabilities: {
      // MWAA Serverless stores no stop reason and no error code: a reason given is not an error.
      stopReason: false,
      stopErrorCode: false,
      // StopWorkflowRun moves a run to STOPPING, then to STOPPED once cleanup is complete.
      gracefulStop: true,
      // The region is part of the workflow ARN; a handle cannot choose another one.
      perHandleRegion: false,
      // ListWorkflowRuns has no status filter: the controller filters each page.
      list: true,
      listStatusFilter: false,
    },
    validate: validateHandle,
    clients,
    region: regionMemo<MwaaServerlessHandle>(),
    mapError: (error, context) => mapError(error, { ...context, secrets: clients.secrets() }),
    // A call nothing can end early gives the client no signal (`abortOptions`): nothing to watch.
    get: {
      send: (client, handle, signal) => client.getWorkflowRun(runInput(handle), abortOptions(signal)),
      snapshot: (handle, output) => {
        const { body, requestId } = splitSdkOutput(output)
        // A non-object `RunDetail` has none of these members: `'unknown'`, no dates.
        const detail = (body.RunDetail ?? {}) as Record<string, unknown>
        return buildSnapshot({
          handle,
          status: mapStatus(detail.RunState),
          providerStatus: detail.RunState,
          startedAt: detail.StartedOn,
          endedAt: detail.CompletedOn,
          errorMessage: detail.ErrorMessage,
          requestId,
          raw: body,
        })
      },
    },
    stop: {
      send: (client, handle, { signal }) => client.stopWorkflowRun(runInput(handle), abortOptions(signal)),
      // The reply names the status; one without a status this adapter knows is confirmed by a get.
      result: (handle, reply, { get }) => {
        const { body: raw, requestId } = splitSdkOutput(reply)
        const providerStatus = typeof raw.Status === 'string' ? raw.Status : ''
        const status = mapStatus(providerStatus)
        return settleStopReply({ handle, status, providerStatus, reasonRecorded: false, raw, requestId }, get)
      },
      // A stop of a run that is not running answers one of these: a get tells an ended run from a bad request.
      ambiguousErrors: ['ConflictException', 'ValidationException'],
    },
    list: {
      validateScope,
      region: regionMemo<MwaaServerlessScope>(),
      send: async (client, scope, ctx) => {
        if (client.listWorkflowRuns === undefined)
          throw new RunError({
            code: 'NOT_SUPPORTED',
            message: 'The MWAA Serverless client given to this adapter has no listWorkflowRuns method.',
            provider: PROVIDER,
            operation: 'list',
            handle: scope,
          })
        return client.listWorkflowRuns(listInput(scope, ctx), abortOptions(ctx.signal))
      },
      page: pageFromOutput,
    },
  })
}
