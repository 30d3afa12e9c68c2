// A program as a user writes one: static imports of the controller and the three adapters, which
// it constructs and leaves unused. The cold-start bench launches it as `node <this file>` beside
// `node cold-start-empty-program.mjs` (same report, nothing imported), so node's own start-up,
// its ES module loader's included, is in both and cancels out.

import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController } from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { report } from './cold-start-report.mjs'

createRunController({
  adapters: [
    createMwaaServerlessAdapter({}),
    createBedrockFlowsAdapter({ region: 'us-east-1' }),
    createAlibabaCloudFlowAdapter({ region: 'cn-hangzhou' }),
  ],
})
await report()
