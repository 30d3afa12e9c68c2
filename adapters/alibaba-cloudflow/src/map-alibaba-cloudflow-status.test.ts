import { isTerminal, type RunStatus } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { mapStatus, STATUS_TABLE } from './map-alibaba-cloudflow-status.js'

// Seed 003, response parameter `Status`: "The execution status. Valid values: Starting, Running,
// Stopped, Succeeded, Failed, TimedOut". DESIGN.md's Alibaba column maps them as below.
const SEED_ROWS: readonly (readonly [string, RunStatus, boolean])[] = [
  ['Starting', 'pending', false],
  ['Running', 'running', false],
  ['Stopped', 'stopped', true],
  ['Succeeded', 'succeeded', true],
  ['Failed', 'failed', true],
  ['TimedOut', 'timed_out', true],
]

describe('mapStatus: every status value of seed 003, row by row', () => {
  it.each(SEED_ROWS)('%s → %s (terminal: %s)', (providerStatus, expected, terminal) => {
    expect(mapStatus(providerStatus)).toBe(expected)
    expect(isTerminal(mapStatus(providerStatus))).toBe(terminal)
  })

  it('has exactly the six documented values', () => {
    expect(Object.keys(STATUS_TABLE).sort()).toEqual(SEED_ROWS.map(([value]) => value).sort())
  })
})

describe('mapStatus: case and whitespace', () => {
  it.each([
    ['STARTING', 'pending'],
    ['running', 'running'],
    ['sToPpEd', 'stopped'],
    ['SUCCEEDED', 'succeeded'],
    ['failed', 'failed'],
    ['TIMEDOUT', 'timed_out'],
    ['timedout', 'timed_out'],
    ['  Running\n', 'running'],
  ] as const)('%j → %s', (providerStatus, expected) => {
    expect(mapStatus(providerStatus)).toBe(expected)
  })
})

describe('mapStatus: values no table knows are unknown, never a throw', () => {
  it.each([
    ['Stopping'], // CloudFlow has no stopping state
    ['Timed_Out'],
    ['Timed Out'],
    ['Aborted'], // Bedrock's word, not CloudFlow's
    ['SUCCESS'], // MWAA's word
    [''],
    ['   '],
    ['Running2'],
    ['__proto__'],
    ['constructor'],
  ])('%j → unknown', (providerStatus) => {
    expect(mapStatus(providerStatus)).toBe('unknown')
  })

  it.each([[undefined], [null], [42], [true], [{ Status: 'Running' }], [['Running']]])(
    'non-string %j → unknown',
    (value) => {
      expect(mapStatus(value)).toBe('unknown')
    },
  )
})
