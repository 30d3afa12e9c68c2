import {
  buildSnapshot,
  confirmAcceptedStop,
  defineAdapter,
  parseTimestamp,
  type RunAdapter,
  splitSdkOutput,
} from '@runstop/core'
import {
  listInput,
  pageOf,
  regionOfStateMachineArn,
  type StepFunctionsScope,
  validateScope,
} from './list-step-functions-runs.js'
import { mapError } from './map-step-functions-error.js'
import { mapStatus } from './map-step-functions-status.js'
import { createStepFunctionsClients, type StepFunctionsAdapterSettings } from './step-functions-client.js'
import {
  PROVIDER,
  regionOfExecutionArn,
  type StepFunctionsHandle,
  validateHandle,
} from './step-functions-handle.js'

/**
 * The runstop adapter for AWS Step Functions, on the official `@aws-sdk/client-sfn` (loaded on
 * first use; a client per region, the execution ARN's, with `maxAttempts: 1`). A stop's `reason`
 * is recorded as `cause`, `errorCode` as `error`. StopExecution answers only `stopDate`, even for
 * a finished execution, so one DescribeExecution decides the outcome. Lists a state machine's
 * executions (ListExecutions, newest first); `close()` destroys the clients it built.
 */
export function createStepFunctionsAdapter(
  settings: StepFunctionsAdapterSettings = {},
): RunAdapter<StepFunctionsHandle, StepFunctionsScope> {
  const clients = createStepFunctionsClients(settings)
  return defineAdapter({
    provider: PROVIDER,
    capabilities: {
      stopReason: true,
      stopErrorCode: true,
      gracefulStop: false,
      perHandleRegion: true,
      list: true,
      // The service filters when one status is asked (statusFilter takes one); else the controller.
      listStatusFilter: true,
    },
    validate: validateHandle,
    clients,
    defaultRegion: settings.region,
    region: (handle) => regionOfExecutionArn(handle.executionArn),
    mapError: (error, context) => mapError(error, { ...context, secrets: clients.secrets() }),
    get: {
      send: async (client, { executionArn }, signal) =>
        client.send(new (await clients.sdk()).DescribeExecutionCommand({ executionArn }), {
          abortSignal: signal,
        }),
      // A failed, timed-out or aborted execution's `error: cause` is its errorMessage.
      snapshot: (handle, output) => {
        const { body, requestId } = splitSdkOutput(output)
        return buildSnapshot({
          handle,
          status: mapStatus(body.status),
          providerStatus: body.status,
          startedAt: body.startDate,
          endedAt: body.stopDate,
          errorMessage: [body.error, body.cause]
            .filter((part) => typeof part === 'string' && part)
            .join(': '),
          requestId,
          raw: body,
        })
      },
    },
    list: {
      validateScope,
      region: (scope) => regionOfStateMachineArn(scope.stateMachineArn),
      send: async (client, scope, ctx) =>
        client.send(new (await clients.sdk()).ListExecutionsCommand(listInput(scope, ctx)), {
          abortSignal: ctx.signal,
        }),
      page: pageOf,
    },
    stop: {
      limits: { reason: { max: 32_768, as: 'cause' }, errorCode: { max: 256, as: 'error' } },
      send: async (client, { executionArn }, { reason, errorCode, signal }) =>
        client.send(
          // Undefined members are left out of the JSON body.
          new (await clients.sdk()).StopExecutionCommand({ executionArn, cause: reason, error: errorCode }),
          { abortSignal: signal },
        ),
      result: (handle, reply, { reason, get }) => {
        const { body: raw, requestId } = splitSdkOutput(reply)
        const stoppedAt = parseTimestamp(raw.stopDate)
        return confirmAcceptedStop(
          { handle, stoppedAt, reasonRecorded: reason !== undefined, requestId, raw },
          get,
        )
      },
    },
  })
}
