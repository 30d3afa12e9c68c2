import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { RunHandle } from '@runstop/core'
import { alibabaCloudFlowModule } from './alibaba-cloudflow/module.js'
import { bedrockFlowsModule } from './bedrock-flows/module.js'
import { proxyPage, truncated } from './fault-responses.js'
import { createFaultController, type FaultMix, type InjectedFault } from './faults.js'
import { mwaaServerlessModule } from './mwaa-serverless/module.js'
import { createRunStore } from './run-store.js'
import { stepFunctionsModule } from './step-functions/module.js'
import { type Listener, listen } from './transport.js'
import type {
  CreateRunOptions,
  EmulatedProvider,
  EmulatorCredentials,
  EmulatorResponse,
  LoggedRequest,
  ProviderContext,
  ProviderModule,
  StoredRun,
} from './types.js'

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string
  /**
   * The first of four consecutive ports (MWAA Serverless, Bedrock flows, Alibaba CloudFlow, Step Functions).
   * Default 0: each gets a free port.
   */
  readonly port?: number
  /** The only credentials the emulator accepts. Default: fixed, obviously fake test keys. */
  readonly credentials?: EmulatorCredentials
  /** How long a stop takes to finish where the provider has a stopping state. Default 200 ms. */
  readonly stopDelayMs?: number
}

/** The base URL of each emulated provider, e.g. `http://127.0.0.1:41234`. */
export interface EmulatorEndpoints {
  /** Amazon MWAA Serverless (for `RUNSTOP_MWAA_SERVERLESS_ENDPOINT` or the adapter's `endpoint`). */
  readonly mwaaServerless: string
  /** Amazon Bedrock flows (for `RUNSTOP_BEDROCK_FLOWS_ENDPOINT` or the adapter's `endpoint`). */
  readonly bedrockFlows: string
  /** Alibaba CloudFlow (for `RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT` or the adapter's `endpoint`). */
  readonly alibabaCloudFlow: string
  /** AWS Step Functions (for `RUNSTOP_STEP_FUNCTIONS_ENDPOINT` or the adapter's `endpoint`). */
  readonly stepFunctions: string
}

/** A running emulator: its endpoints and credentials, runs to create and inspect, faults to inject, the request log. */
export interface Emulator {
  /** Where each provider listens. */
  readonly endpoints: EmulatorEndpoints
  /** The credentials it accepts; requests signed with others are refused as the provider would. */
  readonly credentials: EmulatorCredentials
  /** Creates a run and returns its RunHandle. `status` is the provider's own string. */
  createRun(provider: EmulatedProvider, options?: CreateRunOptions): RunHandle
  /** The stored run for a handle created here (with due transitions applied), for assertions. */
  runs(provider?: EmulatedProvider): readonly StoredRun[]
  /**
   * The next matching requests to arrive answer the given fault: a documented error, a dropped
   * connection, a proxy's HTML or empty page, a truncated or replaced body (see
   * {@link InjectedFault}). A request that arrived before, still waiting out its latency, does not.
   */
  injectFault(fault: InjectedFault): void
  /**
   * A seeded random mix of throttling, 5xx, resets, HTML and empty pages, truncated bodies and
   * latency (for all requests or one operation), and a token-bucket rate limit.
   */
  setFaults(mix: FaultMix): void
  /** Removes injected faults and the random fault mix. */
  clearFaults(): void
  /** Every request received, in order. */
  readonly requests: readonly LoggedRequest[]
  /** Empties the request log. */
  clearRequests(): void
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/** The fixed, obviously fake credentials an emulator accepts unless given others. */
export const DEFAULT_EMULATOR_CREDENTIALS: EmulatorCredentials = {
  aws: { accessKeyId: 'AKIDRUNSTOPEMULATOR', secretAccessKey: 'runstop-emulator-aws-secret-not-real' },
  alibaba: {
    accessKeyId: 'RUNSTOPEMULATORKEYID',
    accessKeySecret: 'runstop-emulator-alibaba-secret-not-real',
  },
}

const MODULES: readonly ProviderModule[] = [
  mwaaServerlessModule,
  bedrockFlowsModule,
  alibabaCloudFlowModule,
  stepFunctionsModule,
]

/** Starts the four provider endpoints on loopback. Close it when done. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = () => Date.now()
  const store = createRunStore(now)
  const faults = createFaultController(now)
  const requests: LoggedRequest[] = []
  const credentials = options.credentials ?? DEFAULT_EMULATOR_CREDENTIALS
  const ctx: ProviderContext = {
    credentials,
    store,
    stopDelayMs: options.stopDelayMs ?? 200,
    now,
    requestId: () => randomUUID(),
  }
  const host = options.host ?? '127.0.0.1'
  const listeners: Listener[] = []
  try {
    for (const [index, module] of MODULES.entries()) {
      const port = options.port ? options.port + index : 0
      listeners.push(
        await listen(
          (request, answer) => {
            void (async () => {
              const identity = module.identify(request)
              const entry: LoggedRequest = {
                provider: module.provider,
                at: now(),
                httpVersion: request.httpVersion,
                operation: identity?.operation ?? 'unknown',
                ...(identity?.kind ? { kind: identity.kind } : {}),
                ...(identity?.region ? { region: identity.region } : {}),
                params: identity?.params ?? {},
              }
              requests.push(entry)
              // The fault is decided as the request arrives, as a provider's front door does, and
              // only then is the latency waited out: a request still waiting (one whose caller
              // gave up, say) must not take a fault injected after it arrived, meant for the next.
              const decision = identity
                ? faults.decide(module.provider, identity.operation, identity.kind)
                : ({ kind: 'none' } as const)
              if (decision.kind !== 'none') entry.fault = decision.kind
              const latency = faults.latencyMs(module.provider, identity?.operation, identity?.kind)
              if (latency > 0) await delay(latency)
              if (decision.kind === 'reset') {
                entry.status = 'reset'
                answer.reset()
                return
              }
              let response: EmulatorResponse
              switch (decision.kind) {
                case 'error':
                  response = module.errorResponse(decision.code, ctx, {
                    retryAfterSeconds: decision.retryAfterSeconds,
                    identity,
                  })
                  break
                case 'throttle':
                  response = module.errorResponse(module.throttlingCode, ctx, {
                    retryAfterSeconds: decision.retryAfterSeconds,
                    identity,
                  })
                  break
                case 'internal':
                  response = module.errorResponse(module.internalErrorCode, ctx, { identity })
                  break
                case 'page':
                  response = proxyPage(decision.status, decision.body)
                  break
                default: {
                  // none, truncate, body: the service really answers (a stop does stop the run).
                  const served = await module.serve(request, ctx)
                  response =
                    decision.kind === 'truncate'
                      ? truncated(served)
                      : decision.kind === 'body'
                        ? { ...served, status: decision.status ?? served.status, body: decision.body }
                        : served
                }
              }
              entry.status = response.status
              if (response.errorCode) entry.errorCode = response.errorCode
              answer.reply(response)
            })().catch(() => answer.reply({ status: 500, body: 'emulator error' }))
          },
          { host, port },
        ),
      )
    }
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()))
    throw error
  }
  const [mwaa, bedrock, alibaba, stepFunctions] = listeners as [Listener, Listener, Listener, Listener]
  const moduleFor = (provider: EmulatedProvider) => {
    const module = MODULES.find((m) => m.provider === provider)
    if (!module) throw new TypeError(`The emulator does not know provider "${provider}".`)
    return module
  }
  return {
    endpoints: {
      mwaaServerless: mwaa.url,
      bedrockFlows: bedrock.url,
      alibabaCloudFlow: alibaba.url,
      stepFunctions: stepFunctions.url,
    },
    credentials,
    createRun: (provider, runOptions = {}) => moduleFor(provider).createRun(runOptions, ctx),
    runs: (provider) => store.all(provider),
    injectFault: (fault) => faults.inject(fault),
    setFaults: (mix) => faults.setMix(mix),
    clearFaults: () => faults.clear(),
    requests,
    clearRequests: () => {
      requests.length = 0
    },
    close: async () => {
      await Promise.all(listeners.map((l) => l.close()))
    },
  }
}
