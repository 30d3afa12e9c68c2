import { describe, expect, it } from 'vitest'
import { checkArnField } from './arn-field.js'

const rule = {
  pattern: /^arn:aws:jobs:([a-z]{2}-[a-z]+-\d):\d{12}:job:[a-z]{1,8}$/,
  max: 47,
  form: 'arn:aws:jobs:<region>:<account>:job:<name>',
}
const ARN = 'arn:aws:jobs:eu-west-1:123456789012:job:nightly'
const check = (fields: Record<string, string>) =>
  checkArnField('jobs', { provider: 'jobs', ...fields }, 'jobArn', rule)

describe('checkArnField', () => {
  it.each([
    [{ jobArn: ARN }, { arn: ARN, region: 'eu-west-1' }],
    [
      { jobArn: ARN, region: 'eu-west-1' },
      { arn: ARN, region: 'eu-west-1' },
    ],
  ])('%j → %j', (fields, read) => {
    expect(check(fields)._unsafeUnwrap()).toEqual(read)
  })

  it.each([
    [{}, 'jobArn must be arn:aws:jobs:<region>:<account>:job:<name>, 1 to 47 characters.'],
    [{ jobArn: '' }, 'jobArn must be'],
    [{ jobArn: 'arn:aws:jobs:eu-west-1:123456789012:job:nightlyx' }, '1 to 47 characters'],
    [{ jobArn: 'arn:aws:jobs:eu-west-1:1234:job:n' }, 'jobArn must be'],
    [{ jobArn: `${ARN} ` }, 'jobArn must be'],
    [{ jobArn: ARN, region: 'us-east-1' }, "region must be left out or equal the ARN's region 'eu-west-1'."],
  ])('%j is VALIDATION: %s', (fields, message) => {
    const error = check(fields)._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'jobs' })
    expect(error.message).toContain(message)
  })
})
