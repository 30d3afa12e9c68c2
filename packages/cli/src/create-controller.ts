import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import {
  type ControllerOptions,
  createRunController,
  type RetryOptions,
  type RunController,
  type RunHooks,
} from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { createStepFunctionsAdapter } from '@runstop/step-functions'
import type { AwsAdapterConfig, CliConfig } from './config-from-env.js'

/** Any adapter the controller accepts. */
export type CliAdapter = ControllerOptions['adapters'][number]

export interface CliController {
  readonly controller: RunController
  /** The four adapters, for local validation of handles before anything is sent. */
  readonly adapters: readonly CliAdapter[]
  /**
   * Adds hooks for as long as a command needs them (the controller's hooks are fixed when it is
   * built); returns the function that removes them. `stop` uses it to know which stops were sent.
   */
  observe(hooks: RunHooks): () => void
}

export interface CreateCliControllerOptions {
  readonly retry?: RetryOptions | false
  readonly hooks?: RunHooks
}

type FromIni = typeof import('@aws-sdk/credential-provider-ini').fromIni
type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<FromIni>>>

/** A credential provider reading one profile of the shared AWS files, loaded on first use. */
function profileCredentials(profile: string) {
  let provider: Promise<() => Promise<AwsCredentialIdentity>> | undefined
  return async (): Promise<AwsCredentialIdentity> => {
    provider ??= import('@aws-sdk/credential-provider-ini').then(({ fromIni }) => fromIni({ profile }))
    return (await provider)()
  }
}

/** The settings of an AWS adapter: a `profile` becomes that profile's credential provider. */
function awsSettings({ profile, ...settings }: AwsAdapterConfig) {
  return profile === undefined ? settings : { ...settings, credentials: profileCredentials(profile) }
}

/**
 * Builds one controller with all four adapters (MWAA Serverless, Bedrock flows, Alibaba
 * CloudFlow, Step Functions) from a `CliConfig`. No I/O happens here: the adapters create their SDK clients
 * lazily, per region, on first use.
 */
export function createCliController(
  config: Pick<CliConfig, 'mwaaServerless' | 'bedrockFlows' | 'alibabaCloudFlow' | 'stepFunctions'>,
  options: CreateCliControllerOptions = {},
): CliController {
  const adapters: CliAdapter[] = [
    createMwaaServerlessAdapter(awsSettings(config.mwaaServerless)),
    createBedrockFlowsAdapter(awsSettings(config.bedrockFlows)),
    createAlibabaCloudFlowAdapter({ ...config.alibabaCloudFlow }),
    // A single-region `region` would refuse other regions only with one ready-made client; the
    // adapter builds its own per region (from the execution ARN), so AWS_REGION never narrows it.
    createStepFunctionsAdapter(awsSettings(config.stepFunctions)),
  ]
  const observers = new Set<RunHooks>(options.hooks === undefined ? [] : [options.hooks])
  /** Calls every observer; one that throws does not keep the others from seeing the event. */
  const each = (call: (hooks: RunHooks) => void) => {
    for (const hooks of observers) {
      try {
        call(hooks)
      } catch {
        // Ignored, as the controller ignores a throwing hook.
      }
    }
  }
  const relay: RunHooks = {
    onCallStart: (event) => each((hooks) => hooks.onCallStart?.(event)),
    onCallEnd: (event) => each((hooks) => hooks.onCallEnd?.(event)),
    onAttempt: (event) => each((hooks) => hooks.onAttempt?.(event)),
    onRetry: (event) => each((hooks) => hooks.onRetry?.(event)),
    onResult: (event) => each((hooks) => hooks.onResult?.(event)),
  }
  const controller = createRunController({
    adapters,
    hooks: relay,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  })
  return {
    controller,
    adapters,
    observe(hooks) {
      observers.add(hooks)
      return () => observers.delete(hooks)
    },
  }
}
