// Traces runstop's calls with OpenTelemetry: one span per call, an event per attempt and retry.
//   node opentelemetry.mjs <handle>
// Here spans go to the console; in a service, register the OpenTelemetry Node SDK instead and call
// createOpenTelemetryHooks() without arguments (it then uses the global providers).
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController, parseHandle } from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { createOpenTelemetryHooks } from '@runstop/opentelemetry'

const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
})

const { env } = process
const runs = createRunController({
  adapters: [
    createMwaaServerlessAdapter({ endpoint: env.RUNSTOP_MWAA_SERVERLESS_ENDPOINT }),
    createBedrockFlowsAdapter({ endpoint: env.RUNSTOP_BEDROCK_FLOWS_ENDPOINT }),
    createAlibabaCloudFlowAdapter({ endpoint: env.RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT }),
  ],
  hooks: createOpenTelemetryHooks({ tracerProvider }),
})

const handle = parseHandle(process.argv[2])
if (handle.isErr()) {
  console.error(handle.error.message)
  process.exit(2)
}
const result = await runs.stop(handle.value) // a span named runstop.stop, printed when it ends
await runs.close()
await tracerProvider.shutdown()
result.match(
  (stopped) => console.log(`${stopped.outcome}: ${stopped.status}`),
  (error) => {
    console.error(`${error.code}: ${error.message}`)
    process.exitCode = 1
  },
)
