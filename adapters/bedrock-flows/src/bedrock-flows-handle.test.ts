import type { RunHandle } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { bedrockFlowsHandle, validateHandle } from './bedrock-flows-handle.js'

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
  it('accepts a handle of bare ids, with and without region, and returns it as it is', () => {
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
    ['flowAliasIdentifier', 'a'.repeat(2049), '1–2048 characters long (got 2049)'],
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
    expect(problem({ ...good, [field]: undefined })).toContain(`field "${field}" is required`)
    expect(problem({ ...good, [field]: '' })).toContain(`field "${field}" is required`)
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
    expect(problem({ ...good, provider: 'mwaa-serverless' })).toContain('(got "mwaa-serverless")')
    const notString = validateHandle({ ...good, executionIdentifier: 7 } as unknown as RunHandle)
    expect(notString._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(notString._unsafeUnwrapErr().message).toContain('executionIdentifier')
    expect(validateHandle(null as unknown as RunHandle)._unsafeUnwrapErr().code).toBe('VALIDATION')
  })
})

const FLOW_ARN = 'arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456'
const ALIAS_ARN = `${FLOW_ARN}/alias/ALIAS12345`
const EXECUTION_ARN = `${ALIAS_ARN}/execution/${good.executionIdentifier}`
const canonical = { ...good, region: 'eu-west-1' }

describe('validateHandle with ARNs (the forms the service model allows)', () => {
  it.each([
    ['an execution ARN alone', { provider: 'bedrock-flows', executionIdentifier: EXECUTION_ARN }],
    [
      'an execution ARN and its region',
      { provider: 'bedrock-flows', executionIdentifier: EXECUTION_ARN, region: 'eu-west-1' },
    ],
    ['an execution ARN beside the bare ids', { ...good, executionIdentifier: EXECUTION_ARN }],
    ['a flow ARN', { ...good, flowIdentifier: FLOW_ARN }],
    [
      'an alias ARN and no flow',
      {
        provider: 'bedrock-flows',
        flowAliasIdentifier: ALIAS_ARN,
        executionIdentifier: good.executionIdentifier,
      },
    ],
    [
      'all three ARNs',
      {
        provider: 'bedrock-flows',
        flowIdentifier: FLOW_ARN,
        flowAliasIdentifier: ALIAS_ARN,
        executionIdentifier: EXECUTION_ARN,
      },
    ],
    ['bare ids and region', canonical],
  ])('%s gives the canonical handle: bare ids and region', (_, handle) => {
    expect(validateHandle(handle as RunHandle)._unsafeUnwrap()).toEqual(canonical)
  })

  it('the canonical handle is its own canonical form, and extra fields are dropped', () => {
    const once = validateHandle({
      provider: 'bedrock-flows',
      executionIdentifier: EXECUTION_ARN,
    })._unsafeUnwrap()
    expect(validateHandle(once)._unsafeUnwrap()).toEqual(once)
    expect(validateHandle({ ...good, note: 'x' } as RunHandle)._unsafeUnwrap()).toEqual(good)
  })

  it('a region in the ARN that disagrees with the handle region is VALIDATION', () => {
    const message = problem({
      provider: 'bedrock-flows',
      executionIdentifier: EXECUTION_ARN,
      region: 'us-east-1',
    })
    expect(message).toContain('"eu-west-1"')
    expect(message).toContain('"us-east-1"')
  })

  it.each([
    [
      'flows',
      { ...good, executionIdentifier: EXECUTION_ARN.replace('FLOW123456', 'OTHER12345') },
      'flowIdentifier',
    ],
    [
      'aliases',
      { ...good, executionIdentifier: EXECUTION_ARN.replace('ALIAS12345', 'OTHER12345') },
      'flowAliasIdentifier',
    ],
    [
      'regions',
      {
        ...good,
        flowIdentifier: FLOW_ARN.replace('eu-west-1', 'us-east-1'),
        executionIdentifier: EXECUTION_ARN,
      },
      'region',
    ],
    [
      'accounts',
      {
        ...good,
        flowIdentifier: FLOW_ARN.replace('123456789012', '210987654321'),
        executionIdentifier: EXECUTION_ARN,
      },
      'account',
    ],
  ])('ARNs that name different %s are VALIDATION', (_, handle, what) => {
    expect(problem(handle)).toContain(what)
  })

  it.each([
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/../x'],
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/a?b'],
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/a#b'],
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/a\nb'],
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/a%2Fb'],
    ['arn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345'],
    ['arn:aws:bedrock:EU-WEST-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/x'],
    ['arn:aws-cn:bedrock:cn-north-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/x'],
    ['arn:aws:bedrock:eu-west-1:12345:flow/FLOW123456/alias/ALIAS12345/execution/x'],
    ['arn:aws:bedrock:-eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/x'],
    ['xarn:aws:bedrock:eu-west-1:123456789012:flow/FLOW123456/alias/ALIAS12345/execution/x'],
  ])('a malformed execution ARN %j is VALIDATION', (value) => {
    const message = problem({ ...good, executionIdentifier: value })
    expect(message).toMatch(/executionIdentifier|region/)
  })

  it('a flow or alias missing without an execution ARN to supply it is VALIDATION', () => {
    expect(problem({ provider: 'bedrock-flows', executionIdentifier: good.executionIdentifier })).toContain(
      'field "flowIdentifier" is required',
    )
    expect(
      problem({
        provider: 'bedrock-flows',
        flowIdentifier: FLOW_ARN,
        executionIdentifier: good.executionIdentifier,
      }),
    ).toContain('field "flowAliasIdentifier" is required')
  })
})

describe('bedrockFlowsHandle', () => {
  it.each([
    ['{ executionArn } (StartFlowExecution output)', { executionArn: EXECUTION_ARN }, canonical],
    ['{ executionArn, region } that agree', { executionArn: EXECUTION_ARN, region: 'eu-west-1' }, canonical],
    ['the three bare ids', { ...good, provider: undefined }, good],
    [
      'the three bare ids and region',
      {
        flowIdentifier: good.flowIdentifier,
        flowAliasIdentifier: good.flowAliasIdentifier,
        executionIdentifier: good.executionIdentifier,
        region: 'eu-west-1',
      },
      canonical,
    ],
    [
      'ARN forms in the three fields',
      { flowIdentifier: FLOW_ARN, flowAliasIdentifier: ALIAS_ARN, executionIdentifier: EXECUTION_ARN },
      canonical,
    ],
  ])('%s', (_, input, expected) => {
    const { provider: _p, ...rest } = input as Record<string, unknown>
    expect(bedrockFlowsHandle(rest as never)._unsafeUnwrap()).toEqual(expected)
  })

  it.each([
    [
      'an execution ARN in another region than region',
      { executionArn: EXECUTION_ARN, region: 'us-east-1' },
      'us-east-1',
    ],
    ['a flow ARN given as executionArn', { executionArn: FLOW_ARN }, 'executionArn'],
    ['a bare id given as executionArn', { executionArn: good.executionIdentifier }, 'executionArn'],
    ['a number as executionArn', { executionArn: 7 }, 'executionArn'],
    [
      'a missing alias',
      { flowIdentifier: good.flowIdentifier, executionIdentifier: good.executionIdentifier },
      'flowAliasIdentifier',
    ],
    ['a path in an id', { ...good, provider: undefined, executionIdentifier: '../stop' }, "'/'"],
    ['null', null, 'executionArn'],
  ])('%s is VALIDATION', (_, input, text) => {
    const result = bedrockFlowsHandle(input as never)
    expect(result._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(result._unsafeUnwrapErr().message).toContain(text)
  })
})
