import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import type { ControllerOptions } from '@runstop/core'
import type { Emulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { createStepFunctionsAdapter } from '@runstop/step-functions'

/**
 * The real adapters of the three seed providers, pointed at an emulator with its test credentials
 * (and Step Functions as a fourth unless `stepFunctions: false`): the one place the end-to-end
 * tests build them, so every test runs the same settings.
 */
export function emulatorAdapters(
  emulator: Emulator,
  options: { stepFunctions?: boolean } = {},
): ControllerOptions['adapters'] {
  const { endpoints, credentials } = emulator
  return [
    createMwaaServerlessAdapter({ endpoint: endpoints.mwaaServerless, credentials: credentials.aws }),
    createBedrockFlowsAdapter({
      region: 'us-east-1',
      endpoint: endpoints.bedrockFlows,
      credentials: credentials.aws,
    }),
    createAlibabaCloudFlowAdapter({
      region: 'cn-hangzhou',
      endpoint: endpoints.alibabaCloudFlow,
      credentials: credentials.alibaba,
    }),
    ...(options.stepFunctions === false
      ? []
      : [createStepFunctionsAdapter({ endpoint: endpoints.stepFunctions, credentials: credentials.aws })]),
  ]
}
