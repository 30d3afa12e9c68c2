import { defineAwsSdkAdapter, handleIds, nonEmptyString, type RunAdapter } from '@runstop/core'
import { BEDROCK_FLOWS_SDK, type BedrockFlowsAdapterSettings } from './bedrock-flows-client.js'
import { type BedrockFlowsHandle, validateHandle } from './bedrock-flows-handle.js'
import {
  type BedrockFlowsScope,
  handleOfSummary,
  listInput,
  validateScope,
} from './list-bedrock-flows-runs.js'
import { BEDROCK_FLOWS_API } from './map-bedrock-flows-error.js'
import { mapStatus } from './map-bedrock-flows-status.js'

/** One error of `errors[]`: `[node] ErrorType: message`. */
function line(e: Record<string, unknown>): string {
  const [node, type, message] = [
    nonEmptyString(e?.nodeName),
    nonEmptyString(e?.error),
    nonEmptyString(e?.message),
  ]
  return [node && `[${node}]`, type && (message ? `${type}:` : type), message].filter(Boolean).join(' ')
}

/** `errors[]` of GetFlowExecution as one line: `[node] ErrorType: message; …`. */
function errorMessageOf({ errors }: Readonly<Record<string, unknown>>): string {
  // Most answers (every running execution's) have none: no arrays made for them.
  if (!Array.isArray(errors) || errors.length === 0) return ''
  return errors.map(line).filter(Boolean).join('; ')
}

/**
 * The runstop adapter for Amazon Bedrock flow executions, on the official
 * `@aws-sdk/client-bedrock-agent-runtime` (StopFlowExecution, GetFlowExecution, ListFlowExecutions;
 * `defineAwsSdkAdapter`). A NOT_FOUND names the region asked (executions are regional).
 */
export function createBedrockFlowsAdapter(
  settings: BedrockFlowsAdapterSettings = {},
): RunAdapter<BedrockFlowsHandle, BedrockFlowsScope> {
  return defineAwsSdkAdapter(settings, {
    sdk: BEDROCK_FLOWS_SDK,
    api: BEDROCK_FLOWS_API,
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
    // No status filter: the controller filters each page.
    list: {
      validateScope,
      input: listInput,
      page: { min: 1, max: 1000, default: 1000 },
      items: 'flowExecutionSummaries',
      handle: handleOfSummary,
      // A summary names its start `createdAt`.
      run: { startedAt: 'createdAt' },
    },
  })
}
