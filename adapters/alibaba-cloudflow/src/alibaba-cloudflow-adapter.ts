import {
  type AdapterCapabilities,
  checkClientRegion,
  confirmStopWithGet,
  isAmbiguousStopError,
  isTerminal,
  parseTimestamp,
  type RunAdapter,
  RunError,
  type RunHandle,
  type RunOperation,
  type RunSnapshot,
  type StopResult,
  settleStop,
} from '@runstop/core'
import { errAsync, okAsync, type Result, ResultAsync } from 'neverthrow'
import {
  type AlibabaCloudFlowAdapterSettings,
  type AlibabaCloudFlowClient,
  type AlibabaCloudFlowExecution,
  builtInConnectTimeoutMs,
  createClientSource,
  DEFAULT_REGION,
} from './alibaba-cloudflow-client.js'
import {
  type AlibabaCloudFlowHandle,
  PROVIDER,
  validateHandle,
  validateStopInput,
} from './alibaba-cloudflow-handle.js'
import { type AlibabaCloudFlowScope, validateScope } from './alibaba-cloudflow-scope.js'
import { type HttpCallWatch, watchHttpCall } from './http-call-watch.js'
import { listAlibabaCloudFlowRuns } from './list-alibaba-cloudflow-runs.js'
import { mapError } from './map-alibaba-cloudflow-error.js'
import { mapStatus } from './map-alibaba-cloudflow-status.js'

/**
 * Stop errors that may mean "the execution is already over": confirmed with one
 * DescribeExecution. `ExecutionAlreadyCompleted` says so outright; a `ConcurrentUpdateError` may
 * be the run finishing at the same moment (a running run keeps the retryable CONFLICT). A 400 or
 * 409 whose body could not be read is confirmed too (`isAmbiguousStopError`).
 */
const CONFIRM_WITH_GET = new Set(['ExecutionAlreadyCompleted', 'ConcurrentUpdateError'])

function configuredSecrets(settings: AlibabaCloudFlowAdapterSettings): string[] {
  const credentials = settings.credentials as
    | { accessKeySecret?: unknown; securityToken?: unknown; getCredential?: unknown }
    | undefined
  const values: unknown[] = [
    credentials?.accessKeySecret,
    credentials?.securityToken,
    // The default chain reads these; they are scrubbed too should a message ever echo them.
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN,
  ]
  return values.filter((value): value is string => typeof value === 'string' && value !== '')
}

/** The response body: the reply itself (fnf-2019-03-15) or its `body` (callApi). */
function bodyOf(reply: unknown): AlibabaCloudFlowExecution | undefined {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) return undefined
  const body = (reply as { body?: unknown }).body
  if (body === undefined) return reply as AlibabaCloudFlowExecution
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as AlibabaCloudFlowExecution)
    : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function unexpectedShape(
  operation: RunOperation,
  handle: AlibabaCloudFlowHandle,
  reply: unknown,
  httpStatus: number | undefined,
): RunError {
  return new RunError({
    code: 'UNKNOWN',
    message: `Alibaba CloudFlow ${operation === 'stop' ? 'StopExecution' : 'DescribeExecution'} answered something that is not an execution object (${reply === null ? 'null' : Array.isArray(reply) ? 'an array' : typeof reply}).`,
    provider: PROVIDER,
    operation,
    handle,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  })
}

function snapshotOf(
  handle: AlibabaCloudFlowHandle,
  body: AlibabaCloudFlowExecution,
): RunSnapshot<AlibabaCloudFlowHandle> {
  const providerStatus = text(body.Status) ?? ''
  const status = mapStatus(providerStatus)
  const startedAt = parseTimestamp(body.StartedTime)
  // The API reference's own sample carries a StoppedTime beside `Running`: only a finished run has ended.
  const endedAt = isTerminal(status) ? parseTimestamp(body.StoppedTime) : undefined
  const requestId = text(body.RequestId)
  return {
    handle,
    status,
    providerStatus,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(requestId === undefined ? {} : { requestId }),
    raw: body,
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as it fires (the request is abandoned). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {})
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/**
 * The runstop adapter for Alibaba Cloud CloudFlow (FnF 2019-03-15) executions: `StopExecution`
 * and `DescribeExecution` over `@alicloud/openapi-client` `callApi` (ACS3-HMAC-SHA256, SDK
 * retries off), or over a client you pass (e.g. one of `@alicloud/fnf-2019-03-15`). Clients are
 * built lazily, one per region. One attempt per call: retries, deadlines and waiting are the
 * controller's. A stop records `reason` as `Cause` and `errorCode` as `Error`.
 */
export function createAlibabaCloudFlowAdapter(
  settings: AlibabaCloudFlowAdapterSettings = {},
): RunAdapter<AlibabaCloudFlowHandle, AlibabaCloudFlowScope> {
  const source = createClientSource(settings)
  const secrets = configuredSecrets(settings)
  const oneClient = settings.client !== undefined && typeof settings.client !== 'function'
  const capabilities: AdapterCapabilities = {
    stopReason: true,
    stopErrorCode: true,
    // CloudFlow has no stopping state: a stopped execution reads Running, then Stopped.
    gracefulStop: false,
    // One client object has one endpoint, so one region: a handle cannot pick another.
    perHandleRegion: !oneClient,
    list: true,
    // ListExecutions takes a Status: the service filters, one state per pass.
    listStatusFilter: true,
  }

  const connectTimeoutMs = builtInConnectTimeoutMs(settings)

  const call = (
    handle: AlibabaCloudFlowHandle,
    operation: RunOperation,
    signal: AbortSignal,
    send: (
      client: AlibabaCloudFlowClient,
      names: { FlowName: string; ExecutionName: string },
    ) => Promise<unknown>,
  ): ResultAsync<AlibabaCloudFlowExecution, RunError> => {
    const watch: HttpCallWatch = {
      signal,
      ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    }
    const context = () => ({
      operation,
      handle,
      secrets,
      signal,
      ...(watch.status === undefined ? {} : { httpStatus: watch.status }),
    })
    return ResultAsync.fromPromise(
      Promise.resolve().then(async () => {
        // `handle` is the one validate() returned (the SPI's contract): it is not checked again.
        if (signal.aborted) throw signal.reason
        const client = source.client(handle.region)
        // A connection slot of the built-in client (maxSockets); an abort while waiting sends nothing.
        const leave = await source.enter(signal)
        let sending: Promise<unknown>
        try {
          sending = watchHttpCall(watch, () =>
            send(client, { FlowName: handle.flowName, ExecutionName: handle.executionName }),
          )
        } catch (error) {
          leave()
          throw error
        }
        // The slot is freed when the request settles, not when an abort stops waiting for it.
        sending.then(leave, leave)
        return untilAborted(sending, signal)
      }),
      (error) => mapError(error, context()),
    ).andThen((reply) => {
      // A client that resolves for an error status (pop-core does for a JSON body without Code).
      if (watch.status !== undefined && (watch.status < 200 || watch.status > 299))
        return errAsync(mapError(reply, context()))
      const body = bodyOf(reply)
      return body === undefined
        ? errAsync(unexpectedShape(operation, handle, reply, watch.status))
        : okAsync(body)
    })
  }

  const doGet = (
    handle: AlibabaCloudFlowHandle,
    ctx: { signal: AbortSignal },
  ): ResultAsync<RunSnapshot<AlibabaCloudFlowHandle>, RunError> =>
    call(handle, 'get', ctx.signal, (client, names) => client.describeExecution(names)).map((body) =>
      snapshotOf(handle, body),
    )

  const doStop = (
    handle: AlibabaCloudFlowHandle,
    ctx: { reason?: string; errorCode?: string; signal: AbortSignal },
  ): ResultAsync<StopResult<AlibabaCloudFlowHandle>, RunError> => {
    const invalid = validateStopInput(handle, ctx)
    if (invalid) return errAsync(invalid.with({ operation: 'stop' }))
    const reasonSent = ctx.reason !== undefined
    const stop = call(handle, 'stop', ctx.signal, (client, names) =>
      client.stopExecution({
        ...names,
        ...(ctx.reason === undefined ? {} : { Cause: ctx.reason }),
        ...(ctx.errorCode === undefined ? {} : { Error: ctx.errorCode }),
      }),
    ).map((body) => {
      const providerStatus = text(body.Status) ?? ''
      const requestId = text(body.RequestId)
      return {
        handle,
        status: mapStatus(providerStatus),
        providerStatus,
        reasonRecorded: reasonSent,
        ...(requestId === undefined ? {} : { requestId }),
        raw: body,
      }
    })
    return settleStop(stop, { handle, reasonRecorded: reasonSent, get: () => doGet(handle, ctx) }).orElse(
      (error) => {
        if (!isAmbiguousStopError(error, CONFIRM_WITH_GET) || ctx.signal.aborted) return errAsync(error)
        return confirmStopWithGet(error, () => doGet(handle, ctx))
      },
    )
  }

  return {
    specificationVersion: 'v1',
    close: () => source.close(),
    provider: PROVIDER,
    capabilities,
    validate(handle: RunHandle): Result<AlibabaCloudFlowHandle, RunError> {
      const checked = validateHandle(handle)
      if (checked.isErr()) return checked
      return oneClient
        ? checkClientRegion(checked.value, PROVIDER, settings.region ?? DEFAULT_REGION)
        : checked
    },
    doStop,
    doGet,
    validateScope(scope) {
      const checked = validateScope(scope)
      if (checked.isErr()) return checked
      return oneClient
        ? checkClientRegion(checked.value, PROVIDER, settings.region ?? DEFAULT_REGION)
        : checked
    },
    doList: (scope, ctx) => listAlibabaCloudFlowRuns(source.client(scope.region), secrets, scope, ctx),
  }
}
