import { describe, expect, it } from 'vitest'
import { runErrorCodeForHttpStatus } from './http-status-code.js'

describe('runErrorCodeForHttpStatus', () => {
  it.each([
    [400, 'VALIDATION'],
    [401, 'UNAUTHENTICATED'],
    [403, 'ACCESS_DENIED'],
    [404, 'NOT_FOUND'],
    [408, 'TIMEOUT'],
    [409, 'CONFLICT'],
    [413, 'VALIDATION'],
    [415, 'NOT_SUPPORTED'],
    [422, 'VALIDATION'],
    [429, 'THROTTLED'],
    [500, 'UNAVAILABLE'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [599, 'UNAVAILABLE'],
    [200, 'UNKNOWN'],
    [302, 'UNKNOWN'],
    [418, 'UNKNOWN'],
    [600, 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ] as const)('%s → %s', (status, code) => {
    expect(runErrorCodeForHttpStatus(status)).toBe(code)
  })
})
