import { describe, expect, it } from 'vitest'
import { arnRegion } from './arn-region.js'

const ARN = /^arn:aws:states:(?<region>[a-z]{2}(?:-[a-z]+)+-\d):\d{12}:execution:[^:]+:[^:]+$/
const regionOf = arnRegion(ARN, 'executionArn')

describe('arnRegion', () => {
  it.each<[string | undefined, string | undefined]>([
    ['arn:aws:states:eu-west-1:123456789012:execution:m:e', 'eu-west-1'],
    ['arn:aws:states:us-gov-west-1:123456789012:execution:m:e', 'us-gov-west-1'],
    ['arn:aws:states:eu-west-1:123456789012:execution:m', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (executionArn, region) => {
    expect(regionOf({ executionArn })).toBe(region)
  })

  it('is undefined for a pattern without a region group', () => {
    expect(arnRegion(/^x$/, 'id')({ id: 'x' })).toBeUndefined()
  })
})
