import type { StopResult } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { outcomeOf } from './outcome.js'

const stop = (outcome: StopResult['outcome']) => ({ outcome }) as StopResult

describe('outcomeOf', () => {
  it.each([
    [{ ok: true, method: 'stop', value: stop('stopped') }, 'stopped'],
    [{ ok: true, method: 'stop', value: stop('stop_requested') }, 'stop_requested'],
    [{ ok: true, method: 'stop', value: stop('already_terminal') }, 'already_terminal'],
    [{ ok: true, method: 'stop', value: undefined }, 'ok'],
    [{ ok: true, method: 'get', value: undefined }, 'ok'],
    [{ ok: true, method: 'waitForTerminal', value: undefined }, 'ok'],
    [{ ok: false, method: 'stop', value: undefined }, 'error'],
    [{ ok: false, method: 'get', value: undefined }, 'error'],
  ] as const)('%j → %s', (event, expected) => {
    expect(outcomeOf(event)).toBe(expected)
  })
})
