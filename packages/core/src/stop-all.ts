import type { Result } from 'neverthrow'
import { DEFAULT_BATCH, reportOfNoStops } from './batch-defaults.js'
import type {
  BatchStopReport,
  ListRunsOptions,
  StopAllOptions,
  StopAllReport,
  StopManyOptions,
} from './controller-types.js'
import type { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'
import type { RunScope } from './run-scope.js'
import type { RunSnapshot } from './run-snapshot.js'
import type { RunStatus } from './run-status.js'

/** What `stopAll` stops when no `statuses` are given: the runs still active. */
export const DEFAULT_STOP_ALL_STATUSES: readonly RunStatus[] = ['pending', 'running']

/** What `stopAll` uses of the controller: its listing and its batch engine. */
export interface StopAllDeps {
  listRuns(scope: RunScope, options: ListRunsOptions): AsyncIterable<Result<RunSnapshot, RunError>>
  stopMany(handles: AsyncIterable<RunHandle>, options: StopManyOptions): Promise<BatchStopReport>
}

/**
 * `stopAll`: the scope's runs in `statuses`, streamed page by page into the batch engine, so
 * memory stays bounded by a page plus the batch's read-ahead whatever the number of runs. A run
 * that finished between its listing and its stop is the adapter's `already_terminal`, as for any
 * stop. A listing error ends the input: runs read before it are stopped and reported, and the
 * error is the report's `inputError`. `dryRun` lists and reports the matches; nothing is stopped.
 */
export async function stopAll(
  deps: StopAllDeps,
  scope: RunScope,
  options: StopAllOptions = {},
): Promise<StopAllReport> {
  const { statuses = DEFAULT_STOP_ALL_STATUSES, dryRun = false, pageSize, ...batchOptions } = options
  const listOptions: ListRunsOptions = {
    statuses,
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }
  const started = Date.now()
  let listError: RunError | undefined

  if (dryRun) {
    const matched: RunSnapshot[] = []
    for await (const item of deps.listRuns(scope, listOptions)) {
      if (item.isErr()) {
        listError = item.error
        break
      }
      matched.push(item.value)
    }
    // Nothing was stopped: a dry run only lists.
    const report = reportOfNoStops(matched.length, started, options.signal?.aborted ?? false, listError)
    return { ...report, dryRun: true, matched }
  }

  async function* handles(): AsyncGenerator<RunHandle> {
    for await (const item of deps.listRuns(scope, listOptions)) {
      if (item.isErr()) {
        listError = item.error
        return
      }
      yield item.value.handle
    }
  }
  // One scope is one provider: there is no other lane to run past, so reading far ahead would only
  // hold listed runs in memory. The batch reads a few windows ahead: memory is a page plus that.
  const readAhead = batchOptions.readAhead ?? (batchOptions.concurrency ?? DEFAULT_BATCH.concurrency) * 4
  const report = await deps.stopMany(handles(), { ...batchOptions, readAhead })
  return {
    ...report,
    // The listing's own error says more than the batch's generic "reading the input failed".
    ...(listError === undefined ? {} : { inputError: listError }),
    dryRun: false,
  }
}
