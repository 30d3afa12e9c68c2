import { describe, expect, it } from 'vitest'
import { createStatusMapper, isTerminal, RUN_STATUSES, type RunStatus } from './run-status.js'

describe('isTerminal', () => {
  const expected: Record<RunStatus, boolean> = {
    pending: false,
    running: false,
    stopping: false,
    succeeded: true,
    failed: true,
    timed_out: true,
    stopped: true,
    unknown: false,
  }
  it.each(RUN_STATUSES)('%s', (status) => {
    expect(isTerminal(status)).toBe(expected[status])
  })
})

describe('createStatusMapper', () => {
  // The design's three provider tables, as adapters would pass them.
  const mwaa = createStatusMapper({
    STARTING: 'pending',
    QUEUED: 'pending',
    RUNNING: 'running',
    STOPPING: 'stopping',
    SUCCESS: 'succeeded',
    FAILED: 'failed',
    TIMEOUT: 'timed_out',
    STOPPED: 'stopped',
  })
  const bedrock = createStatusMapper({
    Running: 'running',
    Succeeded: 'succeeded',
    Failed: 'failed',
    TimedOut: 'timed_out',
    Aborted: 'stopped',
  })
  const alibaba = createStatusMapper({
    Starting: 'pending',
    Running: 'running',
    Succeeded: 'succeeded',
    Failed: 'failed',
    TimedOut: 'timed_out',
    Stopped: 'stopped',
  })

  it.each([
    [mwaa, 'QUEUED', 'pending'],
    [mwaa, 'STOPPING', 'stopping'],
    [mwaa, 'SUCCESS', 'succeeded'],
    [mwaa, 'TIMEOUT', 'timed_out'],
    [mwaa, 'STOPPED', 'stopped'],
    [bedrock, 'Aborted', 'stopped'],
    [bedrock, 'ABORTED', 'stopped'],
    [bedrock, 'aborted', 'stopped'],
    [bedrock, 'TimedOut', 'timed_out'],
    [bedrock, 'TIMEDOUT', 'timed_out'],
    [alibaba, 'Starting', 'pending'],
    [alibaba, ' Stopped ', 'stopped'],
    [alibaba, 'running', 'running'],
  ] as const)('maps case-insensitively (%#: %s)', (mapper, value, status) => {
    expect(mapper(value)).toBe(status)
  })

  it.each([
    ['an unknown value', 'Paused'],
    ['an empty string', ''],
    ['another table’s value', 'SUCCESS'],
    ['undefined', undefined],
    ['null', null],
    ['a number', 3],
    ['an object', { status: 'Running' }],
  ])('maps %s to unknown without throwing', (_name, value) => {
    expect(bedrock(value)).toBe('unknown')
  })
})
