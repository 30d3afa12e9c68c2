import { describe, expect, it } from 'vitest'
import { stepFunctionsHandle, validateHandle } from './step-functions-handle.js'

const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:order-pipeline:order-42'

describe('validateHandle', () => {
  it.each([
    ARN,
    'arn:aws-cn:states:cn-north-1:123456789012:execution:m:e',
    'arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:m:e',
    'arn:aws:states:us-east-1:123456789012:execution:parent/mapLabel:0b7e1a2c-3d4e-4f5a-8b9c-0d1e2f3a4b5c',
  ])('accepts %s and gives the canonical handle', (executionArn) => {
    expect(validateHandle({ provider: 'step-functions', executionArn })._unsafeUnwrap()).toEqual({
      provider: 'step-functions',
      executionArn,
    })
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['longer than 256', `${ARN}${'x'.repeat(257 - ARN.length)}`],
    ['another service', 'arn:aws:lambda:eu-west-1:123456789012:function:f'],
    ['a state machine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-pipeline'],
    ['no region', 'arn:aws:states::123456789012:execution:m:e'],
    ['a short account', 'arn:aws:states:eu-west-1:1234:execution:m:e'],
    ['white space in a name', 'arn:aws:states:eu-west-1:123456789012:execution:m:e 1'],
    ['a control character', 'arn:aws:states:eu-west-1:123456789012:execution:m:e\u0001'],
    ['a name over 80 characters', `arn:aws:states:eu-west-1:123456789012:execution:m:${'e'.repeat(81)}`],
  ])('refuses %s with VALIDATION', (_case, executionArn) => {
    const error = validateHandle({ provider: 'step-functions', executionArn })._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'step-functions' })
  })

  it('refuses an Express execution as NOT_SUPPORTED, saying it cannot be stopped', () => {
    const executionArn =
      'arn:aws:states:eu-west-1:123456789012:express:fast:run-1:3b8c1f0e-aaaa-bbbb-cccc-0123456789ab'
    const error = validateHandle({ provider: 'step-functions', executionArn })._unsafeUnwrapErr()
    expect(error.code).toBe('NOT_SUPPORTED')
    expect(error.message).toMatch(/Express executions cannot be stopped/)
  })

  it("accepts the ARN's own region on the handle (dropped from the canonical form) and no other", () => {
    expect(
      validateHandle({ provider: 'step-functions', executionArn: ARN, region: 'eu-west-1' })._unsafeUnwrap(),
    ).toEqual({
      provider: 'step-functions',
      executionArn: ARN,
    })
    expect(
      validateHandle({ provider: 'step-functions', executionArn: ARN, region: 'us-east-1' }).isErr(),
    ).toBe(true)
    expect(validateHandle({ provider: 'bedrock-flows', executionArn: ARN })._unsafeUnwrapErr().code).toBe(
      'VALIDATION',
    )
  })

  it('stepFunctionsHandle builds the handle from what StartExecution returns', () => {
    expect(stepFunctionsHandle({ executionArn: ARN })._unsafeUnwrap()).toEqual({
      provider: 'step-functions',
      executionArn: ARN,
    })
    expect(stepFunctionsHandle({ executionArn: 'nope' }).isErr()).toBe(true)
  })
})
