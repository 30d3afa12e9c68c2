import { describe, expect, it } from 'vitest'
import type { RunStatus } from './run-status.js'
import { nextPassToken, readPassToken, statusPasses } from './status-passes.js'

const TABLE: Record<string, RunStatus> = {
  STARTING: 'pending',
  QUEUED: 'pending',
  RUNNING: 'running',
  STOPPED: 'stopped',
}

describe('statusPasses', () => {
  it.each<[RunStatus[] | undefined, (string | undefined)[]]>([
    [undefined, [undefined]],
    [['running'], ['RUNNING']],
    // Two provider states of one status: a pass each.
    [['pending'], ['STARTING', 'QUEUED']],
    [['running', 'running'], ['RUNNING']],
    [['stopping'], []],
    [['running', 'unknown'], [undefined]],
  ])('statusPasses(%j) is %j', (statuses, passes) => {
    expect(statusPasses(TABLE, statuses)).toEqual(passes)
  })
})

describe('pass page tokens', () => {
  it('reads what nextPassToken made, pass by pass, and ends after the last pass', () => {
    expect(readPassToken(undefined, 2)).toEqual({ pass: 0 })
    const inPass = nextPassToken({ pass: 0 }, 2, 'abc.def')
    expect(inPass).toBe('0.abc.def')
    expect(readPassToken(inPass, 2)).toEqual({ pass: 0, next: 'abc.def' })
    const nextPass = nextPassToken({ pass: 0, next: 'abc.def' }, 2, undefined)
    expect(readPassToken(nextPass, 2)).toEqual({ pass: 1 })
    expect(nextPassToken({ pass: 1 }, 2, undefined)).toBeUndefined()
  })

  it.each(['garbage', '7.abc', '2.', '.x', ''])('refuses a token it did not make: %j', (token) => {
    expect(readPassToken(token, 2)).toBeUndefined()
  })
})
