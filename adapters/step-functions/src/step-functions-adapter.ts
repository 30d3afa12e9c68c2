import { arnRegion, defineAwsSdkAdapter, handleIds, type RunAdapter } from '@runstop/core'
import { listInput, type StepFunctionsScope, validateScope } from './list-step-functions-runs.js'
import { STEP_FUNCTIONS_API } from './map-step-functions-error.js'
import { mapStatus } from './map-step-functions-status.js'
import { STEP_FUNCTIONS_SDK, type StepFunctionsAdapterSettings } from './step-functions-client.js'
import { type StepFunctionsHandle, stepFunctionsHandle, validateHandle } from './step-functions-handle.js'

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
  return defineAwsSdkAdapter(settings, {
    sdk: STEP_FUNCTIONS_SDK,
    api: STEP_FUNCTIONS_API,
    validate: validateHandle,
    region: arnRegion('executionArn'),
    // DescribeExecution and ListExecutions items name these alike; `error: cause` of a failed run.
    run: {
      mapStatus,
      startedAt: 'startDate',
      endedAt: 'stopDate',
      errorMessage: ({ error, cause }) =>
        [error, cause].filter((part) => typeof part === 'string' && part).join(': '),
    },
    get: { input: handleIds },
    stop: {
      limits: { reason: { max: 32_768, as: 'cause' }, errorCode: { max: 256, as: 'error' } },
      input: ({ executionArn }, { reason, errorCode }) => ({ executionArn, cause: reason, error: errorCode }),
      // The reply has only `stopDate`, also for a finished execution: one DescribeExecution decides.
      reply: { stoppedAt: 'stopDate' },
    },
    list: {
      validateScope,
      region: arnRegion('stateMachineArn'),
      input: listInput,
      // `maxResults` 0 is the service's default.
      page: { min: 0, max: 1000 },
      // The service filters when one status is asked (statusFilter takes one); else the controller.
      statusFilter: true,
      items: 'executions',
      // An item without a valid execution ARN names no run: the page is UNKNOWN.
      handle: (item) => stepFunctionsHandle({ executionArn: String(item.executionArn) }).unwrapOr(undefined),
    },
  })
}
