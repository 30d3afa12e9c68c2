import { describe, expect, it } from 'vitest'
import { wholeAtLeastOne } from './whole-number.js'

describe('wholeAtLeastOne', () => {
  it.each([
    [undefined, 8],
    [1, 1],
    [16, 16],
    [2.9, 2],
    [0.5, 8],
    [0, 8],
    [-3, 8],
    [Number.NaN, 8],
    [Number.POSITIVE_INFINITY, 8],
  ])('%s (fallback 8) → %s', (value, expected) => {
    expect(wholeAtLeastOne(value, 8)).toBe(expected)
  })
})
