import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { formatHandle, formatScope } from '@runstop/core'
import { type Emulator, emulatorEnvironment, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The programs in examples/, run as a user runs them (`node <file> …`), with the emulator's
// endpoints and test credentials in the environment: each must exit 0 and say what happened, and
// the emulator must show the runs stopped.

const run = promisify(execFile)
const examples = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples')

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
})

function withoutStorePath(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_PATH: _storeWide, ...rest } = environment
  return rest
}

function example(file: string, args: string[], input?: string) {
  const child = run(process.execPath, [join(examples, file), ...args], {
    cwd: examples,
    timeout: 25_000,
    env: {
      // Without the NODE_PATH pnpm sets for scripts (the whole store): the examples resolve their
      // packages, and the packages theirs, as an install does.
      ...withoutStorePath(process.env),
      ...emulatorEnvironment(emulator),
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  })
  if (input !== undefined) child.child.stdin?.end(input)
  return child
}

const statusOf = (provider: 'mwaa-serverless' | 'bedrock-flows' | 'alibaba-cloudflow', id: string) =>
  emulator.runs(provider).find((r) => r.key.includes(id))?.status

describe('examples/', () => {
  it('stop-mwaa-serverless-run.mjs stops the run and waits until it has stopped', async () => {
    const h = emulator.createRun('mwaa-serverless')
    const { stdout } = await example('stop-mwaa-serverless-run.mjs', [h.workflowArn!, h.runId!])
    expect(stdout).toMatch(/^(stopped|stop_requested): stopped \(STOPPED\)/)
    expect(statusOf('mwaa-serverless', h.runId!)).toBe('STOPPED')
  })

  it('stop-mwaa-serverless-run.mjs refuses a malformed ARN with exit code 2, sending nothing', async () => {
    const before = emulator.requests.length
    const failure = await example('stop-mwaa-serverless-run.mjs', ['arn:aws:s3:::bucket', 'r1']).catch(
      (e) => e,
    )
    expect(failure.code).toBe(2)
    expect(failure.stderr).toMatch(/workflowArn/)
    expect(emulator.requests.length).toBe(before)
  })

  it('stop-bedrock-flow-execution.mjs stops an execution named by its ARN', async () => {
    const h = emulator.createRun('bedrock-flows')
    const arn = `arn:aws:bedrock:${h.region ?? 'us-east-1'}:123456789012:flow/${h.flowIdentifier}/alias/${h.flowAliasIdentifier}/execution/${h.executionIdentifier}`
    const { stdout } = await example('stop-bedrock-flow-execution.mjs', [arn])
    expect(stdout).toMatch(/^stopped: stopped/)
    expect(statusOf('bedrock-flows', h.executionIdentifier!)).toMatch(/^Abort|^Stopp/)
  })

  it('stop-alibaba-cloudflow-execution.mjs stops an execution, and says NOT_FOUND (exit 1) for a missing one', async () => {
    const h = emulator.createRun('alibaba-cloudflow')
    const args = [h.flowName!, h.executionName!, ...(h.region ? [h.region] : [])]
    const { stdout } = await example('stop-alibaba-cloudflow-execution.mjs', args)
    expect(stdout).toMatch(/^(stopped|stop_requested): /)
    const failure = await example('stop-alibaba-cloudflow-execution.mjs', [
      h.flowName!,
      'no-such-exec',
    ]).catch((e) => e)
    expect(failure.code).toBe(1)
    expect(failure.stderr).toMatch(/^NOT_FOUND/)
  })

  it('stop-many-with-progress.mjs stops every handle read from stdin and reports a bad line once', async () => {
    const handles = [
      emulator.createRun('mwaa-serverless'),
      emulator.createRun('bedrock-flows'),
      emulator.createRun('alibaba-cloudflow'),
      emulator.createRun('mwaa-serverless', { status: 'SUCCESS' }),
    ].map(formatHandle)
    const failure = await example(
      'stop-many-with-progress.mjs',
      [],
      `${handles.join('\n')}\nnot-a-handle\n`,
    ).catch((e) => e)
    expect(failure.code).toBe(1) // the bad line failed
    expect(failure.stdout).toMatch(/^5 handles: .*1 already finished, 1 failed/m)
    expect(failure.stdout).toMatch(/^failed not-a-handle: VALIDATION/m)
    expect(failure.stderr).toMatch(/5 done, 0 in flight, 1 failed/)
  })

  it('stop-workflow-runs.mjs lists on --dry-run, then stops the active runs of the workflow only', async () => {
    const workflowArn = 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/examples-ABCDEFGHIJ'
    const ids = { workflowArn }
    const active = [1, 2, 3].map(() => emulator.createRun('mwaa-serverless', { ids }))
    const done = emulator.createRun('mwaa-serverless', { ids, status: 'SUCCESS' })
    const other = emulator.createRun('mwaa-serverless')
    const scope = formatScope({ provider: 'mwaa-serverless', workflowArn })

    const dry = await example('stop-workflow-runs.mjs', [scope, '--dry-run'])
    expect(dry.stdout).toMatch(/^3 runs would be stopped:/)
    expect(statusOf('mwaa-serverless', active[0]!.runId!)).toBe('RUNNING')

    const { stdout } = await example('stop-workflow-runs.mjs', [scope])
    expect(stdout).toMatch(/^3 runs: .*0 failed/)
    for (const h of active) expect(statusOf('mwaa-serverless', h.runId!)).toMatch(/^STOPP/)
    expect(statusOf('mwaa-serverless', done.runId!)).toBe('SUCCESS')
    expect(statusOf('mwaa-serverless', other.runId!)).toBe('RUNNING')
  })

  it('opentelemetry.mjs prints the call span with its attempt event', async () => {
    const h = emulator.createRun('bedrock-flows')
    const { stdout } = await example('opentelemetry.mjs', [formatHandle(h)])
    expect(stdout).toMatch(/name: 'runstop\.stop'/)
    expect(stdout).toMatch(/runstop\.attempt/)
    expect(stdout).toMatch(/'runstop\.provider': 'bedrock-flows'/)
    expect(stdout).toMatch(/^stopped: stopped$/m)
  })
})
