import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  createMwaaServerlessAdapter,
  type MwaaServerlessAdapterSettings,
  type MwaaServerlessClient,
} from './index.js'

// A structural copy of the declarations of the official `@aws-sdk/client-mwaa-serverless` that
// matter here (the package is not in the registry this project can reach), modelled on
// src/MWAAServerless.ts (the aggregated client's overloads), src/commands/StopWorkflowRunCommand.ts
// and GetWorkflowRunCommand.ts (Input/Output = Request/Response & MetadataBearer), and
// src/models/models_0.ts (shapes, `string | undefined` members, Date timestamps, DocumentType).
// If the port drifts from the official client's shape, this file stops compiling
// (`tsc -p tsconfig.test.json`). Upstream types the callbacks' `err` and `onabort` as `any`; `unknown`
// here changes nothing for assignability.

type DocumentType = null | boolean | number | string | DocumentType[] | { [prop: string]: DocumentType }

interface ResponseMetadata {
  httpStatusCode?: number
  requestId?: string
  extendedRequestId?: string
  cfId?: string
  attempts?: number
  totalRetryDelay?: number
}
interface MetadataBearer {
  $metadata: ResponseMetadata
}
/** @smithy/types DeprecatedAbortSignal */
interface DeprecatedAbortSignal {
  readonly aborted: boolean
  onabort: ((this: AbortSignal, ev: unknown) => unknown) | null
}
/** @smithy/types HttpHandlerOptions */
interface HttpHandlerOptions {
  abortSignal?: AbortSignal | DeprecatedAbortSignal
  requestTimeout?: number
}

type WorkflowRunStatus =
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'STARTING'
  | 'STOPPED'
  | 'STOPPING'
  | 'SUCCESS'
  | 'TIMEOUT'
type RunType = 'ON_DEMAND' | 'SCHEDULED'

interface StopWorkflowRunRequest {
  WorkflowArn: string | undefined
  RunId: string | undefined
}
interface StopWorkflowRunResponse {
  WorkflowArn?: string | undefined
  WorkflowVersion?: string | undefined
  RunId?: string | undefined
  Status?: WorkflowRunStatus | undefined
}
interface GetWorkflowRunRequest {
  WorkflowArn: string | undefined
  RunId: string | undefined
}
interface WorkflowRunDetail {
  WorkflowArn?: string | undefined
  WorkflowVersion?: string | undefined
  RunId?: string | undefined
  RunType?: RunType | undefined
  StartedOn?: Date | undefined
  CreatedAt?: Date | undefined
  CompletedOn?: Date | undefined
  ModifiedAt?: Date | undefined
  Duration?: number | undefined
  ErrorMessage?: string | undefined
  TaskInstances?: string[] | undefined
  RunState?: WorkflowRunStatus | undefined
}
interface GetWorkflowRunResponse {
  WorkflowArn?: string | undefined
  WorkflowVersion?: string | undefined
  RunId?: string | undefined
  RunType?: RunType | undefined
  OverrideParameters?: Record<string, DocumentType> | undefined
  RunDetail?: WorkflowRunDetail | undefined
}
interface StopWorkflowRunCommandInput extends StopWorkflowRunRequest {}
interface StopWorkflowRunCommandOutput extends StopWorkflowRunResponse, MetadataBearer {}
interface GetWorkflowRunCommandInput extends GetWorkflowRunRequest {}
interface GetWorkflowRunCommandOutput extends GetWorkflowRunResponse, MetadataBearer {}
interface StartWorkflowRunCommandInput {
  WorkflowArn: string | undefined
  ClientToken?: string | undefined
  OverrideParameters?: Record<string, DocumentType> | undefined
  WorkflowVersion?: string | undefined
}
interface StartWorkflowRunCommandOutput extends MetadataBearer {
  RunId?: string | undefined
  Status?: WorkflowRunStatus | undefined
  StartedAt?: Date | undefined
}

interface ListWorkflowRunsCommandInput {
  MaxResults?: number | undefined
  NextToken?: string | undefined
  WorkflowArn: string | undefined
  WorkflowVersion?: string | undefined
}
interface RunDetailSummary {
  Status?: WorkflowRunStatus | undefined
  CreatedOn?: Date | undefined
  StartedAt?: Date | undefined
  EndedAt?: Date | undefined
}
interface WorkflowRunSummary {
  RunId?: string | undefined
  WorkflowArn?: string | undefined
  WorkflowVersion?: string | undefined
  RunType?: RunType | undefined
  RunDetailSummary?: RunDetailSummary | undefined
}
interface ListWorkflowRunsCommandOutput extends MetadataBearer {
  WorkflowRuns?: WorkflowRunSummary[] | undefined
  NextToken?: string | undefined
}

/** The aggregated client `MWAAServerless`, as declared: three overloads per operation. */
interface OfficialMWAAServerless {
  stopWorkflowRun(
    args: StopWorkflowRunCommandInput,
    options?: HttpHandlerOptions,
  ): Promise<StopWorkflowRunCommandOutput>
  stopWorkflowRun(
    args: StopWorkflowRunCommandInput,
    cb: (err: unknown, data?: StopWorkflowRunCommandOutput) => void,
  ): void
  stopWorkflowRun(
    args: StopWorkflowRunCommandInput,
    options: HttpHandlerOptions,
    cb: (err: unknown, data?: StopWorkflowRunCommandOutput) => void,
  ): void
  getWorkflowRun(
    args: GetWorkflowRunCommandInput,
    options?: HttpHandlerOptions,
  ): Promise<GetWorkflowRunCommandOutput>
  getWorkflowRun(
    args: GetWorkflowRunCommandInput,
    cb: (err: unknown, data?: GetWorkflowRunCommandOutput) => void,
  ): void
  getWorkflowRun(
    args: GetWorkflowRunCommandInput,
    options: HttpHandlerOptions,
    cb: (err: unknown, data?: GetWorkflowRunCommandOutput) => void,
  ): void
  listWorkflowRuns(
    args: ListWorkflowRunsCommandInput,
    options?: HttpHandlerOptions,
  ): Promise<ListWorkflowRunsCommandOutput>
  listWorkflowRuns(
    args: ListWorkflowRunsCommandInput,
    cb: (err: unknown, data?: ListWorkflowRunsCommandOutput) => void,
  ): void
  listWorkflowRuns(
    args: ListWorkflowRunsCommandInput,
    options: HttpHandlerOptions,
    cb: (err: unknown, data?: ListWorkflowRunsCommandOutput) => void,
  ): void
  startWorkflowRun(
    args: StartWorkflowRunCommandInput,
    options?: HttpHandlerOptions,
  ): Promise<StartWorkflowRunCommandOutput>
  destroy(): void
}

describe('the official aggregated MWAAServerless client fits the port', () => {
  it('is assignable to MwaaServerlessClient and to the `client` setting (type level)', () => {
    expectTypeOf<OfficialMWAAServerless>().toExtend<MwaaServerlessClient>()
    expectTypeOf<OfficialMWAAServerless>().toExtend<NonNullable<MwaaServerlessAdapterSettings['client']>>()
    expectTypeOf<(region: string) => OfficialMWAAServerless>().toExtend<
      NonNullable<MwaaServerlessAdapterSettings['client']>
    >()
    // The port's inputs are what the official methods accept; its outputs what they return.
    expectTypeOf<
      Parameters<MwaaServerlessClient['stopWorkflowRun']>[0]
    >().toExtend<StopWorkflowRunCommandInput>()
    expectTypeOf<
      Parameters<MwaaServerlessClient['getWorkflowRun']>[0]
    >().toExtend<GetWorkflowRunCommandInput>()
    expectTypeOf<{ abortSignal: AbortSignal }>().toExtend<
      NonNullable<Parameters<MwaaServerlessClient['stopWorkflowRun']>[1]>
    >()
    expectTypeOf<StopWorkflowRunCommandOutput>().toExtend<
      Awaited<ReturnType<MwaaServerlessClient['stopWorkflowRun']>>
    >()
    expectTypeOf<GetWorkflowRunCommandOutput>().toExtend<
      Awaited<ReturnType<MwaaServerlessClient['getWorkflowRun']>>
    >()
    type PortList = NonNullable<MwaaServerlessClient['listWorkflowRuns']>
    expectTypeOf<Parameters<PortList>[0]>().toExtend<ListWorkflowRunsCommandInput>()
    expectTypeOf<ListWorkflowRunsCommandOutput>().toExtend<Awaited<ReturnType<PortList>>>()
  })

  it('something with other method names or shapes does not fit (type level)', () => {
    expectTypeOf<{ stopWorkflowRun(): Promise<void> }>().not.toExtend<MwaaServerlessClient>()
    expectTypeOf<{
      stopWorkflowRun(args: { workflowArn: string }): Promise<StopWorkflowRunCommandOutput>
      getWorkflowRun(args: { workflowArn: string }): Promise<GetWorkflowRunCommandOutput>
    }>().not.toExtend<MwaaServerlessClient>()
    expectTypeOf<{
      stopWorkflowRun(args: StopWorkflowRunCommandInput): Promise<{ Status: number }>
      getWorkflowRun(args: GetWorkflowRunCommandInput): Promise<GetWorkflowRunCommandOutput>
    }>().not.toExtend<MwaaServerlessClient>()
  })

  it('an object of the official shape drives the adapter at run time', async () => {
    // Implemented the way the aggregated client behaves: Dates for timestamps, $metadata, and
    // the abort signal in the second argument.
    const signals: unknown[] = []
    function getWorkflowRun(
      args: GetWorkflowRunCommandInput,
      options?: HttpHandlerOptions,
    ): Promise<GetWorkflowRunCommandOutput>
    function getWorkflowRun(
      args: GetWorkflowRunCommandInput,
      cb: (err: unknown, data?: GetWorkflowRunCommandOutput) => void,
    ): void
    function getWorkflowRun(
      args: GetWorkflowRunCommandInput,
      options: HttpHandlerOptions,
      cb: (err: unknown, data?: GetWorkflowRunCommandOutput) => void,
    ): void
    function getWorkflowRun(
      args: GetWorkflowRunCommandInput,
      options?: unknown,
    ): Promise<GetWorkflowRunCommandOutput> | undefined {
      signals.push((options as HttpHandlerOptions | undefined)?.abortSignal)
      return Promise.resolve({
        $metadata: { httpStatusCode: 200, requestId: 'official-req' },
        WorkflowArn: args.WorkflowArn,
        RunId: args.RunId,
        RunDetail: { RunState: 'SUCCESS', StartedOn: new Date(1000), CompletedOn: new Date(5000) },
      })
    }
    const official = {
      stopWorkflowRun: (() =>
        Promise.reject(new Error('not used'))) as OfficialMWAAServerless['stopWorkflowRun'],
      getWorkflowRun,
      listWorkflowRuns: ((args: ListWorkflowRunsCommandInput) =>
        Promise.resolve({
          $metadata: { httpStatusCode: 200, requestId: 'official-list' },
          WorkflowRuns: [
            {
              RunId: 'run9',
              WorkflowArn: args.WorkflowArn,
              RunDetailSummary: { Status: 'RUNNING', StartedAt: new Date(7000) },
            },
          ],
        })) as OfficialMWAAServerless['listWorkflowRuns'],
      startWorkflowRun: () => Promise.reject(new Error('not used')),
      destroy: () => {},
    } satisfies OfficialMWAAServerless
    const adapter = createMwaaServerlessAdapter({ client: official })
    const handle = {
      provider: 'mwaa-serverless' as const,
      workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ',
      runId: 'run1',
    }
    const signal = new AbortController().signal
    const snapshot = (await adapter.doGet(handle, { signal }))._unsafeUnwrap()
    expect(snapshot).toMatchObject({
      status: 'succeeded',
      providerStatus: 'SUCCESS',
      startedAt: new Date(1000),
      endedAt: new Date(5000),
      requestId: 'official-req',
    })
    expect(signals).toEqual([signal])
    const scope = adapter.validateScope?.({ provider: 'mwaa-serverless', workflowArn: handle.workflowArn })
    const page = (await adapter.doList?.(scope?._unsafeUnwrap() as never, { signal }))?._unsafeUnwrap()
    expect(page?.runs).toEqual([
      expect.objectContaining({
        handle: { provider: 'mwaa-serverless', workflowArn: handle.workflowArn, runId: 'run9' },
        status: 'running',
        startedAt: new Date(7000),
        requestId: 'official-list',
      }),
    ])
  })
})
