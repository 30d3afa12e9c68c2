import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import type { Emulator } from '@runstop/emulator'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import type { CampaignAdapter } from '../types.js'

/** The three real adapters, pointed at an emulator. */
export function emulatorAdapters(emulator: Emulator): CampaignAdapter[] {
  return [
    createMwaaServerlessAdapter({
      endpoint: emulator.endpoints.mwaaServerless,
      credentials: emulator.credentials.aws,
    }),
    createBedrockFlowsAdapter({
      region: 'us-east-1',
      endpoint: emulator.endpoints.bedrockFlows,
      credentials: emulator.credentials.aws,
    }),
    createAlibabaCloudFlowAdapter({
      region: 'cn-hangzhou',
      endpoint: emulator.endpoints.alibabaCloudFlow,
      credentials: emulator.credentials.alibaba,
    }),
  ]
}

/** Polls `check` until it answers true (the test's own timeout bounds the wait). */
export async function until(check: () => Promise<boolean> | boolean, everyMs = 50): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs))
}
