// Stops one Alibaba Cloud CloudFlow execution, recording why.
//   node stop-alibaba-cloudflow-execution.mjs <flowName> <executionName> [region]
// executionName is `Name` from StartExecution's answer. Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID /
// ALIBABA_CLOUD_ACCESS_KEY_SECRET or the other sources of Alibaba's default credential chain.
import { alibabaCloudFlowHandle, createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createRunController } from '@runstop/core'

const [flowName, executionName, region] = process.argv.slice(2)
const handle = alibabaCloudFlowHandle({ flowName, executionName, ...(region ? { region } : {}) })
if (handle.isErr()) {
  console.error(handle.error.message)
  process.exit(2)
}

// `endpoint` unset: the real service. RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT points it at the emulator.
const runs = createRunController({
  adapters: [createAlibabaCloudFlowAdapter({ endpoint: process.env.RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT })],
})
const result = await runs.stop(handle.value, { reason: 'stopped by the stop example' })
await runs.close()

result.match(
  // CloudFlow has no stopping state: right after the stop the execution may still read Running
  // (`stop_requested`), then Stopped.
  (stopped) => console.log(`${stopped.outcome}: ${stopped.status} (${stopped.providerStatus})`),
  (error) => {
    console.error(`${error.code}: ${error.message}`)
    process.exitCode = 1
  },
)
