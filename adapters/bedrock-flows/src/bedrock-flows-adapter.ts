import { defineAwsSdkAdapter, handleIds, type RunAdapter } from '@runstop/core'
import { BEDROCK_FLOWS_SDK, type BedrockFlowsAdapterSettings } from './bedrock-flows-client.js'
import { type BedrockFlowsHandle, validateHandle } from './bedrock-flows-handle.js'
import { type BedrockFlowsScope, validateScope } from './bedrock-flows-scope.js'
import { handleOfSummary, listInput } from './list-bedrock-flows-runs.js'
import { BEDROCK_FLOWS_API } from './map-bedrock-flows-error.js'
import { mapStatus } from './map-bedrock-flows-status.js'

/** `errors[]` of GetFlowExecution as one line: `[node] ErrorType: message; …`. */
function errorMessageOf({ errors }: Readonly<Record<string, unknown>>): string {
  const entries = (Array.isArray(errors) ? errors : []) as Record<string, unknown>[]
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const line = (e: Record<string, unknown>) => {
    const [node, type, message] = [text(e?.nodeName), text(e?.error), text(e?.message)]
    return [node && `[${node}]`, type && (message ? `${type}:` : type), message].filter(Boolean).join(' ')
  }
  return entries.map(line).filter(Boolean).join('; ')
}

/**
 * The runstop adapter for Amazon Bedrock flow executions, on the official
 * `@aws-sdk/client-bedrock-agent-runtime` (`StopFlowExecutionCommand`, `GetFlowExecutionCommand`,
 * `ListFlowExecutionsCommand`). The SDK is imported on the first call; clients are built per region
 * on first use with `maxAttempts: 1`. One attempt per call: retries, deadlines and waiting are the
 * controller's. A NOT_FOUND names the region asked (executions are regional).
 */
export function createBedrockFlowsAdapter(
  settings: BedrockFlowsAdapterSettings = {},
): RunAdapter<BedrockFlowsHandle, BedrockFlowsScope> {
  return defineAwsSdkAdapter(settings, {
    sdk: BEDROCK_FLOWS_SDK,
    api: BEDROCK_FLOWS_API,
    capabilities: {
      stopReason: false,
      stopErrorCode: false,
      gracefulStop: false,
      perHandleRegion: true,
      list: true,
      // ListFlowExecutions has no status filter: the controller filters each page.
      listStatusFilter: false,
    },
    validate: validateHandle,
    regionHint: true,
    run: { mapStatus, startedAt: 'startedAt', endedAt: 'endedAt', errorMessage: errorMessageOf },
    // Only the bare ids reach the URL path.
    get: { input: handleIds },
    stop: {
      input: handleIds,
      // The reply names the status; one that names none this adapter knows is confirmed with a get.
      reply: 'status',
      // May mean "already finished": confirmed with one get (as is a code-less 400 or 409).
      ambiguousErrors: ['ConflictException', 'ValidationException'],
    },
    // A summary names its start `createdAt`.
    list: {
      validateScope,
      input: listInput,
      items: 'flowExecutionSummaries',
      handle: handleOfSummary,
      run: { startedAt: 'createdAt' },
    },
  })
}
