import type {
  GetFlowExecutionCommandOutput,
  StopFlowExecutionCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime'
import {
  type AdapterCapabilities,
  checkClientRegion,
  confirmStopWithGet,
  parseTimestamp,
  type RunAdapter,
  type RunError,
  type RunHandle,
  type RunOperation,
  type RunSnapshot,
  type StopResult,
  splitSdkOutput,
  stopResultFromReply,
} from '@runstop/core'
import { errAsync, type Result, ResultAsync } from 'neverthrow'
import {
  type BedrockAgentRuntimeModule,
  type BedrockFlowsAdapterSettings,
  type BedrockFlowsClient,
  createClientSource,
} from './bedrock-flows-client.js'
import { type BedrockFlowsHandle, PROVIDER, validateHandle } from './bedrock-flows-handle.js'
import { type BedrockFlowsScope, validateScope } from './bedrock-flows-scope.js'
import { listBedrockFlowsRuns } from './list-bedrock-flows-runs.js'
import { mapError } from './map-bedrock-flows-error.js'
import { mapStatus } from './map-bedrock-flows-status.js'

interface FlowExecutionInput {
  readonly flowIdentifier: string
  readonly flowAliasIdentifier: string
  readonly executionIdentifier: string
}

/** A stop answered with one of these may mean "already finished": confirmed with one get. */
const AMBIGUOUS_STOP_ERRORS = new Set(['ConflictException', 'ValidationException'])

function staticSecrets(settings: BedrockFlowsAdapterSettings): string[] {
  const credentials = settings.credentials
  if (typeof credentials !== 'object' || credentials === null) return []
  return [credentials.secretAccessKey, credentials.sessionToken].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  )
}

/** `errors[]` of GetFlowExecution as one line: `[node] ErrorType: message; …`. */
function errorMessageOf(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined
  const lines = errors
    .map((entry) => {
      const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
      const node = str(e.nodeName)
      const type = str(e.error)
      const message = str(e.message)
      const head = [node ? `[${node}]` : undefined, type ? `${type}${message ? ':' : ''}` : undefined]
        .filter(Boolean)
        .join(' ')
      return [head, message].filter(Boolean).join(' ')
    })
    .filter((line) => line !== '')
  return lines.length === 0 ? undefined : lines.join('; ')
}

function snapshotOf(
  handle: BedrockFlowsHandle,
  output: GetFlowExecutionCommandOutput,
): RunSnapshot<BedrockFlowsHandle> {
  const { body: raw, requestId } = splitSdkOutput(output)
  const providerStatus = typeof raw.status === 'string' ? raw.status : ''
  const startedAt = parseTimestamp(raw.startedAt)
  const endedAt = parseTimestamp(raw.endedAt)
  const errorMessage = errorMessageOf(raw.errors)
  return {
    handle,
    status: mapStatus(providerStatus),
    providerStatus,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(requestId === undefined ? {} : { requestId }),
    raw,
  }
}

function stopResultOf(
  handle: BedrockFlowsHandle,
  output: StopFlowExecutionCommandOutput,
): StopResult<BedrockFlowsHandle> {
  const { body: raw, requestId } = splitSdkOutput(output)
  const providerStatus = typeof raw.status === 'string' ? raw.status : ''
  return stopResultFromReply({
    handle,
    status: mapStatus(providerStatus),
    providerStatus,
    reasonRecorded: false,
    ...(requestId === undefined ? {} : { requestId }),
    raw,
  })
}

/**
 * The runstop adapter for Amazon Bedrock flow executions, on the official
 * `@aws-sdk/client-bedrock-agent-runtime` (`StopFlowExecutionCommand`, `GetFlowExecutionCommand`).
 * The SDK is imported on the first stop or get; clients are built per region on first use with
 * `maxAttempts: 1`. One attempt per call: retries, deadlines and waiting are the controller's.
 */
export function createBedrockFlowsAdapter(
  settings: BedrockFlowsAdapterSettings = {},
): RunAdapter<BedrockFlowsHandle, BedrockFlowsScope> {
  const source = createClientSource(settings)
  const secrets = staticSecrets(settings)
  const oneClient = settings.client !== undefined && typeof settings.client !== 'function'
  const capabilities: AdapterCapabilities = {
    stopReason: false,
    stopErrorCode: false,
    gracefulStop: false,
    // One client object has one region: a handle cannot pick another.
    perHandleRegion: !oneClient,
    // ListFlowExecutions has no status filter: the controller filters each page.
    list: true,
    listStatusFilter: false,
  }

  const call = <T>(
    handle: BedrockFlowsHandle,
    operation: RunOperation,
    signal: AbortSignal,
    send: (
      sdk: BedrockAgentRuntimeModule,
      client: BedrockFlowsClient,
      input: FlowExecutionInput,
    ) => Promise<T>,
  ): ResultAsync<T, RunError> =>
    ResultAsync.fromPromise(
      Promise.resolve().then(async () => {
        // Checked again here, so a call that skipped validate() still sends nothing unsafe.
        const checked = validateHandle(handle)
        if (checked.isErr()) throw checked.error
        if (signal.aborted) throw signal.reason ?? new Error('The call was aborted.')
        const sdk = await source.sdk()
        const client = await source.client(handle.region ?? settings.region)
        return send(sdk, client, {
          flowIdentifier: handle.flowIdentifier,
          flowAliasIdentifier: handle.flowAliasIdentifier,
          executionIdentifier: handle.executionIdentifier,
        })
      }),
      (error) => mapError(error, { operation, handle, secrets, signal }),
    )

  const doGet = (handle: BedrockFlowsHandle, ctx: { signal: AbortSignal }) =>
    call(handle, 'get', ctx.signal, (sdk, client, input) =>
      client.send(new sdk.GetFlowExecutionCommand(input), { abortSignal: ctx.signal }),
    ).map((output) => snapshotOf(handle, output))

  return {
    specificationVersion: 'v1',
    provider: PROVIDER,
    capabilities,
    validate(handle: RunHandle): Result<BedrockFlowsHandle, RunError> {
      const checked = validateHandle(handle)
      if (checked.isErr()) return checked
      return oneClient ? checkClientRegion(checked.value, PROVIDER, settings.region) : checked
    },
    doStop(handle, ctx) {
      return call(handle, 'stop', ctx.signal, (sdk, client, input) =>
        client.send(new sdk.StopFlowExecutionCommand(input), { abortSignal: ctx.signal }),
      )
        .map((output) => stopResultOf(handle, output))
        .orElse((error) => {
          if (!error.providerCode || !AMBIGUOUS_STOP_ERRORS.has(error.providerCode) || ctx.signal.aborted)
            return errAsync(error)
          return confirmStopWithGet(error, () => doGet(handle, ctx))
        })
    },
    doGet,
    validateScope(scope) {
      const checked = validateScope(scope)
      if (checked.isErr()) return checked
      return oneClient ? checkClientRegion(checked.value, PROVIDER, settings.region) : checked
    },
    doList: (scope, ctx) => listBedrockFlowsRuns(source, settings, secrets, scope, ctx),
  }
}
