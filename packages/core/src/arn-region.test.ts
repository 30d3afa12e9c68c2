import { describe, expect, it } from 'vitest'
import { arnRegion } from './arn-region.js'

const regionOf = arnRegion('executionArn')

describe('arnRegion', () => {
  it.each<[string | undefined, string | undefined]>([
    ['arn:aws:states:eu-west-1:123456789012:execution:m:e', 'eu-west-1'],
    ['arn:aws:states:us-gov-west-1:123456789012:execution:m:e', 'us-gov-west-1'],
    ['arn:aws-cn:airflow-serverless:cn-north-1:123456789012:workflow/w-ABCDEFGHIJ', 'cn-north-1'],
    ['arn:aws:states::123456789012:execution:m:e', undefined],
    ['arn:aws:states:eu-west-1', undefined],
    ['arn:aws', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (executionArn, region) => {
    expect(regionOf({ executionArn })).toBe(region)
  })
})
