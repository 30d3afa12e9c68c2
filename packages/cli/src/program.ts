import { createRequire } from 'node:module'
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { runDemo } from './commands/demo.js'
import { DEFAULT_EMULATOR_PORT, runEmulator } from './commands/emulator.js'
import { runGet } from './commands/get.js'
import { runStop } from './commands/stop.js'
import { runWait } from './commands/wait.js'
import { configFromEnv, ENV_VARS } from './config-from-env.js'
import { type CliIo, type CommandContext, UsageError } from './context.js'
import { type CliController, createCliController } from './create-controller.js'
import { errorJson, toRunError } from './output/views.js'
import { Output } from './output/writer.js'
import { parseDuration } from './parse-duration.js'

/** Exit codes of the CLI. */
export const EXIT = {
  /** Every run is stopped, stopping or already finished (or the command simply succeeded). */
  ok: 0,
  /** At least one operation failed. */
  failed: 1,
  /** The command line was wrong: unknown flag, unparsable handle, bad duration. Nothing was sent. */
  usage: 2,
} as const

const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version

function durationArgument(text: string): number {
  const parsed = parseDuration(text)
  if (parsed.isErr()) throw new InvalidArgumentError(parsed.error)
  if (parsed.value <= 0) throw new InvalidArgumentError('A duration must be greater than zero.')
  return parsed.value
}

function positiveIntegerArgument(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new InvalidArgumentError(`"${text}" is not a positive integer.`)
  return Number(text)
}

function portArgument(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text.trim()) || port > 65_533)
    throw new InvalidArgumentError(`"${text}" is not a port (0–65533; 0 picks free ports).`)
  return port
}

const EXIT_HELP = `
Handles are the string form runstop:<provider>?key=value&… (quote them in the shell).
Durations: 1500ms, 30s, 5m, 1h, 1m30s.

Environment:
  ${ENV_VARS.mwaaServerlessEndpoint}, ${ENV_VARS.bedrockFlowsEndpoint},
  ${ENV_VARS.alibabaCloudFlowEndpoint}, ${ENV_VARS.stepFunctionsEndpoint}
                                       endpoint overrides (e.g. the emulator)
  ${ENV_VARS.awsRegion}, ${ENV_VARS.alibabaRegion}    default regions (a handle's region wins)
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, … (AWS default chain); ALIBABA_CLOUD_ACCESS_KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN (else the Alibaba default chain)

Exit codes: 0 every run stopped, stopping or already finished; 1 something failed; 2 usage error.`

/**
 * Builds the commander program. Each command's action stores its exit code through `setExitCode`;
 * errors are thrown (commander's own as `CommanderError`, ours as `UsageError`) for `runCli` to map.
 */
export function buildProgram(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const program = new Command('runstop')
  program
    .description(
      'Stop, inspect and wait for workflow runs on MWAA Serverless, Bedrock flows, Alibaba CloudFlow and Step Functions.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.output.out(text),
      writeErr: (text) => ctx.output.err(text),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP)

  program
    .command('get')
    .description('Print the current status of one run.')
    .argument('<handle>', 'run handle (runstop:<provider>?…)')
    .option('--timeout <duration>', 'deadline for the call, retries included', durationArgument)
    .option('--json', 'print one JSON document')
    .action(async (handle: string, opts: { timeout?: number; json?: boolean }) => {
      setExitCode(
        await runGet(ctx, handle, {
          json: opts.json === true,
          ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
        }),
      )
    })

  program
    .command('stop')
    .description('Stop runs: handles as arguments, or one per line from a file or stdin (--from-file -).')
    .argument('[handles...]', 'run handles (runstop:<provider>?…)')
    .option('--reason <text>', 'stop reason, recorded by providers that can (Alibaba Cause)')
    .option('--error-code <code>', 'error code, recorded by providers that can (Alibaba Error)')
    .option('--wait', 'wait until each run is terminal')
    .option(
      '--timeout <duration>',
      'deadline for each stop and, with --wait, for each wait',
      durationArgument,
    )
    .option('--poll-interval <duration>', 'first poll interval while waiting (default 1s)', durationArgument)
    .option('--from-file <file>', 'read handles from a file, one per line ("-" for stdin)')
    .option('--concurrency <n>', 'stops in flight at once', positiveIntegerArgument)
    .option('--json', 'print one JSON document')
    .action(
      async (
        handles: string[],
        opts: {
          reason?: string
          errorCode?: string
          wait?: boolean
          timeout?: number
          pollInterval?: number
          fromFile?: string
          concurrency?: number
          json?: boolean
        },
      ) => {
        setExitCode(
          await runStop(ctx, handles, {
            json: opts.json === true,
            wait: opts.wait === true,
            ...(opts.reason === undefined ? {} : { reason: opts.reason }),
            ...(opts.errorCode === undefined ? {} : { errorCode: opts.errorCode }),
            ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
            ...(opts.pollInterval === undefined ? {} : { pollIntervalMs: opts.pollInterval }),
            ...(opts.fromFile === undefined ? {} : { fromFile: opts.fromFile }),
            ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
          }),
        )
      },
    )

  program
    .command('wait')
    .description('Wait until a run is terminal and print its final status.')
    .argument('<handle>', 'run handle (runstop:<provider>?…)')
    .option('--timeout <duration>', 'give up after this long (default 10m)', durationArgument)
    .option('--poll-interval <duration>', 'first poll interval (default 1s)', durationArgument)
    .option('--json', 'print one JSON document')
    .action(async (handle: string, opts: { timeout?: number; pollInterval?: number; json?: boolean }) => {
      setExitCode(
        await runWait(ctx, handle, {
          json: opts.json === true,
          ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
          ...(opts.pollInterval === undefined ? {} : { pollIntervalMs: opts.pollInterval }),
        }),
      )
    })

  program
    .command('emulator')
    .description('Run the local emulator of the four provider APIs until Ctrl-C; prints export lines.')
    .option(
      '--port <n>',
      `first of four consecutive ports (default ${DEFAULT_EMULATOR_PORT}; 0 picks free ports)`,
      portArgument,
    )
    .option('--no-sample-runs', 'do not create the four sample running runs')
    .option('--json', 'print one JSON document (endpoints, env, sample runs)')
    .action(async (opts: { port?: number; sampleRuns?: boolean; json?: boolean }) => {
      setExitCode(
        await runEmulator(ctx, {
          json: opts.json === true,
          sampleRuns: opts.sampleRuns !== false,
          ...(opts.port === undefined ? {} : { port: opts.port }),
        }),
      )
    })

  program
    .command('demo')
    .description('Stop runs on all four providers in the embedded emulator and show the results.')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      setExitCode(await runDemo(ctx, { json: opts.json === true }))
    })

  return program
}

function usageJson(message: string) {
  return { ok: false, error: { name: 'UsageError', code: 'USAGE', message } }
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and resolves to the exit code:
 * 0 success, 1 a failed operation, 2 a usage error. Never rejects and never exits the process:
 * `bin.ts` sets `process.exitCode` from the result. Every line printed is redacted of the secret
 * values found in `io.env`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const config = configFromEnv(io.env)
  const output = new Output(io.stdout, io.stderr, config.secrets)
  let cli: CliController | undefined
  const ctx: CommandContext = {
    io,
    output,
    config,
    controller: () => {
      cli ??= createCliController(config)
      return cli
    },
  }
  let exitCode: number = EXIT.ok
  const program = buildProgram(ctx, (code) => {
    exitCode = code
  })
  const json = argv.includes('--json')
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; everything else commander rejects is usage.
      if (error.exitCode === 0) return EXIT.ok
      if (json) output.json(usageJson(error.message.replace(/^error:\s*/, '')))
      return EXIT.usage
    }
    if (error instanceof UsageError) {
      output.err(`error: ${error.message}\n`)
      if (json) output.json(usageJson(error.message))
      return EXIT.usage
    }
    const runError = toRunError(error)
    output.err(`error: ${runError.message}\n`)
    if (json) output.json({ ok: false, error: errorJson(runError) })
    return EXIT.failed
  }
}
