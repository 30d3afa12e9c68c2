import {
  buildSnapshot,
  defineAdapter,
  type RunAdapter,
  type RunSnapshot,
  settleStopReply,
  splitSdkOutput,
} from '@runstop/core'
import { type BedrockFlowsAdapterSettings, createBedrockFlowsClients } from './bedrock-flows-client.js'
import { type BedrockFlowsHandle, PROVIDER, validateHandle } from './bedrock-flows-handle.js'
import { type BedrockFlowsScope, validateScope } from './bedrock-flows-scope.js'
import { listInput, pageOf } from './list-bedrock-flows-runs.js'
import { mapError } from './map-bedrock-flows-error.js'
import { mapStatus } from './map-bedrock-flows-status.js'

/** `errors[]` of GetFlowExecution as one line: `[node] ErrorType: message; …`. */
function errorMessageOf(errors: unknown): string {
  const entries = (Array.isArray(errors) ? errors : []) as Record<string, unknown>[]
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const line = (e: Record<string, unknown>) => {
    const [node, type, message] = [text(e?.nodeName), text(e?.error), text(e?.message)]
    return [node && `[${node}]`, type && (message ? `${type}:` : type), message].filter(Boolean).join(' ')
  }
  return entries.map(line).filter(Boolean).join('; ')
}

/** The three ids of the request: only bare ids reach the URL path. */
const ids = ({ flowIdentifier, flowAliasIdentifier, executionIdentifier }: BedrockFlowsHandle) => ({
  flowIdentifier,
  flowAliasIdentifier,
  executionIdentifier,
})

function snapshotOf(handle: BedrockFlowsHandle, output: unknown): RunSnapshot<BedrockFlowsHandle> {
  const { body, requestId } = splitSdkOutput(output)
  const { status, startedAt, endedAt, errors } = body
  const [providerStatus, errorMessage] = [status, errorMessageOf(errors)]
  return buildSnapshot({
    handle,
    status: mapStatus(status),
    providerStatus,
    startedAt,
    endedAt,
    errorMessage,
    requestId,
    raw: body,
  })
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
  const clients = createBedrockFlowsClients(settings)
  return defineAdapter({
    provider: PROVIDER,
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
    clients,
    defaultRegion: settings.region,
    regionHint: true,
    mapError: (error, context) => mapError(error, { ...context, secrets: clients.secrets() }),
    get: {
      send: async (client, handle, signal) =>
        client.send(new (await clients.sdk()).GetFlowExecutionCommand(ids(handle)), { abortSignal: signal }),
      snapshot: snapshotOf,
    },
    stop: {
      send: async (client, handle, { signal }) =>
        client.send(new (await clients.sdk()).StopFlowExecutionCommand(ids(handle)), { abortSignal: signal }),
      // The reply names the status; one that names none this adapter knows is confirmed with a get.
      result: (handle, reply, { get }) => {
        const { body, requestId } = splitSdkOutput(reply)
        const providerStatus = typeof body.status === 'string' ? body.status : ''
        const status = mapStatus(providerStatus)
        return settleStopReply(
          { handle, status, providerStatus, reasonRecorded: false, requestId, raw: body },
          get,
        )
      },
      // May mean "already finished": confirmed with one get (as is a code-less 400 or 409).
      ambiguousErrors: ['ConflictException', 'ValidationException'],
    },
    list: {
      validateScope,
      send: async (client, scope, ctx) =>
        client.send(new (await clients.sdk()).ListFlowExecutionsCommand(listInput(scope, ctx)), {
          abortSignal: ctx.signal,
        }),
      page: pageOf,
    },
  })
}
