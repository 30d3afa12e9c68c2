import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Emulator } from '@runstop/emulator'
import { emulatorEnvironment } from '@runstop/emulator'

/** The monorepo root: the CLI tests run the bin from there, as a user of `pnpm demo` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
/** The real, built bin. */
export const BIN = 'packages/cli/dist/bin.js'

export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly durationMs: number
}

/** Fails loudly when the CLI has not been built. */
export function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, BIN)))
    throw new Error(`${BIN} is missing: build first (npx tsc -b packages/cli).`)
}

/**
 * An environment that isolates the child from the developer's own: no inherited credentials,
 * profiles or instance metadata; just PATH plus what the test gives.
 */
export function isolatedEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const missing = join(tmpdir(), 'runstop-cli-test-no-such-file')
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    AWS_CONFIG_FILE: missing,
    AWS_SHARED_CREDENTIALS_FILE: missing,
    AWS_EC2_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CREDENTIALS_FILE: missing,
    NO_COLOR: '1',
    ...extra,
  }
}

/** The environment that points the CLI at `emulator`, with its credentials and the regions of its runs. */
export function emulatorCliEnv(
  emulator: Pick<Emulator, 'endpoints' | 'credentials'>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return isolatedEnv({
    ...emulatorEnvironment(emulator),
    AWS_REGION: 'us-east-1',
    ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
    ...extra,
  })
}

/** A bin started with `startBin`: signal it while it runs, then await `done`. */
export interface StartedBin {
  readonly child: ChildProcess
  /** Everything printed to stderr so far. */
  stderr(): string
  readonly done: Promise<CliRun>
}

/** Starts `node packages/cli/dist/bin.js ...args` from the repo root and collects everything it prints. */
export function startBin(
  args: readonly string[],
  options: { env: Record<string, string>; stdin?: string; keepStdinOpen?: boolean; timeoutMs?: number },
): StartedBin {
  const started = Date.now()
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const done = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started })
    })
  })
  if (options.keepStdinOpen) child.stdin?.write(options.stdin ?? '')
  else child.stdin?.end(options.stdin ?? '')
  return { child, stderr: () => stderr, done }
}

/** Runs `node packages/cli/dist/bin.js ...args` from the repo root and collects everything it prints. */
export function runBin(
  args: readonly string[],
  options: { env: Record<string, string>; stdin?: string; timeoutMs?: number },
): Promise<CliRun> {
  return startBin(args, options).done
}

/** Parses stdout as exactly one JSON document (throws otherwise, failing the test). */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
export function singleJson(run: CliRun): any {
  const text = run.stdout.trim()
  if (text.length === 0) throw new Error(`No JSON on stdout. stderr: ${run.stderr}`)
  return JSON.parse(text)
}
