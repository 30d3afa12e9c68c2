import type { RunHandle } from '@runstop/core'

/** The provider APIs the emulator speaks. */
export type EmulatedProvider = 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow' | 'step-functions'

export const EMULATED_PROVIDERS: readonly EmulatedProvider[] = [
  'mwaa-serverless',
  'bedrock-flows',
  'alibaba-cloudflow',
  'step-functions',
]

/** One HTTP request as the emulator sees it, whatever the HTTP version. */
export interface EmulatorRequest {
  readonly method: string
  /** The raw path as sent on the wire, still percent-encoded, without the query. */
  readonly path: string
  readonly query: URLSearchParams
  /** Lower-cased header names. On HTTP/2, `host` is filled from `:authority` when absent. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
  readonly httpVersion: '1.1' | '2'
}

export interface EmulatorResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** The provider error code this response carries, for the request log (not sent). */
  readonly errorCode?: string
}

/** What a provider module makes of a request before it is served: used for logging and faults. */
export interface RequestIdentity {
  /** The provider's own operation name, e.g. `StopWorkflowRun`, `GetFlowExecution`, `DescribeExecution`. */
  readonly operation: string
  /** Normalized: `stop`, `get`, `list`, or undefined for other operations. */
  readonly kind?: 'stop' | 'get' | 'list'
  readonly region?: string
  readonly params: Readonly<Record<string, unknown>>
}

export interface LoggedRequest extends RequestIdentity {
  readonly provider: EmulatedProvider
  readonly at: number
  readonly httpVersion: '1.1' | '2'
  /** How the emulator answered: HTTP status, or `reset` for a dropped connection. */
  status?: number | 'reset'
  /** The provider error code answered, if any. */
  errorCode?: string
  /**
   * The injected or mixed fault this request met, if any: `reset`, `error`, `throttle`,
   * `internal`, `page`, `truncate` or `body` (latency is not listed).
   */
  fault?: string
}

export interface EmulatorCredentials {
  readonly aws: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly alibaba: { readonly accessKeyId: string; readonly accessKeySecret: string }
}

/** Options for a run created in the emulator. */
export interface CreateRunOptions {
  /** The provider's own status string (e.g. `RUNNING`, `Running`, `Succeeded`). Default: the running one. */
  readonly status?: string
  readonly region?: string
  /** Provider-specific identifiers to use instead of generated ones (e.g. `flowName`). */
  readonly ids?: Readonly<Record<string, string>>
  /** Error message on a failed run. */
  readonly errorMessage?: string
}

/** Shared state that provider modules read and change. */
export interface ProviderContext {
  readonly credentials: EmulatorCredentials
  readonly store: RunStore
  /** Milliseconds a stop takes to go from the stopping state to the stopped one (where a provider has one). */
  readonly stopDelayMs: number
  readonly now: () => number
  /** A fresh request id in the provider's style. */
  requestId(): string
}

/** A provider's wire protocol: identify, serve, and answer documented errors. */
export interface ProviderModule {
  readonly provider: EmulatedProvider
  /** The provider's error for a request the module cannot even identify is answered by `serve`. */
  identify(request: EmulatorRequest): RequestIdentity | undefined
  /** Verifies the signature and serves the operation. Never throws for bad input. */
  serve(request: EmulatorRequest, ctx: ProviderContext): Promise<EmulatorResponse> | EmulatorResponse
  /** A documented error response for fault injection (code is the provider's own error name). */
  errorResponse(
    code: string,
    ctx: ProviderContext,
    options: { retryAfterSeconds?: number; identity?: RequestIdentity },
  ): EmulatorResponse
  /** The provider's own throttling error code. */
  readonly throttlingCode: string
  /** The provider's own internal-error code (for `errorRate`). */
  readonly internalErrorCode: string
  /** Creates a run in the store and returns its handle. */
  createRun(options: CreateRunOptions, ctx: ProviderContext): RunHandle
}

/** A run as the emulator keeps it. */
export interface StoredRun {
  readonly provider: EmulatedProvider
  /** The lookup key, unique per provider (a module's choice, e.g. `arn|runId`). */
  readonly key: string
  region: string
  status: string
  /** A pending transition (e.g. STOPPING → STOPPED) applied when its time comes. */
  transition?: { readonly to: string; readonly at: number }
  readonly createdAt: number
  startedAt?: number
  endedAt?: number
  errorMessage?: string
  /** Stop reason and error code where the provider records them. */
  cause?: string
  error?: string
  /** Anything else a module keeps (flow definitions, input, versions...). */
  readonly extra: Record<string, unknown>
}

export interface RunStore {
  put(run: StoredRun): void
  /** The run with any due transition applied. */
  get(provider: EmulatedProvider, key: string): StoredRun | undefined
  all(provider?: EmulatedProvider): StoredRun[]
}
