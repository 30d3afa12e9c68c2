import type { RunError, RunHandle, RunSnapshot, StopResult } from '@runstop/core'
import { formatHandle } from '@runstop/core'
import type { EmulatedProvider } from '@runstop/emulator'
import type { CommandContext } from '../context.js'
import { createCliController } from '../create-controller.js'
import { renderTable } from '../output/table.js'
import { errorCell, errorJson, errorLine, snapshotJson, statusText, stopResultJson } from '../output/views.js'
import { EMULATOR_REGIONS, loadEmulator } from './emulator.js'

export interface DemoCommandOptions {
  readonly json?: boolean
}

/** The reason the demo gives every stop. */
export const DEMO_REASON = 'runstop demo: cancelled by the operator'
/** The error code the demo gives every stop (recorded where the provider can). */
export const DEMO_ERROR_CODE = 'RunstopDemo'

type DemoCase = 'running' | 'already finished' | 'missing'

interface DemoRun {
  readonly case: DemoCase
  readonly provider: EmulatedProvider
  readonly handle: RunHandle
}

interface DemoRow extends DemoRun {
  readonly stop?: StopResult
  readonly error?: RunError
  readonly final?: RunSnapshot
  readonly waitError?: RunError
  /** Whether the row shows what the demo promises for its case. */
  readonly asExpected: boolean
}

/** How long a stop takes in the demo's emulator (MWAA STOPPING → STOPPED, etc.). */
const DEMO_STOP_DELAY_MS = 150

function expected(row: Omit<DemoRow, 'asExpected'>): boolean {
  switch (row.case) {
    case 'running':
      return row.stop !== undefined && (row.final?.status ?? row.stop.status) === 'stopped'
    case 'already finished':
      return row.stop?.outcome === 'already_terminal'
    case 'missing':
      return row.error?.code === 'NOT_FOUND'
  }
}

/**
 * `runstop demo`: starts the embedded emulator, creates a running run on each provider plus one
 * already-finished run and a handle to a run that does not exist, stops all of them through one
 * controller with a reason, waits for the ones winding down, and prints a table: provider, handle,
 * provider status → normalized status, outcome, whether the reason was recorded. The finished run
 * answers `already_terminal` (Ok) and the missing one `NOT_FOUND`. Exit 0 when every row is as
 * expected, 1 otherwise. Progress goes to stderr.
 */
export async function runDemo(ctx: CommandContext, options: DemoCommandOptions): Promise<number> {
  const started = Date.now()
  const progress = (text: string) => ctx.output.err(`${text}\n`)
  progress('runstop demo: starting the embedded emulator…')
  const { startEmulator } = await loadEmulator()
  const emulator = await startEmulator({ port: 0, stopDelayMs: DEMO_STOP_DELAY_MS })
  try {
    const runningMwaa = emulator.createRun('mwaa-serverless', { region: EMULATOR_REGIONS.aws })
    const runs: DemoRun[] = [
      { case: 'running', provider: 'mwaa-serverless', handle: runningMwaa },
      {
        case: 'running',
        provider: 'bedrock-flows',
        handle: emulator.createRun('bedrock-flows', { region: EMULATOR_REGIONS.aws }),
      },
      {
        case: 'running',
        provider: 'alibaba-cloudflow',
        handle: emulator.createRun('alibaba-cloudflow', { region: EMULATOR_REGIONS.alibaba }),
      },
      {
        case: 'running',
        provider: 'step-functions',
        handle: emulator.createRun('step-functions', { region: EMULATOR_REGIONS.aws }),
      },
      {
        case: 'already finished',
        provider: 'alibaba-cloudflow',
        handle: emulator.createRun('alibaba-cloudflow', {
          region: EMULATOR_REGIONS.alibaba,
          status: 'Succeeded',
        }),
      },
      {
        case: 'missing',
        provider: 'mwaa-serverless',
        handle: { ...runningMwaa, runId: 'runstopDemoMissingRun' },
      },
    ]
    progress(
      `  created ${runs.length} runs on 4 providers (MWAA Serverless, Bedrock flows, Alibaba CloudFlow, Step Functions)`,
    )
    const { controller } = createCliController({
      mwaaServerless: {
        endpoint: emulator.endpoints.mwaaServerless,
        region: EMULATOR_REGIONS.aws,
        credentials: emulator.credentials.aws,
      },
      bedrockFlows: {
        endpoint: emulator.endpoints.bedrockFlows,
        region: EMULATOR_REGIONS.aws,
        credentials: emulator.credentials.aws,
      },
      stepFunctions: {
        endpoint: emulator.endpoints.stepFunctions,
        region: EMULATOR_REGIONS.aws,
        credentials: emulator.credentials.aws,
      },
      alibabaCloudFlow: {
        endpoint: emulator.endpoints.alibabaCloudFlow,
        region: EMULATOR_REGIONS.alibaba,
        credentials: emulator.credentials.alibaba,
      },
    })
    progress(`  stopping all ${runs.length} through one controller, reason "${DEMO_REASON}"…`)
    const rows = await Promise.all(
      runs.map(async (run): Promise<DemoRow> => {
        const stopped = await controller.stop(run.handle, {
          reason: DEMO_REASON,
          errorCode: DEMO_ERROR_CODE,
          timeoutMs: 10_000,
        })
        if (stopped.isErr()) {
          progress(`    ${run.provider}: ${stopped.error.code}`)
          const row = { ...run, error: stopped.error }
          return { ...row, asExpected: expected(row) }
        }
        progress(
          `    ${run.provider}: ${stopped.value.outcome} (${statusText(stopped.value.providerStatus, stopped.value.status)})`,
        )
        if (stopped.value.outcome !== 'stop_requested') {
          const row = { ...run, stop: stopped.value }
          return { ...row, asExpected: expected(row) }
        }
        const waited = await controller.waitForTerminal(run.handle, {
          timeoutMs: 10_000,
          pollIntervalMs: 50,
          maxPollIntervalMs: 200,
        })
        const row = waited.isOk()
          ? { ...run, stop: stopped.value, final: waited.value }
          : { ...run, stop: stopped.value, waitError: waited.error }
        if (waited.isOk())
          progress(
            `    ${run.provider}: finished ${statusText(waited.value.providerStatus, waited.value.status)}`,
          )
        return { ...row, asExpected: expected(row) }
      }),
    )
    const durationMs = Date.now() - started
    const ok = rows.every((row) => row.asExpected)
    for (const row of rows) {
      if (!row.asExpected) {
        const problem = row.error ?? row.waitError
        ctx.output.err(
          `error: the ${row.case} ${row.provider} run did not behave as expected${problem ? `: ${errorLine(problem)}` : ''}\n`,
        )
      }
    }
    if (options.json) {
      ctx.output.json({
        ok,
        durationMs,
        endpoints: emulator.endpoints,
        reason: DEMO_REASON,
        rows: rows.map((row) => ({
          case: row.case,
          provider: row.provider,
          handle: formatHandle(row.handle),
          asExpected: row.asExpected,
          ...(row.stop ? { stop: stopResultJson(row.stop) } : {}),
          ...(row.error ? { error: errorJson(row.error) } : {}),
          ...(row.final ? { final: snapshotJson(row.final) } : {}),
          ...(row.waitError ? { waitError: errorJson(row.waitError) } : {}),
        })),
      })
    } else {
      ctx.output.out(renderDemoTable(rows))
      ctx.output.out(
        `\n${rows.length} stops through one controller in ${(durationMs / 1000).toFixed(1)} s: ` +
          `${ok ? 'every row as expected' : 'SOME ROWS NOT AS EXPECTED'} ` +
          '(the finished run is already_terminal, an Ok result; the missing one is NOT_FOUND).\n',
      )
    }
    return ok ? 0 : 1
  } finally {
    await emulator.close()
  }
}

/** The demo's table (the long handle last, so the rest stays readable). */
function renderDemoTable(rows: readonly DemoRow[]): string {
  return renderTable(
    ['CASE', 'PROVIDER', 'AT STOP', 'OUTCOME', 'REASON RECORDED', 'FINAL STATUS', 'HANDLE'],
    rows.map((row) => {
      const final = row.final ?? (row.stop?.outcome === 'stop_requested' ? undefined : row.stop)
      return [
        row.case,
        row.provider,
        row.stop ? statusText(row.stop.providerStatus, row.stop.status) : '-',
        row.stop ? row.stop.outcome : row.error ? errorCell(row.error) : '-',
        row.stop ? (row.stop.reasonRecorded ? 'yes' : 'no') : '-',
        final
          ? statusText(final.providerStatus, final.status)
          : row.waitError
            ? errorCell(row.waitError)
            : '-',
        formatHandle(row.handle),
      ]
    }),
  )
}
