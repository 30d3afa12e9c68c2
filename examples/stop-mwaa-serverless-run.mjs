// Stops one Amazon MWAA Serverless workflow run and waits until it has stopped.
//   node stop-mwaa-serverless-run.mjs <workflowArn> <runId>
// workflowArn is what you gave StartWorkflowRun, runId what it returned (`RunId`). Credentials
// and region: the AWS SDK's usual chain (the region is read from the ARN).
import { createRunController } from '@runstop/core'
import { createMwaaServerlessAdapter, mwaaServerlessHandle } from '@runstop/mwaa-serverless'

const [workflowArn, runId] = process.argv.slice(2)
const handle = mwaaServerlessHandle({ workflowArn, runId })
if (handle.isErr()) {
  console.error(handle.error.message) // VALIDATION: what is wrong with the input
  process.exit(2)
}

// `endpoint` unset: the real service. RUNSTOP_MWAA_SERVERLESS_ENDPOINT points it at the emulator.
const runs = createRunController({
  adapters: [createMwaaServerlessAdapter({ endpoint: process.env.RUNSTOP_MWAA_SERVERLESS_ENDPOINT })],
})
const result = await runs.stop(handle.value, { wait: { timeoutMs: 60_000 } })
await runs.close()

if (result.isErr()) {
  const { code, message, details } = result.error
  // An aborted or timed-out stop whose request was sent may still have stopped the run.
  console.error(`${code}: ${message}${details?.sent ? ' (the run may have stopped: check it with get)' : ''}`)
  process.exit(1)
}
console.log(`${result.value.outcome}: ${result.value.status} (${result.value.providerStatus})`)
