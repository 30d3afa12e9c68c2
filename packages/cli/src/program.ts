import { createRequire } from 'node:module'
import { DEFAULT_BATCH, DEFAULT_RETRY_POLICY, DEFAULT_WAIT, type RunStatus } from '@runstop/core'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { addCampaignCommands } from './commands/campaign-commands.js'
import { runDemo } from './commands/demo.js'
import { DEFAULT_EMULATOR_PORT, runEmulator } from './commands/emulator.js'
import { runGet } from './commands/get.js'
import { LIST_OUTPUTS, type ListOutput, parseStatusList, runList } from './commands/list.js'
import { EXIT_INTERRUPTED, runStop } from './commands/stop.js'
import { stopAllFromCli } from './commands/stop-all.js'
import { runWait } from './commands/wait.js'
import { type ConfigFlags, configFromEnv, ENV_VARS } from './config-from-env.js'
import { type CliIo, type CommandContext, UsageError } from './context.js'
import { type CliController, createCliController } from './create-controller.js'
import { errorJson, toRunError } from './output/views.js'
import { Output } from './output/writer.js'
import { parseDuration } from './parse-duration.js'
import { createVerboseHooks } from './verbose-hooks.js'

/** Exit codes of the CLI. */
export const EXIT = {
  /** Every run is stopped, stopping or already finished (or the command simply succeeded). */
  ok: 0,
  /** At least one operation failed. */
  failed: 1,
  /** The command line was wrong: unknown flag, unparsable handle, bad duration. Nothing was sent. */
  usage: 2,
  /** Ctrl-C ended a batch; the report says what happened to each handle. */
  interrupted: EXIT_INTERRUPTED,
} as const

const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`)

/** Examples printed after a command's own help. */
function examples(...lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`
}

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

function outputArgument(text: string): ListOutput {
  if (!(LIST_OUTPUTS as readonly string[]).includes(text))
    throw new InvalidArgumentError(`"${text}" is not one of ${LIST_OUTPUTS.join(', ')}.`)
  return text as ListOutput
}

const LIST_EXAMPLES = `
Examples:
  runstop list 'runstop:alibaba-cloudflow?flowName=nightly_etl&region=cn-shanghai' --status running,pending
  runstop list "$SCOPE" --output jsonl > runs.jsonl          # one line per run, then a summary line
  runstop stop --all "$SCOPE" --dry-run                      # what stop --all would stop
  runstop stop --all "$SCOPE" --reason 'incident 4711'       # asks on a terminal; --yes in scripts`

const EXIT_HELP = `
Handles are the string form runstop:<provider>?key=value&… (quote them in the shell).
Scopes (list, stop --all) have the same form and name a workflow: runstop:mwaa-serverless?workflowArn=…,
runstop:bedrock-flows?flowIdentifier=…[&flowAliasIdentifier=…], runstop:alibaba-cloudflow?flowName=…,
runstop:step-functions?stateMachineArn=….
Durations: 1500ms, 30s, 5m, 1h, 1m30s.

Environment:
  ${ENV_VARS.mwaaServerlessEndpoint}, ${ENV_VARS.bedrockFlowsEndpoint},
  ${ENV_VARS.alibabaCloudFlowEndpoint}, ${ENV_VARS.stepFunctionsEndpoint}
                                       endpoint overrides (e.g. the emulator)
  ${ENV_VARS.awsRegion}, ${ENV_VARS.alibabaRegion}    default regions (--region wins over
  both; a handle's own region wins over all)
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, … (AWS default chain); ALIBABA_CLOUD_ACCESS_KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN (else the Alibaba default chain);
  --profile <name> reads that profile of the shared AWS files instead of the AWS default chain
  RUNSTOP_REDIS_URL    Redis of \`campaign\` and \`worker\` (else --redis)

Exit codes: 0 every run stopped, stopping or already finished; 1 something failed; 2 usage error;
130 interrupted (Ctrl-C).

Examples:
  runstop get 'runstop:alibaba-cloudflow?executionName=exec-1&flowName=nightly&region=cn-hangzhou'
  runstop stop "$HANDLE_1" "$HANDLE_2" --reason 'release rolled back' --wait
  runstop stop --from-file handles.txt --concurrency 64 --per-provider 32 --json > report.json
  runstop demo        # all three providers in the embedded emulator, no cloud account needed`

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
    .option('-v, --verbose', 'print each call, attempt and retry to stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .option(
      '--region <region>',
      `default region of every provider (overrides ${ENV_VARS.awsRegion} and ${ENV_VARS.alibabaRegion}; a handle's own region wins)`,
    )
    .option('--profile <name>', 'AWS profile of the shared config/credentials files, for the AWS providers')
    .addHelpText('after', EXIT_HELP)

  program
    .command('get')
    .description('Print the current status of one run.')
    .argument('<handle>', 'run handle (runstop:<provider>?…)')
    .option(
      '--timeout <duration>',
      `deadline for the call, retries included (default: none; ${DEFAULT_RETRY_POLICY.maxAttempts} attempts at most)`,
      durationArgument,
    )
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      examples(
        "runstop get 'runstop:mwaa-serverless?runId=run-1&workflowArn=arn%3Aaws%3Aairflow-serverless%3Aus-east-1%3A111122223333%3Aworkflow%2Fnightly'",
        "runstop get 'runstop:bedrock-flows?executionIdentifier=e1&flowAliasIdentifier=A1&flowIdentifier=F1' --region eu-west-1 --json",
      ),
    )
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
    .option('--wait', 'after every stop was sent, wait until each run is terminal')
    .option(
      '--timeout <duration>',
      `deadline for each stop and, with --wait, for each wait (default: none for a stop, ${seconds(DEFAULT_WAIT.timeoutMs)} for a wait)`,
      durationArgument,
    )
    .option(
      '--poll-interval <duration>',
      `first poll interval while waiting (default ${seconds(DEFAULT_WAIT.pollIntervalMs)})`,
      durationArgument,
    )
    .option(
      '--from-file <file>',
      'read handles from a file, one per line ("-" for stdin); # starts a comment',
    )
    .option(
      '--concurrency <n>',
      `stops (and waits) in flight at once, in all (default ${DEFAULT_BATCH.concurrency})`,
      positiveIntegerArgument,
    )
    .option(
      '--per-provider <n>',
      `stops in flight at once for any one provider (default ${DEFAULT_BATCH.perProvider})`,
      positiveIntegerArgument,
    )
    .option('--json', 'print one JSON document')
    .option('--all', 'stop every matching run of one scope (runstop:<provider>?…) given as the argument')
    .option('--status <list>', 'with --all: statuses to stop (default pending,running)', parseStatusList)
    .option('--dry-run', 'with --all: list what would be stopped, stop nothing')
    .option('--yes', 'with --all: do not ask for confirmation (required without a terminal)')
    .addOption(
      new Option(
        '--output <format>',
        'jsonl: one JSON line per run as it finishes, then a summary line',
      ).choices(['jsonl']),
    )
    .addHelpText(
      'after',
      `
Duplicate handles are stopped and reported once. Ctrl-C stops sending, lets the stops in flight
finish for a few seconds, then reports each handle (its outcome, "not sent" or "sent, outcome
unknown") and exits 130; a second Ctrl-C ends at once.
${examples(
  "runstop stop 'runstop:alibaba-cloudflow?executionName=exec-1&flowName=nightly&region=cn-hangzhou' --reason 'bad deploy'",
  'runstop stop "$HANDLE_1" "$HANDLE_2" --wait --timeout 5m',
  'runstop stop --from-file handles.txt --concurrency 64 --per-provider 64',
  'some-job --list-runs | runstop stop --from-file - --json > report.json',
  "runstop stop --all 'runstop:alibaba-cloudflow?flowName=nightly&region=cn-hangzhou' --dry-run",
  "runstop stop --all 'runstop:alibaba-cloudflow?flowName=nightly&region=cn-hangzhou' --reason 'incident 4711' --yes",
)}`,
    )
    .action(
      async (
        handles: string[],
        opts: {
          output?: 'jsonl'
          all?: boolean
          status?: RunStatus[]
          dryRun?: boolean
          yes?: boolean
          reason?: string
          errorCode?: string
          wait?: boolean
          timeout?: number
          pollInterval?: number
          fromFile?: string
          concurrency?: number
          perProvider?: number
          json?: boolean
        },
      ) => {
        const stoppedAll = await stopAllFromCli(ctx, handles, opts)
        if (stoppedAll !== undefined) return setExitCode(stoppedAll)
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
            ...(opts.perProvider === undefined ? {} : { perProvider: opts.perProvider }),
            ...(opts.output === undefined ? {} : { output: opts.output }),
          }),
        )
      },
    )

  program
    .command('list')
    .description('List the runs of a scope (runstop:<provider>?…): a workflow, a flow, a state machine.')
    .argument(
      '<scope>',
      'scope (runstop:mwaa-serverless?workflowArn=…, runstop:bedrock-flows?flowIdentifier=…, runstop:alibaba-cloudflow?flowName=…, runstop:step-functions?stateMachineArn=…)',
    )
    .option('--status <list>', 'only these statuses, e.g. running,pending', parseStatusList)
    .option(
      '--output <format>',
      `table (default), json or jsonl (one line per run, then a summary)`,
      outputArgument,
    )
    .option('--timeout <duration>', 'deadline for each page, retries included', durationArgument)
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (scope: string, opts: { status?: RunStatus[]; output?: ListOutput; timeout?: number }) => {
      setExitCode(
        await runList(ctx, scope, {
          ...(opts.status === undefined ? {} : { statuses: opts.status }),
          ...(opts.output === undefined ? {} : { output: opts.output }),
          ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
        }),
      )
    })

  program
    .command('wait')
    .description('Wait until a run is terminal and print its final status.')
    .argument('<handle>', 'run handle (runstop:<provider>?…)')
    .option(
      '--timeout <duration>',
      `give up after this long (default ${seconds(DEFAULT_WAIT.timeoutMs)})`,
      durationArgument,
    )
    .option(
      '--poll-interval <duration>',
      `first poll interval, growing up to ${seconds(DEFAULT_WAIT.maxPollIntervalMs)} (default ${seconds(DEFAULT_WAIT.pollIntervalMs)})`,
      durationArgument,
    )
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      examples(
        'runstop wait "$HANDLE" --timeout 30m',
        'runstop wait "$HANDLE" --poll-interval 5s --json | jq .snapshot.status',
      ),
    )
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
    .addHelpText(
      'after',
      examples(
        'runstop emulator > emulator.env &   # then: . ./emulator.env',
        'runstop emulator --port 0 --no-sample-runs --json',
      ),
    )
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
    .addHelpText('after', examples('runstop demo', 'runstop demo --json'))
    .action(async (opts: { json?: boolean }) => {
      setExitCode(await runDemo(ctx, { json: opts.json === true }))
    })

  addCampaignCommands(program, ctx, setExitCode)

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
      // Built on first use, once commander has parsed the global flags.
      const flags = program.opts<ConfigFlags & { verbose?: boolean }>()
      cli ??= createCliController(
        configFromEnv(io.env, flags),
        flags.verbose === true ? { hooks: createVerboseHooks((line) => output.err(line)) } : {},
      )
      return cli
    },
  }
  let exitCode: number = EXIT.ok
  const program: Command = buildProgram(ctx, (code) => {
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
