// Stops every run whose handle is on a line of the input, with progress on stderr and a summary.
//   node stop-many-with-progress.mjs < handles.txt
// One `runstop:` handle per line (what `formatHandle` and `runstop list --output jsonl` give), of
// any provider. Runs are stopped at once, bounded in all and per provider; a throttled provider
// slows down without holding up the others.
import { createInterface } from 'node:readline'
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, formatHandle } from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'

const { env } = process
const runs = createRunController({
  adapters: [
    createMwaaServerlessAdapter({ endpoint: env.RUNSTOP_MWAA_SERVERLESS_ENDPOINT }),
    createBedrockFlowsAdapter({ endpoint: env.RUNSTOP_BEDROCK_FLOWS_ENDPOINT }),
    createAlibabaCloudFlowAdapter({ endpoint: env.RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT }),
  ],
})

// Lines are read as the batch goes (an async iterable): a file of a million handles is fine.
async function* handles() {
  for await (const line of createInterface({ input: process.stdin })) if (line.trim()) yield line.trim()
}

// Ctrl-C: stops in flight settle as ABORTED, the rest are reported without a request.
const abort = new AbortController()
process.once('SIGINT', () => abort.abort())

const report = await runs.stopMany(handles(), {
  reason: 'batch stop example',
  signal: abort.signal,
  keep: 'failures', // the counts are complete; only failures are kept one by one
  onProgress: (p) => process.stderr.write(`\r${p.done} done, ${p.inFlight} in flight, ${p.failed} failed `),
})
process.stderr.write('\n')
await runs.close()

const { stopped, stopRequested, alreadyTerminal, failed, outcomeUnknown } = report.counts
console.log(
  `${report.total} handles: ${stopped} stopped, ${stopRequested} stopping, ${alreadyTerminal} already finished, ${failed} failed`,
)
for (const { handle, error } of report.failed)
  console.log(
    `failed ${typeof handle === 'string' ? handle : formatHandle(handle)}: ${error.code} ${error.message}`,
  )
if (outcomeUnknown > 0) console.log(`${outcomeUnknown} of the failed may have stopped: check them with get`)
process.exitCode = failed > 0 ? 1 : 0
