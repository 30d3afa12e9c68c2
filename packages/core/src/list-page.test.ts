import { describe, expect, it } from 'vitest'
import { listPage, serverStatusFilter } from './list-page.js'
import type { RunHandle } from './run-handle.js'
import type { RunStatus } from './run-status.js'

const scope = { provider: 'acme', queue: 'q' }
const options = {
  provider: 'acme',
  what: 'Acme ListJobs',
  scope,
  items: 'jobs',
  run: (item: Record<string, unknown>) =>
    typeof item.id === 'string'
      ? {
          handle: { provider: 'acme', id: item.id } as RunHandle,
          status: 'running' as const,
          providerStatus: item.state,
          startedAt: item.started,
          raw: item,
        }
      : undefined,
}

describe('listPage', () => {
  it('gives a snapshot per item with the request id, and the next token', () => {
    const page = listPage(
      {
        jobs: [{ id: 'a', state: 'RUNNING', started: 1_700_000_000 }],
        nextToken: 'n2',
        $metadata: { requestId: 'r1' },
      },
      options,
    )._unsafeUnwrap()
    expect(page).toEqual({
      runs: [
        {
          handle: { provider: 'acme', id: 'a' },
          status: 'running',
          providerStatus: 'RUNNING',
          startedAt: new Date(1_700_000_000_000),
          requestId: 'r1',
          raw: { id: 'a', state: 'RUNNING', started: 1_700_000_000 },
        },
      ],
      nextPageToken: 'n2',
    })
  })

  it.each([
    [{}, { runs: [] }],
    [{ jobs: [], nextToken: '' }, { runs: [] }],
    [null, { runs: [] }],
  ])('%j is an empty last page', (output, page) => {
    expect(listPage(output, options)._unsafeUnwrap()).toEqual(page)
  })

  it.each([
    [{ jobs: 'x' }, 'Acme ListJobs answered jobs that is not a list.'],
    [{ jobs: [{ state: 'RUNNING' }] }, 'Acme ListJobs answered an item of jobs that names no run.'],
    [{ jobs: [null] }, 'Acme ListJobs answered an item of jobs that names no run.'],
  ])('%j is UNKNOWN, never a guessed page', (output, message) => {
    const error = listPage({ ...output, $metadata: { requestId: 'r9' } }, options)._unsafeUnwrapErr()
    expect(error).toMatchObject({
      code: 'UNKNOWN',
      message,
      operation: 'list',
      handle: scope,
      requestId: 'r9',
    })
  })
})

describe('serverStatusFilter', () => {
  const table = {
    RUNNING: 'running',
    REDRIVE: 'pending',
    DONE: 'succeeded',
    ERR: 'failed',
    BAD: 'failed',
  } as const
  it.each<[RunStatus[] | undefined, string[], string | undefined]>([
    [['running'], [], 'RUNNING'],
    [['succeeded'], [], 'DONE'],
    [undefined, [], undefined],
    [[], [], undefined],
    [['running', 'succeeded'], [], undefined],
    [['failed'], [], undefined],
    [['stopped'], [], undefined],
    [['pending'], ['REDRIVE'], undefined],
    [['pending'], [], 'REDRIVE'],
  ])('%j (refused %j) → %s', (statuses, refused, filter) => {
    expect(serverStatusFilter(table, statuses, refused as (keyof typeof table)[])).toBe(filter)
  })
})
