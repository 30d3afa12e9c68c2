import type { RunStatus } from '@runstop/core'
import { type Command, InvalidArgumentError } from 'commander'
import type { CommandContext } from '../context.js'
import { parseDuration } from '../parse-duration.js'
import { runCampaignStart, runCampaignState, runCampaignStatus } from './campaign.js'
import { parseStatusList } from './list.js'
import { REDIS_URL_ENV } from './redis-url.js'
import { runWorker } from './worker.js'

function duration(text: string): number {
  const parsed = parseDuration(text)
  if (parsed.isErr() || parsed.value <= 0)
    throw new InvalidArgumentError(`"${text}" is not a duration (e.g. 30s).`)
  return parsed.value
}

function positiveInteger(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new InvalidArgumentError(`"${text}" is not a positive integer.`)
  return Number(text)
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

const REDIS_HELP = `Redis URL (redis://host:port; default $${REDIS_URL_ENV})`

/** Adds `runstop campaign start|status|pause|resume|cancel` and `runstop worker` to the program. */
export function addCampaignCommands(
  program: Command,
  ctx: CommandContext,
  setExitCode: (code: number) => void,
): void {
  const campaign = program
    .command('campaign')
    .description('Durable stop campaigns on Redis (BullMQ), carried out by `runstop worker` processes.')

  campaign
    .command('start')
    .description('Queue the stops of many runs (handles, or a scope) as one campaign and print its id.')
    .argument('[handles...]', 'run handles (runstop:<provider>?…)')
    .option('--from-file <file>', 'read handles from a file, one per line ("-" for stdin)')
    .option('--scope <scope>', 'stop the runs of a scope instead (listed page by page by the workers)')
    .option('--status <list>', 'with --scope: statuses to stop (default pending,running)', parseStatusList)
    .option('--page-size <n>', 'with --scope: runs per listed page', positiveInteger)
    .option('--id <id>', 'campaign id (default: random); starting an id again adds to it')
    .option('--reason <text>', 'stop reason, recorded by providers that can (Alibaba Cause)')
    .option('--error-code <code>', 'error code, recorded by providers that can (Alibaba Error)')
    .option('--redis <url>', REDIS_HELP)
    .option('--json', 'print one JSON document')
    .action(
      async (
        handles: string[],
        opts: {
          fromFile?: string
          scope?: string
          status?: RunStatus[]
          pageSize?: number
          id?: string
          reason?: string
          errorCode?: string
          redis?: string
          json?: boolean
        },
      ) => {
        setExitCode(await runCampaignStart(ctx, handles, { ...opts, json: opts.json === true }))
      },
    )

  campaign
    .command('status')
    .description('Print a campaign’s counts by outcome and its first failures.')
    .argument('<id>', 'campaign id')
    .option('--failures <n>', 'failures to print (default 20)', positiveInteger)
    .option('--redis <url>', REDIS_HELP)
    .option('--json', 'print one JSON document')
    .action(async (id: string, opts: { failures?: number; redis?: string; json?: boolean }) => {
      setExitCode(await runCampaignStatus(ctx, id, { ...opts, json: opts.json === true }))
    })

  for (const [action, text] of [
    ['pause', 'Hold back a campaign’s stops until it is resumed.'],
    ['resume', 'Let a paused campaign go on.'],
    ['cancel', 'Cancel a campaign: stops not yet sent are never sent.'],
  ] as const) {
    campaign
      .command(action)
      .description(text)
      .argument('<id>', 'campaign id')
      .option('--redis <url>', REDIS_HELP)
      .option('--json', 'print one JSON document')
      .action(async (id: string, opts: { redis?: string; json?: boolean }) => {
        setExitCode(await runCampaignState(ctx, action, id, { ...opts, json: opts.json === true }))
      })
  }

  program
    .command('worker')
    .description('Carry out the stops of every campaign in Redis until Ctrl-C (run one or many).')
    .option('--redis <url>', REDIS_HELP)
    .option(
      '--limit <provider=max[/duration]>',
      'stop rate per queue (provider, region, account), e.g. alibaba-cloudflow=2/1s; repeatable',
      collect,
    )
    .option('--concurrency <n>', 'stops in flight per queue in this process (default 8)', positiveInteger)
    .option(
      '--lock-duration <duration>',
      'a dead worker’s jobs are taken over after about this long (default 30s)',
      duration,
    )
    .option(
      '--stalled-interval <duration>',
      'how often to look for a dead worker’s jobs (default 30s)',
      duration,
    )
    .option('--discover-interval <duration>', 'how often to look for new queues (default 5s)', duration)
    .action(
      async (opts: {
        redis?: string
        limit?: string[]
        concurrency?: number
        lockDuration?: number
        stalledInterval?: number
        discoverInterval?: number
      }) => {
        setExitCode(
          await runWorker(ctx, {
            ...(opts.redis === undefined ? {} : { redis: opts.redis }),
            ...(opts.limit === undefined ? {} : { limit: opts.limit }),
            ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
            ...(opts.lockDuration === undefined ? {} : { lockDurationMs: opts.lockDuration }),
            ...(opts.stalledInterval === undefined ? {} : { stalledIntervalMs: opts.stalledInterval }),
            ...(opts.discoverInterval === undefined ? {} : { discoverIntervalMs: opts.discoverInterval }),
          }),
        )
      },
    )
}
