import { describe, expect, it } from 'vitest'
import { checkScopeFor } from './check-scope-for.js'

describe('checkScopeFor', () => {
  it('gives a plain copy of a scope of the provider with known fields only', () => {
    const scope = { provider: 'p', flow: 'f' }
    expect(checkScopeFor(scope, 'p', ['flow', 'region'])._unsafeUnwrap()).toEqual(scope)
  })

  it.each([
    [{ provider: 'q', flow: 'f' }, "serves provider 'p', not 'q'"],
    [{ provider: 'p', flow: 'f', run: 'r' }, "p scopes have no field 'run'"],
    [{ provider: 'p', flow: 42 }, 'flow'],
    [null, 'scope'],
  ])('refuses %j with VALIDATION for list (%s)', (value, message) => {
    const error = checkScopeFor(value, 'p', ['flow'])._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'p', operation: 'list' })
    expect(error.message).toContain(message)
  })
})
