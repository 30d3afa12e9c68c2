import { parseArgs } from 'node:util'
import { emulatorEnvironment, formatExportLines } from './environment.js'
import { startEmulator } from './start-emulator.js'

const USAGE = `Usage: runstop-emulator [--port N] [--host H] [--stop-delay-ms N]

Starts local fakes of Amazon MWAA Serverless, Amazon Bedrock flows, Alibaba CloudFlow and AWS
Step Functions on four consecutive ports (N to N+3; free ports when N is 0 or absent) and prints the
environment that points runstop at them. Runs until interrupted.`

async function main(): Promise<number> {
  let values: { port?: string; host?: string; 'stop-delay-ms'?: string; help?: boolean }
  try {
    values = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'stop-delay-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  const stopDelayMs = values['stop-delay-ms'] === undefined ? undefined : Number(values['stop-delay-ms'])
  if (!Number.isInteger(port) || port < 0 || port > 65532) {
    process.stderr.write(`--port must be a whole number from 0 to 65532.\n${USAGE}\n`)
    return 2
  }
  if (stopDelayMs !== undefined && (!Number.isFinite(stopDelayMs) || stopDelayMs < 0)) {
    process.stderr.write('--stop-delay-ms must be a number of milliseconds, 0 or more.\n')
    return 2
  }
  const emulator = await startEmulator({ port, host: values.host, stopDelayMs })
  process.stdout.write(
    `runstop emulator listening\n` +
      `  MWAA Serverless   ${emulator.endpoints.mwaaServerless}\n` +
      `  Bedrock flows     ${emulator.endpoints.bedrockFlows}\n` +
      `  Alibaba CloudFlow ${emulator.endpoints.alibabaCloudFlow}\n` +
      `  Step Functions    ${emulator.endpoints.stepFunctions}\n\n` +
      `# These credentials are the emulator's fake test keys.\n` +
      `${formatExportLines(emulatorEnvironment(emulator))}\n`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await emulator.close()
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`runstop-emulator: ${(error as Error).message}\n`)
    process.exitCode = 1
  },
)
