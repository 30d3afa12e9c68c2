import { describe, expect, it } from 'vitest'
import { type IdFieldRule, readIdFields } from './id-fields.js'

// A made-up service: queues hold jobs; a job ARN names its queue, region and account.
const HEAD = 'arn:aws:jobs:(?<region>[a-z0-9-]{1,20}):(?<account>[0-9]{12}):queue/(?<queue>[a-z]{3})'
const RULES = {
  queue: {
    pattern: /^[a-z]{3}$/,
    form: '3 of [a-z]',
    max: 64,
    arn: new RegExp(`^${HEAD}$`),
    arnForm: 'arn:…:queue/Q',
  },
  job: {
    pattern: /^[0-9]{1,4}$/,
    form: '1 to 4 digits',
    max: 64,
    arn: new RegExp(`^${HEAD}/job/(?<job>[0-9]{1,4})$`),
    arnForm: 'arn:…:queue/Q/job/J',
    required: ' (or a job ARN)',
  },
} satisfies Record<string, IdFieldRule>
const JOB_ARN = 'arn:aws:jobs:eu-west-1:123456789012:queue/abc/job/42'
const read = (fields: Record<string, string>) =>
  readIdFields('jobs', 'Jobs handle', { provider: 'jobs', ...fields }, RULES)

describe('readIdFields', () => {
  it.each([
    [{ queue: 'abc', job: '42' }, { ids: { queue: 'abc', job: '42' } }],
    [
      { queue: 'abc', job: '42', region: 'us-east-1' },
      { ids: { queue: 'abc', job: '42' }, region: 'us-east-1' },
    ],
    [{ job: JOB_ARN }, { ids: { queue: 'abc', job: '42' }, region: 'eu-west-1' }],
    [
      { queue: 'abc', job: JOB_ARN, region: 'eu-west-1' },
      { ids: { queue: 'abc', job: '42' }, region: 'eu-west-1' },
    ],
    [
      { queue: 'arn:aws:jobs:eu-west-1:123456789012:queue/abc', job: '42' },
      { ids: { queue: 'abc', job: '42' }, region: 'eu-west-1' },
    ],
  ])('%j reads as %j', (fields, expected) => {
    expect(read(fields)._unsafeUnwrap()).toEqual(expected)
  })

  it.each([
    [{ queue: 'abc' }, 'job', 'required', 'Jobs handle field "job" is required (or a job ARN).'],
    [{ job: '42' }, 'queue', 'required', 'Jobs handle field "queue" is required.'],
    [
      { queue: 'abcd', job: '42' },
      'queue',
      'pattern',
      'field "queue" must be 3 of [a-z] or an ARN arn:…:queue/Q (service model pattern); got "abcd".',
    ],
    [
      { queue: 'abc', job: '4/2' },
      'job',
      'pattern',
      'field "job" must not contain \'/\': it goes into the URL path. Expected 1 to 4 digits or an ARN arn:…:queue/Q/job/J.',
    ],
    [{ queue: 'abc', job: '..' }, 'job', 'pattern', "must not contain '..'"],
    [{ queue: 'abc', job: '4?' }, 'job', 'pattern', "must not contain '?'"],
    [{ queue: 'abc', job: '4#' }, 'job', 'pattern', "must not contain '#'"],
    [{ queue: 'abc', job: '%34' }, 'job', 'pattern', "must not contain '%'"],
    [{ queue: 'abc', job: '4\n2' }, 'job', 'pattern', 'must not contain control characters.'],
    [{ queue: 'abc', job: '9'.repeat(65) }, 'job', 'length', 'must be 1–64 characters long (got 65).'],
    [
      { queue: 'abc', job: 'arn:aws:jobs:eu-west-1:1:queue/abc/job/42' },
      'job',
      'pattern',
      'is an ARN but not of the form arn:…:queue/Q/job/J.',
    ],
    [
      { queue: 'xyz', job: JOB_ARN },
      'job',
      'agrees',
      'field "job" names queue "abc" but field "queue" names queue "xyz": they must name one run.',
    ],
    [
      { job: JOB_ARN, region: 'us-east-1' },
      'job',
      'agrees',
      'names region "eu-west-1" but field "region" names region "us-east-1"',
    ],
    [
      { queue: JOB_ARN.replace('/job/42', '').replace('123456789012', '210987654321'), job: JOB_ARN },
      'job',
      'agrees',
      'names account "123456789012" but field "queue" names account "210987654321"',
    ],
    [{ queue: 'abc', job: '42', region: 'US-EAST-1' }, 'region', 'pattern', 'an AWS region name'],
    [{ job: JOB_ARN.replace('eu-west-1', '-eu-west-1') }, 'region', 'pattern', 'an AWS region name'],
  ])('%j is VALIDATION of field %s, rule %s: %s', (fields, field, rule, message) => {
    const error = read(fields)._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'jobs', details: { field, rule } })
    expect(error.message).toContain(message)
  })

  it('checks the handle first as checkFields does: an object of the provider, string fields', () => {
    const of = (value: unknown) => readIdFields('jobs', 'Jobs handle', value, RULES)._unsafeUnwrapErr()
    expect(of(null).details).toEqual({ field: 'handle', rule: 'type' })
    expect(of({ provider: 'other', job: JOB_ARN }).details).toEqual({ field: 'provider', rule: 'value' })
    expect(of({ provider: 'jobs', job: 42 }).details).toEqual({ field: 'job', rule: 'type' })
  })
})
