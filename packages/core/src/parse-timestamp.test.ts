import { describe, expect, it } from 'vitest'
import { parseTimestamp } from './parse-timestamp.js'

describe('parseTimestamp', () => {
  it.each([
    ['epoch seconds', 1_700_000_000, '2023-11-14T22:13:20.000Z'],
    ['fractional epoch seconds', 1_700_000_000.5, '2023-11-14T22:13:20.500Z'],
    ['epoch seconds as a string', '1700000000', '2023-11-14T22:13:20.000Z'],
    ['an ISO 8601 string', '2024-03-01T12:00:00Z', '2024-03-01T12:00:00.000Z'],
    ['an ISO string with offset', '2024-03-01T12:00:00+02:00', '2024-03-01T10:00:00.000Z'],
    ['a Date', new Date('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05.000Z'],
    ['zero', 0, '1970-01-01T00:00:00.000Z'],
  ])('parses %s', (_name, value, iso) => {
    expect(parseTimestamp(value)?.toISOString()).toBe(iso)
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['blank', '   '],
    ['garbage', 'not a date'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an invalid Date', new Date('nope')],
    ['an object', { seconds: 1 }],
    ['a boolean', true],
    ['out of range seconds', 1e16],
  ])('answers undefined for %s', (_name, value) => {
    expect(parseTimestamp(value)).toBeUndefined()
  })
})
