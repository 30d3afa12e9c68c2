import { arnRegion, RunError } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { mwaaServerlessHandle, validateHandle } from './mwaa-serverless-handle.js'

const ARN = 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ'
const valid = { provider: 'mwaa-serverless', workflowArn: ARN, runId: 'run1' }

function failure(handle: unknown) {
  const result = validateHandle(handle)
  if (result.isOk()) throw new Error(`expected ${JSON.stringify(handle)} to be invalid`)
  return result.error
}

/** An ARN with a workflow name of `nameLength` characters (name, then "-" and the 10-character id). */
const arnWithName = (nameLength: number) =>
  `arn:aws:airflow-serverless:us-east-1:123456789012:workflow/${'a'.repeat(nameLength)}-ABCDEFGHIJ`

describe('validateHandle', () => {
  it('accepts a valid handle and returns it unchanged', () => {
    const result = validateHandle(valid)
    expect(result.isOk()).toBe(true)
    expect(result._unsafeUnwrap()).toBe(valid)
  })

  it.each([
    ['aws', 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/w-0123456789', 'eu-west-1'],
    ['aws-cn', 'arn:aws-cn:airflow-serverless:cn-north-1:123456789012:workflow/w-0123456789', 'cn-north-1'],
    [
      'aws-us-gov',
      'arn:aws-us-gov:airflow-serverless:us-gov-west-1:123456789012:workflow/w-0123456789',
      undefined,
    ],
    ['aws-iso', 'arn:aws-iso:airflow-serverless:us-iso-east-1:123456789012:workflow/w-0123456789', undefined],
    [
      'aws-iso-b',
      'arn:aws-iso-b:airflow-serverless:us-isob-east-1:123456789012:workflow/w-0123456789',
      undefined,
    ],
    [
      'aws-iso-b',
      'arn:aws-iso-b:airflow-serverless:us-west-1:123456789012:workflow/w-0123456789',
      'us-west-1',
    ],
    [
      'aws-iso-e',
      'arn:aws-iso-e:airflow-serverless:eu-west-1:123456789012:workflow/w-0123456789',
      'eu-west-1',
    ],
    [
      'aws-iso-f',
      'arn:aws-iso-f:airflow-serverless:us-east-1:123456789012:workflow/w-0123456789',
      'us-east-1',
    ],
  ])('partition %s: %s → region %s', (_partition, arn, region) => {
    // The documented region pattern is [a-z]{2}-[a-z]+-[0-9]{1}: "us-gov-west-1", "us-iso-east-1"
    // and "us-isob-east-1" have three dashes and do not match it. We follow the pattern as
    // documented (seed 001), so such ARNs are rejected locally.
    expect(validateHandle({ ...valid, workflowArn: arn }).isOk()).toBe(region !== undefined)
  })

  it.each([
    ['arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/w-0123456789', 'eu-west-1'],
    ['arn:aws-cn:airflow-serverless:cn-north-1:123456789012:workflow/w-0123456789', 'cn-north-1'],
    ['arn:aws-iso-f:airflow-serverless:ap-south-2:123456789012:workflow/a.b_c-0123456789', 'ap-south-2'],
  ])('the region of the valid ARN %s is %s', (arn, region) => {
    expect(validateHandle({ ...valid, workflowArn: arn }).isOk()).toBe(true)
    expect(arnRegion('workflowArn')({ workflowArn: arn })).toBe(region)
  })

  it.each([
    ['the shortest workflow name (1 character)', arnWithName(1)],
    ['the longest workflow name (255 characters)', arnWithName(255)],
    [
      'dots, dashes and underscores in the name',
      'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/a.b-c_d-ABCDEFGHIJ',
    ],
  ])('accepts %s', (_what, workflowArn) => {
    expect(validateHandle({ ...valid, workflowArn }).isOk()).toBe(true)
  })

  it.each([
    ['a workflow name of 256 characters', arnWithName(256)],
    [
      'a workflow name starting with "-"',
      'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/-etl-ABCDEFGHIJ',
    ],
    ['an id of 9 characters', 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHI'],
    ['an id of 11 characters', 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJK'],
    ['an 11-digit account', 'arn:aws:airflow-serverless:us-east-1:12345678901:workflow/etl-ABCDEFGHIJ'],
    ['another service', 'arn:aws:airflow:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ'],
    ['an unknown partition', 'arn:aws-xx:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ'],
    ['an upper-case region', 'arn:aws:airflow-serverless:US-EAST-1:123456789012:workflow/etl-ABCDEFGHIJ'],
    [
      'a two-digit region number',
      'arn:aws:airflow-serverless:us-east-10:123456789012:workflow/etl-ABCDEFGHIJ',
    ],
    ['trailing text (full match)', `${ARN}/runs/run1`],
    ['leading text (full match)', ` ${ARN}`],
    ['a trailing newline (full match)', `${ARN}\n`],
    ['a path traversal', 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/../etl-ABCDEFGHIJ'],
    ['an S3 ARN', 'arn:aws:s3:::bucket'],
  ])('rejects a workflowArn with %s (pattern)', (_what, workflowArn) => {
    const error = failure({ ...valid, workflowArn })
    expect(RunError.is(error)).toBe(true)
    expect(error.code).toBe('VALIDATION')
    expect(error.provider).toBe('mwaa-serverless')
    expect(error.message).toContain('workflowArn')
    expect(error.details).toEqual({ field: 'workflowArn', rule: 'pattern' })
  })

  it.each([
    ['empty', '', 0],
    ['2049 characters', `${ARN}${'x'.repeat(2049 - ARN.length)}`, 2049],
  ])('rejects a workflowArn that is %s (length 1–2048)', (_what, workflowArn, length) => {
    const error = failure({ ...valid, workflowArn })
    expect(error.details).toEqual({ field: 'workflowArn', rule: 'length' })
    expect(error.message).toContain('1–2048')
    expect(error.message).toContain(`got ${length}`)
  })

  it('a 2048-character workflowArn passes the length rule and fails on the pattern', () => {
    const error = failure({ ...valid, workflowArn: `${ARN}${'x'.repeat(2048 - ARN.length)}` })
    expect(error.details).toEqual({ field: 'workflowArn', rule: 'pattern' })
  })

  it.each([
    ['1 character', 'a'],
    ['255 characters', 'a'.repeat(255)],
    ['dots, dashes and underscores after the first character', 'a.b-c_d'],
    ['digits only', '0123456789'],
    ['a UUID', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
  ])('accepts a runId of %s', (_what, runId) => {
    expect(validateHandle({ ...valid, runId }).isOk()).toBe(true)
  })

  it.each([
    ['empty', '', 'length'],
    ['256 characters', 'a'.repeat(256), 'length'],
    ['a leading "-"', '-run', 'pattern'],
    ['a leading "."', '.run', 'pattern'],
    ['a leading "_"', '_run', 'pattern'],
    ['a slash', 'run/1', 'pattern'],
    ['a space', 'run 1', 'pattern'],
    ['a colon and plus (an Airflow-style run id)', 'manual__2024-01-01T00:00:00+00:00', 'pattern'],
    ['a non-ASCII letter', 'rün', 'pattern'],
    ['a trailing newline', 'run1\n', 'pattern'],
  ])('rejects a runId with %s', (_what, runId, rule) => {
    const error = failure({ ...valid, runId })
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain('runId')
    expect(error.details).toEqual({ field: 'runId', rule })
  })

  it.each([
    ['a missing workflowArn', { provider: 'mwaa-serverless', runId: 'r' }, 'workflowArn'],
    ['a missing runId', { provider: 'mwaa-serverless', workflowArn: ARN }, 'runId'],
    ['a numeric runId', { ...valid, runId: 42 }, 'runId'],
  ])('rejects %s (required)', (_what, handle, field) => {
    const error = failure(handle)
    expect(error.details).toEqual({ field, rule: 'required' })
  })

  it.each([
    ['null', null],
    ['a string', 'runstop:mwaa-serverless?runId=r'],
    ['an array', [valid]],
    ['another provider', { ...valid, provider: 'bedrock-flows' }],
  ])('rejects %s', (_what, handle) => {
    expect(failure(handle).code).toBe('VALIDATION')
  })

  it('accepts a region equal to the ARN region and rejects any other', () => {
    expect(validateHandle({ ...valid, region: 'us-east-1' }).isOk()).toBe(true)
    const error = failure({ ...valid, region: 'eu-west-1' })
    expect(error.details).toEqual({ field: 'region', rule: 'matchesArn' })
    expect(error.message).toContain('us-east-1')
  })

  it('long values are shortened in messages', () => {
    const error = failure({ ...valid, workflowArn: `arn:${'z'.repeat(500)}` })
    expect(error.message.length).toBeLessThan(600)
  })
})

describe('mwaaServerlessHandle', () => {
  it.each([
    ['the ARN and run id', { workflowArn: ARN, runId: 'run1' }],
    [
      'an ARN of another partition',
      { workflowArn: ARN.replace('arn:aws:', 'arn:aws-cn:'), runId: 'r-1.2_3' },
    ],
  ])('%s gives the canonical handle (no region: it is the ARN’s)', (_what, input) => {
    expect(mwaaServerlessHandle(input)._unsafeUnwrap()).toEqual({ provider: 'mwaa-serverless', ...input })
  })

  it('keeps only the two fields, so equal runs give equal handles', () => {
    const extra = { workflowArn: ARN, runId: 'run1', region: 'us-east-1', note: 'x' }
    expect(mwaaServerlessHandle(extra)._unsafeUnwrap()).toEqual(valid)
  })

  it.each([
    ['a missing runId', { workflowArn: ARN }, 'runId'],
    ['a run id with a slash', { workflowArn: ARN, runId: 'a/b' }, 'runId'],
    ['a workflow name instead of an ARN', { workflowArn: 'etl-ABCDEFGHIJ', runId: 'run1' }, 'workflowArn'],
    [
      'a Bedrock ARN',
      { workflowArn: 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456', runId: 'r' },
      'workflowArn',
    ],
    ['null', null, 'workflowArn'],
  ])('%s is VALIDATION naming the field', (_what, input, field) => {
    const error = mwaaServerlessHandle(input as never)._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain(field)
  })
})
