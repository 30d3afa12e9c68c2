import type { RunHandle } from '@runstop/core'

/** The provider APIs the emulator speaks. */
export type EmulatedProvider = 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow' | 'step-functions'

/** Every `EmulatedProvider`, in a stable order. */
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
  /** The region the request was addressed to, where it names one. */
  readonly region?: string
  /** The request's parameters (path, query and body fields), as the provider module read them. */
  readonly params: Readonly<Record<string, unknown>>
}

/** One request in the emulator's log (`Emulator.requests`). */
export interface LoggedRequest extends RequestIdentity {
  /** The provider it was sent to. */
  readonly provider: EmulatedProvider
  /** When it arrived (`Date.now()`). */
  readonly at: number
  /** The HTTP version it came over. */
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

/** The credentials an emulator accepts, per cloud. */
export interface EmulatorCredentials {
  /** For MWAA Serverless and Bedrock flows (SigV4). */
  readonly aws: {
    /** The AWS access key id. */
    readonly accessKeyId: string
    /** The AWS secret access key. */
    readonly secretAccessKey: string
  }
  /** For Alibaba CloudFlow (ACS3-HMAC-SHA256 or the v1 RPC signature). */
  readonly alibaba: {
    /** The Alibaba Cloud AccessKey id. */
    readonly accessKeyId: string
    /** The Alibaba Cloud AccessKey secret. */
    readonly accessKeySecret: string
  }
}

/** Options for a run created in the emulator. */
export interface CreateRunOptions {
  /** The provider's own status string (e.g. `RUNNING`, `Running`, `Succeeded`). Default: the running one. */
  readonly status?: string
  /** The run's region. Default: the emulator's default region for the provider. */
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
  /** The provider the run belongs to. */
  readonly provider: EmulatedProvider
  /** The lookup key, unique per provider (a module's choice, e.g. `arn|runId`). */
  readonly key: string
  /** The run's region. */
  region: string
  /** The provider's own status string now. */
  status: string
  /** A pending transition (e.g. STOPPING → STOPPED) applied when its time comes. */
  transition?: {
    /** The status it will move to. */
    readonly to: string
    /** When (`Date.now()` milliseconds). */
    readonly at: number
  }
  /** When it was created (`Date.now()`). */
  readonly createdAt: number
  /** When it started, once it has. */
  startedAt?: number
  /** When it ended, once it has. */
  endedAt?: number
  /** The error text of a failed run. */
  errorMessage?: string
  /** Stop reason and error code where the provider records them. */
  cause?: string
  /** The stop error code, where the provider records it. */
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
