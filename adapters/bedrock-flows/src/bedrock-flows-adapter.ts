import type {
  GetFlowExecutionCommandOutput,
  StopFlowExecutionCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime'
import {
  type AdapterCapabilities,
  checkClientRegion,
  confirmStopWithGet,
  isAmbiguousStopError,
  parseTimestamp,
  type RunAdapter,
  type RunError,
  type RunHandle,
  type RunOperation,
  type RunSnapshot,
  type StopReply,
  settleStop,
  splitSdkOutput,
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

/**
 * A stop answered with one of these may mean "already finished": confirmed with one get (as is a
 * 400 or 409 whose body could not be read: `isAmbiguousStopError`).
 */
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

/** What a 2xx StopFlowExecution answer says; core settles it (an unreadable one with one get). */
function stopReplyOf(
  handle: BedrockFlowsHandle,
  output: StopFlowExecutionCommandOutput,
): StopReply<BedrockFlowsHandle> {
  const { body: raw, requestId } = splitSdkOutput(output)
  const providerStatus = typeof raw.status === 'string' ? raw.status : ''
  return {
    handle,
    status: mapStatus(providerStatus),
    providerStatus,
    reasonRecorded: false,
    ...(requestId === undefined ? {} : { requestId }),
    raw,
  }
}

/** The region a request went to, and where that region came from. */
interface RegionUsed {
  readonly name: string
  readonly from: 'handle' | 'settings' | 'sdk'
}

/** The region of the call: the handle's, else the settings', else what the client resolved (AWS_REGION, the profile). */
async function regionUsed(
  handleRegion: string | undefined,
  settingsRegion: string | undefined,
  client: BedrockFlowsClient,
): Promise<RegionUsed | undefined> {
  if (handleRegion !== undefined) return { name: handleRegion, from: 'handle' }
  if (settingsRegion !== undefined) return { name: settingsRegion, from: 'settings' }
  try {
    const resolve = (client as { config?: { region?: unknown } }).config?.region
    const name = typeof resolve === 'function' ? await resolve() : resolve
    return typeof name === 'string' && name !== '' ? { name, from: 'sdk' } : undefined
  } catch {
    return undefined
  }
}

const REGION_SOURCE: Readonly<Record<RegionUsed['from'], string>> = {
  handle: "the handle's region",
  settings: "the adapter's default region; the handle names none",
  sdk: "the SDK's default region (AWS_REGION or the profile); neither the handle nor the adapter names one",
}

/**
 * A NOT_FOUND says which region was asked: executions are regional, so a run in another region
 * answers exactly like a run that does not exist.
 */
function withRegion(error: RunError, region: RegionUsed | undefined): RunError {
  if (error.code !== 'NOT_FOUND' || region === undefined) return error
  const hint =
    region.from === 'handle'
      ? ''
      : " Give the handle its region (or use the execution's ARN) if the run is elsewhere."
  return error.with({
    message: `${error.message.replace(/\.?$/, '.')} Looked up in region '${region.name}' (${REGION_SOURCE[region.from]}).${hint}`,
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
  const configured = staticSecrets(settings)
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
  ): ResultAsync<T, RunError> => {
    let region: RegionUsed | undefined
    return ResultAsync.fromPromise(
      Promise.resolve().then(async () => {
        // `handle` is the one validate() returned (the SPI's contract): canonical, bare ids only,
        // and not checked again.
        const canonical = handle
        if (signal.aborted) throw signal.reason ?? new Error('The call was aborted.')
        const sdk = await source.sdk()
        const client = await source.client(canonical.region ?? settings.region)
        region = await regionUsed(canonical.region, settings.region, client)
        return send(sdk, client, {
          flowIdentifier: canonical.flowIdentifier,
          flowAliasIdentifier: canonical.flowAliasIdentifier,
          executionIdentifier: canonical.executionIdentifier,
        })
      }),
      (error) =>
        withRegion(
          mapError(error, {
            operation,
            handle,
            secrets: [...configured, ...source.resolvedSecrets()],
            signal,
          }),
          region,
        ),
    )
  }

  const doGet = (handle: BedrockFlowsHandle, ctx: { signal: AbortSignal }) =>
    call(handle, 'get', ctx.signal, (sdk, client, input) =>
      client.send(new sdk.GetFlowExecutionCommand(input), { abortSignal: ctx.signal }),
    ).map((output) => snapshotOf(handle, output))

  return {
    specificationVersion: 'v1',
    provider: PROVIDER,
    capabilities,
    close: () => source.close(),
    validate(handle: RunHandle): Result<BedrockFlowsHandle, RunError> {
      const checked = validateHandle(handle)
      if (checked.isErr()) return checked
      return oneClient ? checkClientRegion(checked.value, PROVIDER, settings.region) : checked
    },
    doStop(handle, ctx) {
      const stop = call(handle, 'stop', ctx.signal, (sdk, client, input) =>
        client.send(new sdk.StopFlowExecutionCommand(input), { abortSignal: ctx.signal }),
      ).map((output) => stopReplyOf(handle, output))
      return settleStop(stop, { handle, reasonRecorded: false, get: () => doGet(handle, ctx) }).orElse(
        (error) => {
          if (!isAmbiguousStopError(error, AMBIGUOUS_STOP_ERRORS) || ctx.signal.aborted)
            return errAsync(error)
          return confirmStopWithGet(error, () => doGet(handle, ctx))
        },
      )
    },
    doGet,
    validateScope(scope) {
      const checked = validateScope(scope)
      if (checked.isErr()) return checked
      return oneClient ? checkClientRegion(checked.value, PROVIDER, settings.region) : checked
    },
    doList: (scope, ctx) =>
      listBedrockFlowsRuns(source, settings, [...configured, ...source.resolvedSecrets()], scope, ctx),
  }
}
