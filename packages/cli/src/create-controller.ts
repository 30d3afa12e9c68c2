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
import type { CliConfig } from './config-from-env.js'

/** Any adapter the controller accepts. */
export type CliAdapter = ControllerOptions['adapters'][number]

export interface CliController {
  readonly controller: RunController
  /** The four adapters, for local validation of handles before anything is sent. */
  readonly adapters: readonly CliAdapter[]
}

export interface CreateCliControllerOptions {
  readonly retry?: RetryOptions | false
  readonly hooks?: RunHooks
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
    createMwaaServerlessAdapter({ ...config.mwaaServerless }),
    createBedrockFlowsAdapter({ ...config.bedrockFlows }),
    createAlibabaCloudFlowAdapter({ ...config.alibabaCloudFlow }),
    // A single-region `region` would refuse other regions only with one ready-made client; the
    // adapter builds its own per region (from the execution ARN), so AWS_REGION never narrows it.
    createStepFunctionsAdapter({ ...config.stepFunctions }),
  ]
  const controller = createRunController({
    adapters,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
  })
  return { controller, adapters }
}
