import type { CampaignStatus, Campaigns } from '@runstop/bullmq'
import type { RunError, RunStatus } from '@runstop/core'
import type { ResultAsync } from 'neverthrow'
import type { CommandContext } from '../context.js'
import { UsageError } from '../context.js'
import { openHandleLines } from '../handle-lines.js'
import { redisUrl } from './redis-url.js'

export interface CampaignCommandOptions {
  readonly redis?: string
  readonly json?: boolean
}

export interface CampaignStartOptions extends CampaignCommandOptions {
  readonly id?: string
  /** A scope string: its runs are listed by the workers instead of handles given here. */
  readonly scope?: string
  readonly status?: readonly RunStatus[]
  readonly pageSize?: number
  readonly reason?: string
  readonly errorCode?: string
  readonly fromFile?: string
}

/** Opens the campaign API (loaded on demand: the CLI's other commands never pay for BullMQ). */
async function openCampaigns(ctx: CommandContext, options: CampaignCommandOptions): Promise<Campaigns> {
  const url = redisUrl(ctx, options.redis)
  const { createCampaigns } = await import('@runstop/bullmq')
  const cli = ctx.controller()
  const created = createCampaigns({ connection: url, adapters: cli.adapters })
  if (created.isErr()) throw new UsageError(created.error.message)
  return created.value
}

async function withCampaigns<T>(
  ctx: CommandContext,
  options: CampaignCommandOptions,
  call: (campaigns: Campaigns) => ResultAsync<T, RunError | UsageError>,
): Promise<T> {
  const campaigns = await openCampaigns(ctx, options)
  try {
    const result = await call(campaigns)
    if (result.isErr()) throw result.error
    return result.value
  } finally {
    await campaigns.close()
  }
}

/**
 * `runstop campaign start [handles…] [--from-file f|-]`: validates each handle locally, queues
 * its stop in Redis and prints the campaign id. The stops are made by `runstop worker` processes.
 * Exit 1 when a handle was invalid (it is recorded failed in the campaign) or the input could not
 * be read to its end; 0 otherwise.
 */
export async function runCampaignStart(
  ctx: CommandContext,
  handleArgs: readonly string[],
  options: CampaignStartOptions,
): Promise<number> {
  const inputs = [handleArgs.length > 0, options.fromFile !== undefined, options.scope !== undefined]
  if (inputs.filter(Boolean).length > 1)
    throw new UsageError('Give handles as arguments, with --from-file, or --scope: one of them.')
  if (!inputs.includes(true))
    throw new UsageError('Nothing to stop: give handles, --from-file <file|->, or --scope <scope>.')
  if (options.scope === undefined && (options.status !== undefined || options.pageSize !== undefined))
    throw new UsageError('--status and --page-size go with --scope.')
  const source =
    options.fromFile === undefined ? undefined : await openHandleLines(options.fromFile, ctx.io.stdin)
  const started = await withCampaigns(ctx, options, (campaigns) =>
    campaigns
      .start({
        ...(options.scope === undefined
          ? { handles: source?.lines ?? handleArgs }
          : {
              scope: options.scope,
              ...(options.status === undefined ? {} : { statuses: options.status }),
              ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
            }),
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode }),
      })
      // A scope the adapter rejects is a mistake on the command line: nothing was queued.
      .mapErr((error) =>
        options.scope !== undefined && error.code === 'VALIDATION'
          ? new UsageError(`Invalid scope "${options.scope}": ${error.message}`)
          : error,
      ),
  )
  const readError = source?.readError()
  if (options.json) ctx.output.json({ ok: readError === undefined, campaign: started })
  else if (started.scope !== undefined)
    ctx.output.out(`campaign ${started.id}: listing ${started.scope} in the workers\n`)
  else {
    ctx.output.out(
      `campaign ${started.id}: ${started.read} read, ${started.enqueued} queued, ${started.duplicates} duplicates, ${started.invalid} invalid\n`,
    )
  }
  if (readError !== undefined) {
    ctx.output.err(`error: reading the handles failed: ${readError.message}\n`)
    return 1
  }
  // A handle that failed validation is recorded failed in the campaign: something failed.
  return started.invalid > 0 ? 1 : 0
}

/** `runstop campaign status <id>`: counts by outcome and the first failures. Exit 0 when read. */
export async function runCampaignStatus(
  ctx: CommandContext,
  id: string,
  options: CampaignCommandOptions & { readonly failures?: number },
): Promise<number> {
  const status = await withCampaigns(ctx, options, (campaigns) =>
    campaigns.status(id, { failuresLimit: options.failures ?? 20 }),
  )
  if (options.json) ctx.output.json({ ok: true, campaign: status })
  else ctx.output.out(renderStatus(status))
  return 0
}

function renderStatus(status: CampaignStatus): string {
  const c = status.counts
  const lines = [
    `campaign ${status.id}: ${status.state}${status.finished ? ', finished' : status.inputDone ? '' : ', input still being read'}`,
    `  total ${status.total}  stopped ${c.stopped}  stop requested ${c.stopRequested}  already terminal ${c.alreadyTerminal}  failed ${c.failed}  cancelled ${c.cancelled}  pending ${c.pending}`,
  ]
  if (status.failures.length > 0) {
    lines.push('failures:')
    for (const failure of status.failures)
      lines.push(`  ${failure.error.code}  ${failure.handle}  ${failure.error.message}`)
  }
  return `${lines.join('\n')}\n`
}

/** `runstop campaign pause|resume|cancel <id>`: prints the campaign's state after the change. */
export async function runCampaignState(
  ctx: CommandContext,
  action: 'pause' | 'resume' | 'cancel',
  id: string,
  options: CampaignCommandOptions,
): Promise<number> {
  const state = await withCampaigns(ctx, options, (campaigns) => campaigns[action](id))
  if (options.json) ctx.output.json({ ok: true, campaign: { id, state } })
  else ctx.output.out(`campaign ${id}: ${state}\n`)
  return 0
}
