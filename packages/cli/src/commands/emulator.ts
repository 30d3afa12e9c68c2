import { formatHandle, type RunHandle } from '@runstop/core'
import { ENV_VARS } from '../config-from-env.js'
import type { CommandContext } from '../context.js'
import { onInterrupt } from '../context.js'

export interface EmulatorCommandOptions {
  readonly json?: boolean
  /** First of four consecutive ports (MWAA Serverless, Bedrock flows, Alibaba CloudFlow, Step Functions); 0 picks free ports. */
  readonly port?: number
  /** Create one running sample run per provider and print its handle. Default true. */
  readonly sampleRuns?: boolean
}

/** Default first port of `runstop emulator`. */
export const DEFAULT_EMULATOR_PORT = 4510

/**
 * The emulator package, imported by the commands that start one (`emulator`, `demo`) and not at
 * the start-up of every other command: with the SigV4 signer and node's HTTP servers it imports,
 * it cost every command ~140 ms of CPU (README "Start-up").
 */
export const loadEmulator = () => import('@runstop/emulator')

/** Regions of the emulator session: exported, and used for the sample runs. */
export const EMULATOR_REGIONS = { aws: 'us-east-1', alibaba: 'cn-hangzhou' } as const

/**
 * The variables that point the CLI (and the providers' SDKs) at an emulator: the emulator's own
 * endpoints and fake test credentials (what `emulatorEnvironment` gives), plus the session's regions.
 */
export function emulatorEnv(emulatorVariables: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...emulatorVariables,
    [ENV_VARS.awsRegion]: EMULATOR_REGIONS.aws,
    [ENV_VARS.alibabaRegion]: EMULATOR_REGIONS.alibaba,
  }
}

/** Single-quotes a value for POSIX shells. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}

/**
 * `runstop emulator [--port N]`: starts the emulator, prints its endpoints, `export` lines for the
 * CLI's variables and the emulator's test credentials (the whole of stdout is a shell script: the
 * rest are `#` comments), then runs until SIGINT / SIGTERM and closes cleanly (exit 0).
 *
 * The credentials printed are the emulator's own, published, fake test keys; they are the one
 * thing the CLI prints without redaction.
 */
export async function runEmulator(ctx: CommandContext, options: EmulatorCommandOptions): Promise<number> {
  const { startEmulator, emulatorEnvironment } = await loadEmulator()
  const emulator = await startEmulator({ port: options.port ?? DEFAULT_EMULATOR_PORT })
  const samples: RunHandle[] = []
  if (options.sampleRuns !== false) {
    samples.push(emulator.createRun('mwaa-serverless', { region: EMULATOR_REGIONS.aws }))
    samples.push(emulator.createRun('bedrock-flows', { region: EMULATOR_REGIONS.aws }))
    samples.push(emulator.createRun('alibaba-cloudflow', { region: EMULATOR_REGIONS.alibaba }))
    samples.push(emulator.createRun('step-functions', { region: EMULATOR_REGIONS.aws }))
  }
  const env = emulatorEnv(emulatorEnvironment(emulator))
  if (options.json) {
    ctx.output.outVerbatim(
      `${JSON.stringify({ endpoints: emulator.endpoints, env, sampleRuns: samples.map((handle) => formatHandle(handle)) }, null, 2)}\n`,
    )
  } else {
    const lines = [
      '# runstop emulator is running. Stop it with Ctrl-C.',
      `#   MWAA Serverless    ${emulator.endpoints.mwaaServerless}`,
      `#   Bedrock flows      ${emulator.endpoints.bedrockFlows}`,
      `#   Alibaba CloudFlow  ${emulator.endpoints.alibabaCloudFlow}`,
      `#   Step Functions     ${emulator.endpoints.stepFunctions}`,
      '# Point runstop (and your own code) at it:',
      ...Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    ]
    if (samples.length > 0) {
      lines.push('# Sample running runs, one per provider:')
      for (const handle of samples) lines.push(`#   ${shellQuote(formatHandle(handle))}`)
    }
    ctx.output.outVerbatim(`${lines.join('\n')}\n`)
  }
  const signal = await new Promise<string>((resolve) => {
    const unsubscribe = onInterrupt(ctx.io, (name) => {
      unsubscribe()
      resolve(name)
    })
  })
  await emulator.close()
  if (ctx.output.stderrIsTTY) ctx.output.err(`runstop emulator stopped (${signal}).\n`)
  return 0
}
