import { describe, expect, it } from 'vitest'
import { parseDuration } from './parse-duration.js'

describe('parseDuration', () => {
  it.each([
    ['1500ms', 1500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['  10S ', 10_000],
    ['0s', 0],
  ])('parses %s as %d ms', (text, expected) => {
    expect(parseDuration(text)._unsafeUnwrap()).toBe(expected)
  })

  it.each(['', '   ', '5', '5x', 'm5', '-5s', '5 m', 'five minutes', '5m junk', '1.s', 's', '1e3ms'])(
    'rejects %j with a usage sentence',
    (text) => {
      const result = parseDuration(text)
      expect(result.isErr()).toBe(true)
      expect(result._unsafeUnwrapErr()).toMatch(/duration/)
    },
  )

  it('rejects a duration too long to be a safe number of milliseconds', () => {
    expect(parseDuration(`${'9'.repeat(20)}d`).isErr()).toBe(true)
  })
})
