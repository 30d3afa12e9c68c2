import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkScopeShape, formatScope, parseScope, type RunScope } from './run-scope.js'

const field = fc.string({ minLength: 1 }).filter((k) => k !== 'provider')

describe('formatScope / parseScope', () => {
  it('round-trips every scope, and equal scopes give equal strings whatever the key order', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.dictionary(field, fc.string(), { maxKeys: 5 }),
        (provider, fields) => {
          const scope = { ...fields, provider } as RunScope
          const text = formatScope(scope)
          const reversed = Object.fromEntries(Object.entries(scope).reverse()) as RunScope
          expect(formatScope(reversed)).toBe(text)
          const parsed = parseScope(text)._unsafeUnwrap()
          // Lone surrogates become U+FFFD (as for handles); compare well-formed values.
          const wellFormed = Object.fromEntries(
            Object.entries(scope).map(([k, v]) => [k.toWellFormed(), String(v).toWellFormed()]),
          )
          expect(parsed).toEqual(wellFormed)
        },
      ),
    )
  })

  it('writes the documented form: runstop:<provider>?<k>=<v>&…, keys sorted, values percent-encoded', () => {
    const text = formatScope({ provider: 'bedrock-flows', region: 'us-east-1', flowIdentifier: 'FLOW123456' })
    expect(text).toBe('runstop:bedrock-flows?flowIdentifier=FLOW123456&region=us-east-1')
    expect(formatScope({ provider: 'alibaba-cloudflow', flowName: 'a&b=c' })).toBe(
      'runstop:alibaba-cloudflow?flowName=a%26b%3Dc',
    )
  })

  it.each([
    [42, 'must be a string'],
    ['mwaa-serverless?workflowArn=x', 'starts with "runstop:"'],
    ['runstop:?a=b', 'names its provider'],
    ['runstop:p?noequals', 'written key=value'],
    ['runstop:p?a=%E0%A4%A', 'percent-encoding'],
    ['runstop:p?a=1&a=2', 'Scope field "a" appears twice'],
  ])('refuses %j as VALIDATION, saying "scope" (%s)', (input, words) => {
    const error = parseScope(input)._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain(words)
    expect(error.message.toLowerCase()).toContain('scope')
  })

  it('checkScopeShape refuses non-objects and non-string fields', () => {
    expect(checkScopeShape(null)._unsafeUnwrapErr().message).toContain('run scope')
    expect(checkScopeShape({ provider: '' })._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(checkScopeShape({ provider: 'p', flowName: 3 })._unsafeUnwrapErr().message).toContain('flowName')
    expect(checkScopeShape({ provider: 'p', flowName: 'f' })._unsafeUnwrap()).toEqual({
      provider: 'p',
      flowName: 'f',
    })
  })
})
