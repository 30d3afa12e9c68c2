import {
  type AdapterCapabilities,
  confirmStopWithGet,
  isAmbiguousStopError,
  parseTimestamp,
  type RunAdapter,
  type RunError,
  type RunOperation,
  type RunSnapshot,
  type StopReply,
  settleStop,
  splitSdkOutput,
} from '@runstop/core'
import { errAsync, ResultAsync } from 'neverthrow'
import { listMwaaServerlessRuns, regionOfScope } from './list-mwaa-serverless-runs.js'
import { mapError } from './map-mwaa-serverless-error.js'
import { mapStatus } from './map-mwaa-serverless-status.js'
import {
  createMwaaServerlessClients,
  type GetWorkflowRunOutput,
  type MwaaServerlessAdapterSettings,
  type StopWorkflowRunOutput,
} from './mwaa-serverless-client.js'
import {
  type MwaaServerlessHandle,
  PROVIDER,
  regionOfWorkflowArn,
  validateHandle,
} from './mwaa-serverless-handle.js'
import { type MwaaServerlessScope, validateScope } from './mwaa-serverless-scope.js'

const CAPABILITIES: AdapterCapabilities = {
  // MWAA Serverless stores no stop reason and no error code: a reason given is ignored, not an error.
  stopReason: false,
  stopErrorCode: false,
  // StopWorkflowRun moves a run to STOPPING, then to STOPPED once cleanup is complete.
  gracefulStop: true,
  // The region is part of the workflow ARN; a handle cannot choose another one.
  perHandleRegion: false,
  // ListWorkflowRuns has no status filter: the controller filters each page.
  list: true,
  listStatusFilter: false,
}

/** Stop errors that may mean "the run has ended", confirmed with one GetWorkflowRun. */
const AMBIGUOUS_STOP_ERRORS: ReadonlySet<string> = new Set(['ConflictException', 'ValidationException'])

type Loose = Record<string, unknown>

const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined

/** A snapshot from a GetWorkflowRun answer; a body without `RunDetail.RunState` is `'unknown'`. */
function snapshotFrom(
  handle: MwaaServerlessHandle,
  output: GetWorkflowRunOutput,
): RunSnapshot<MwaaServerlessHandle> {
  const { body, requestId } = splitSdkOutput(output)
  const detail = asObject(body.RunDetail) ?? {}
  const providerStatus = typeof detail.RunState === 'string' ? detail.RunState : ''
  const startedAt = parseTimestamp(detail.StartedOn)
  const endedAt = parseTimestamp(detail.CompletedOn)
  return {
    handle,
    status: mapStatus(providerStatus),
    providerStatus,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(typeof detail.ErrorMessage === 'string' && detail.ErrorMessage !== ''
      ? { errorMessage: detail.ErrorMessage }
      : {}),
    ...(requestId === undefined ? {} : { requestId }),
    raw: body,
  }
}

/**
 * Creates the MWAA Serverless adapter. No I/O happens here: the client of a region (and the
 * default credential chain) is created when a run in that region is first touched.
 */
export function createMwaaServerlessAdapter(
  settings: MwaaServerlessAdapterSettings = {},
): RunAdapter<MwaaServerlessHandle, MwaaServerlessScope> {
  const { clients, secrets, close } = createMwaaServerlessClients(settings)

  function call<T>(
    operation: RunOperation,
    handle: MwaaServerlessHandle,
    signal: AbortSignal,
    invoke: () => Promise<T>,
  ): ResultAsync<T, RunError> {
    return ResultAsync.fromPromise(Promise.resolve().then(invoke), (error) =>
      mapError(error, { operation, handle, secrets: secrets.values(), signal }),
    )
  }

  const clientFor = (handle: MwaaServerlessHandle) =>
    // validate() guarantees a well-formed ARN; the fallback only guards direct SPI calls.
    clients.get(regionOfWorkflowArn(handle.workflowArn) ?? 'us-east-1')

  const input = (handle: MwaaServerlessHandle) => ({ WorkflowArn: handle.workflowArn, RunId: handle.runId })

  function doGet(handle: MwaaServerlessHandle, ctx: { signal: AbortSignal }) {
    return call('get', handle, ctx.signal, () =>
      clientFor(handle).getWorkflowRun(input(handle), { abortSignal: ctx.signal }),
    ).map((output) => snapshotFrom(handle, output))
  }

  /** What a 2xx StopWorkflowRun answer says; core settles it (an unreadable one with one get). */
  function stopReplyOf(
    handle: MwaaServerlessHandle,
    output: StopWorkflowRunOutput,
  ): StopReply<MwaaServerlessHandle> {
    const { body: raw, requestId } = splitSdkOutput(output)
    const providerStatus = typeof raw.Status === 'string' ? raw.Status : ''
    return {
      handle,
      status: mapStatus(providerStatus),
      providerStatus,
      reasonRecorded: false,
      raw,
      ...(requestId ? { requestId } : {}),
    }
  }

  function doStop(handle: MwaaServerlessHandle, ctx: { signal: AbortSignal }) {
    const stop = call('stop', handle, ctx.signal, () =>
      clientFor(handle).stopWorkflowRun(input(handle), { abortSignal: ctx.signal }),
    ).map((output) => stopReplyOf(handle, output))
    return settleStop(stop, { handle, reasonRecorded: false, get: () => doGet(handle, ctx) }).orElse(
      (error) => {
        // A stop of a run that is not running answers a client error (a ConflictException or a
        // ValidationException): one GetWorkflowRun tells an ended run from a bad request.
        if (!isAmbiguousStopError(error, AMBIGUOUS_STOP_ERRORS)) return errAsync(error)
        return confirmStopWithGet(error, () => doGet(handle, ctx))
      },
    )
  }

  return {
    specificationVersion: 'v1',
    provider: PROVIDER,
    capabilities: CAPABILITIES,
    validate: (handle) => validateHandle(handle),
    doStop: (handle, ctx) => doStop(handle, ctx),
    close,
    doGet: (handle, ctx) => doGet(handle, ctx),
    validateScope: (scope) => validateScope(scope),
    doList: (scope, ctx) => listMwaaServerlessRuns(clients.get(regionOfScope(scope)), scope, ctx, secrets),
  }
}
