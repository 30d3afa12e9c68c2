// Stops one Amazon Bedrock flow execution.
//   node stop-bedrock-flow-execution.mjs <executionArn>
// executionArn is what StartFlowExecution returned; flow, alias, execution id and region are read
// from it. Credentials: the AWS SDK's usual chain.
import { bedrockFlowsHandle, createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController } from '@runstop/core'

const handle = bedrockFlowsHandle({ executionArn: process.argv[2] })
if (handle.isErr()) {
  console.error(handle.error.message)
  process.exit(2)
}

// `endpoint` unset: the real service. RUNSTOP_BEDROCK_FLOWS_ENDPOINT points it at the emulator.
const runs = createRunController({
  adapters: [createBedrockFlowsAdapter({ endpoint: process.env.RUNSTOP_BEDROCK_FLOWS_ENDPOINT })],
})
const result = await runs.stop(handle.value)
await runs.close()

result.match(
  // Bedrock stops at once: `stopped`; a run that had finished is `already_terminal`.
  (stopped) => console.log(`${stopped.outcome}: ${stopped.status} (${stopped.providerStatus})`),
  (error) => {
    console.error(`${error.code}: ${error.message}`)
    process.exitCode = 1
  },
)
