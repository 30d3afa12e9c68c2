import type { RunHandle } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { validateHandle } from './bedrock-flows-handle.js'

const good = {
  provider: 'bedrock-flows',
  flowIdentifier: 'FLOW123456',
  flowAliasIdentifier: 'ALIAS12345',
  executionIdentifier: '0f4c6a2e-9a51-4c1e-8d39-3b1f2a7c9e10',
} as const

function problem(handle: Record<string, string | undefined>) {
  const result = validateHandle(handle as RunHandle)
  if (result.isOk()) throw new Error(`expected ${JSON.stringify(handle)} to be rejected`)
  expect(result.error.code).toBe('VALIDATION')
  expect(result.error.provider).toBe('bedrock-flows')
  expect(result.error.retryable).toBe(false)
  return result.error.message
}

describe('validateHandle', () => {
  it('accepts a handle of bare ids, with and without region, and returns it unchanged', () => {
    expect(validateHandle(good)._unsafeUnwrap()).toEqual(good)
    const withRegion = { ...good, region: 'eu-central-1' }
    expect(validateHandle(withRegion)._unsafeUnwrap()).toEqual(withRegion)
    expect(validateHandle({ ...good, region: 'us-gov-west-1' }).isOk()).toBe(true)
  })

  it.each([
    ['flowIdentifier', 'ABCDEFGHIJ'],
    ['flowIdentifier', '0123456789'],
    ['flowAliasIdentifier', 'TSTALIASID'],
    ['flowAliasIdentifier', 'A'],
    ['flowAliasIdentifier', 'a'.repeat(2048)],
    ['executionIdentifier', 'e'],
    ['executionIdentifier', 'x'.repeat(36)],
    ['executionIdentifier', '-'],
    ['executionIdentifier', 'ABC-def-123'],
  ])('accepts %s %j (boundaries of the model pattern)', (field, value) => {
    expect(validateHandle({ ...good, [field]: value }).isOk()).toBe(true)
  })

  it.each([
    ['flowIdentifier', 'ABCDEFGHI', 'exactly 10'],
    ['flowIdentifier', 'ABCDEFGHIJK', 'exactly 10'],
    ['flowIdentifier', 'ABCDEFGHI-', 'exactly 10'],
    ['flowAliasIdentifier', 'a'.repeat(2049), 'longer than 2048'],
    ['flowAliasIdentifier', 'ALIAS_1', '[0-9a-zA-Z]'],
    ['flowAliasIdentifier', 'ALIAS-1', '[0-9a-zA-Z]'],
    ['executionIdentifier', 'x'.repeat(37), '1 to 36'],
    ['executionIdentifier', 'under_score', '1 to 36'],
    ['executionIdentifier', 'dot.dot', '1 to 36'],
    ['executionIdentifier', 'ünïcode', '1 to 36'],
  ])('rejects %s %j, naming the field and the rule', (field, value, rule) => {
    const message = problem({ ...good, [field]: value })
    expect(message).toContain(field)
    expect(message).toContain(rule)
  })

  it.each(['flowIdentifier', 'flowAliasIdentifier', 'executionIdentifier'])('%s is required', (field) => {
    expect(problem({ ...good, [field]: undefined })).toBe(`${field} is required.`)
    expect(problem({ ...good, [field]: '' })).toBe(`${field} is required.`)
  })

  it.each([
    ['../x', "'/'"],
    ['a/b', "'/'"],
    ['..', "'..'"],
    ['a?b', "'?'"],
    ['a#b', "'#'"],
    ['%2e%2e', "'%'"],
    ['a%2Fb', "'%'"],
    ['a\nb', 'control characters'],
    ['a\u0000b', 'control characters'],
    ['a\u007fb', 'control characters'],
    ['a\tb', 'control characters'],
  ])('path injection %j is rejected (%s)', (value, what) => {
    for (const field of ['flowIdentifier', 'flowAliasIdentifier', 'executionIdentifier']) {
      const message = problem({ ...good, [field]: value })
      expect(message).toContain(field)
      expect(message).toContain(what)
    }
  })

  it('rejects the ARN forms the model allows (they carry "/"), naming the bare id to use', () => {
    const flowArn = 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456'
    expect(problem({ ...good, flowIdentifier: flowArn })).toContain("flowIdentifier 'FLOW123456'")
    expect(problem({ ...good, flowAliasIdentifier: `${flowArn}/alias/ALIAS12345` })).toContain(
      "flowAliasIdentifier 'ALIAS12345'",
    )
    const execution = problem({
      ...good,
      executionIdentifier: `${flowArn}/alias/ALIAS12345/execution/${good.executionIdentifier}`,
    })
    expect(execution).toContain('not an ARN')
    expect(execution).toContain(`executionIdentifier '${good.executionIdentifier}'`)
  })

  it('rejects what the model pattern, read literally (one-sided anchors), would let through', () => {
    // ^(arn:…)|([0-9a-zA-Z]{10})$ matches any string that merely ends in 10 alphanumerics.
    expect(problem({ ...good, flowIdentifier: '../x/ABCDEFGHIJ' })).toContain("'/'")
    expect(problem({ ...good, executionIdentifier: 'abc\nabc' })).toContain('control characters')
  })

  it.each(['US-EAST-1', 'us_east_1', 'us-east-1.evil.com', 'us-east-1/', '', 'a'.repeat(21), '-us-east-1'])(
    'rejects region %j',
    (region) => {
      expect(problem({ ...good, region })).toContain('region')
    },
  )

  it('rejects another provider and a malformed handle', () => {
    expect(problem({ ...good, provider: 'mwaa-serverless' })).toContain("not 'mwaa-serverless'")
    const notString = validateHandle({ ...good, executionIdentifier: 7 } as unknown as RunHandle)
    expect(notString._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(notString._unsafeUnwrapErr().message).toContain('executionIdentifier')
    expect(validateHandle(null as unknown as RunHandle)._unsafeUnwrapErr().code).toBe('VALIDATION')
  })
})
