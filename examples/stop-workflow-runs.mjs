// Stops every active run of one workflow (an incident: "stop everything nightly_etl started").
//   node stop-workflow-runs.mjs <scope> [--dry-run]
// A scope names a workflow, as a `runstop:` URI:
//   runstop:mwaa-serverless?workflowArn=…
//   runstop:bedrock-flows?flowIdentifier=…&flowAliasIdentifier=…
//   runstop:alibaba-cloudflow?flowName=…&region=…
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, formatHandle, parseScope } from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'

const [text, flag] = process.argv.slice(2)
const scope = parseScope(text)
if (scope.isErr()) {
  console.error(scope.error.message)
  process.exit(2)
}

const { env } = process
const runs = createRunController({
  adapters: [
    createMwaaServerlessAdapter({ endpoint: env.RUNSTOP_MWAA_SERVERLESS_ENDPOINT }),
    createBedrockFlowsAdapter({ endpoint: env.RUNSTOP_BEDROCK_FLOWS_ENDPOINT }),
    createAlibabaCloudFlowAdapter({ endpoint: env.RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT }),
  ],
})

// Pending and running runs by default; the listing streams into the batch page by page.
const report = await runs.stopAll(scope.value, { reason: 'incident', dryRun: flag === '--dry-run' })
await runs.close()

if (report.dryRun) {
  console.log(`${report.matched?.length ?? 0} runs would be stopped:`)
  for (const run of report.matched ?? []) console.log(`  ${formatHandle(run.handle)} (${run.status})`)
} else {
  const { stopped, stopRequested, alreadyTerminal, failed } = report.counts
  console.log(
    `${report.total} runs: ${stopped} stopped, ${stopRequested} stopping, ${alreadyTerminal} finished meanwhile, ${failed} failed`,
  )
}
// A listing that failed part-way (permissions, a missing workflow) ends the batch.
if (report.inputError) console.error(`listing failed: ${report.inputError.code} ${report.inputError.message}`)
process.exitCode = report.inputError || report.counts.failed > 0 ? 1 : 0
