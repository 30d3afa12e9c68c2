import { describe, expect, it } from 'vitest'
import { bareIdProblem, checkScopeIds, type IdFieldRule, readIdFields } from './id-fields.js'

// A made-up service: queues hold jobs; a job ARN names its queue, region and account.
const HEAD = 'arn:aws:jobs:(?<region>[a-z0-9-]{1,20}):(?<account>[0-9]{12}):queue/(?<queue>[a-z]{3})'
const RULES = {
  queue: { id: /^[a-z]{3}$/, rule: '3 of [a-z]', arn: new RegExp(`^${HEAD}$`), form: 'arn:…:queue/Q' },
  job: {
    id: /^[0-9]{1,4}$/,
    rule: '1 to 4 digits',
    arn: new RegExp(`^${HEAD}/job/(?<job>[0-9]{1,4})$`),
    form: 'arn:…:queue/Q/job/J',
    required: ' (or a job ARN)',
  },
} satisfies Record<string, IdFieldRule>
const JOB_ARN = 'arn:aws:jobs:eu-west-1:123456789012:queue/abc/job/42'
const read = (fields: Record<string, string>) =>
  readIdFields('jobs', { provider: 'jobs', ...fields }, RULES, 64)

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
    [{ queue: 'abc' }, 'job is required (or a job ARN).'],
    [{ job: '42' }, 'queue is required.'],
    [
      { queue: 'abcd', job: '42' },
      'queue must be 3 of [a-z] or an ARN arn:…:queue/Q (service model queue pattern).',
    ],
    [
      { queue: 'abc', job: '4/2' },
      "job must not contain '/': it goes into the URL path. Expected 1 to 4 digits or an ARN arn:…:queue/Q/job/J.",
    ],
    [{ queue: 'abc', job: '..' }, "job must not contain '..'"],
    [{ queue: 'abc', job: '4?' }, "job must not contain '?'"],
    [{ queue: 'abc', job: '4#' }, "job must not contain '#'"],
    [{ queue: 'abc', job: '%34' }, "job must not contain '%'"],
    [{ queue: 'abc', job: '4\n2' }, 'job must not contain control characters.'],
    [{ queue: 'abc', job: '9'.repeat(65) }, 'job is longer than 64 characters.'],
    [
      { queue: 'abc', job: 'arn:aws:jobs:eu-west-1:1:queue/abc/job/42' },
      'job is an ARN but not of the form arn:…:queue/Q/job/J.',
    ],
    [{ queue: 'xyz', job: JOB_ARN }, "job names queue 'abc' but queue names 'xyz': they must name one run."],
    [
      { job: JOB_ARN, region: 'us-east-1' },
      "job is an ARN in region 'eu-west-1' but region says 'us-east-1'",
    ],
    [
      { queue: JOB_ARN.replace('/job/42', '').replace('123456789012', '210987654321'), job: JOB_ARN },
      'job is an ARN of account 123456789012 but queue names account 210987654321.',
    ],
    [
      { queue: 'abc', job: '42', region: 'US-EAST-1' },
      "region must be an AWS region name such as 'us-east-1'",
    ],
  ])('%j is VALIDATION: %s', (fields, message) => {
    const error = read(fields)._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', provider: 'jobs', retryable: false })
    expect(error.message).toContain(message)
  })
})

describe('bareIdProblem', () => {
  it.each([
    ['abc', undefined],
    [undefined, 'queue is required.'],
    ['', 'queue is required.'],
    ['abcd', 'queue of a scope must be 3 of [a-z] (a bare id, not an ARN).'],
    [
      'arn:aws:jobs:eu-west-1:123456789012:queue/abc',
      "queue of a scope must be 3 of [a-z] (a bare id, not an ARN). Use the bare id: queue 'abc'.",
    ],
  ])('%j → %s', (value, problem) => {
    expect(bareIdProblem('queue', value, RULES.queue)).toBe(problem)
  })
})

describe('checkScopeIds', () => {
  const check = (scope: unknown) => checkScopeIds('jobs', scope, { queue: RULES.queue }, { job: RULES.job })
  it.each([
    [{ provider: 'jobs', queue: 'abc' }],
    [{ provider: 'jobs', queue: 'abc', job: '42', region: 'eu-west-1' }],
  ])('accepts %j as it is', (scope) => {
    expect(check(scope)._unsafeUnwrap()).toEqual(scope)
  })

  it.each([
    [{ provider: 'other', queue: 'abc' }, "This adapter serves provider 'jobs', not 'other'."],
    [{ provider: 'jobs' }, 'queue is required.'],
    [
      { provider: 'jobs', queue: 'abc', job: JOB_ARN },
      "job of a scope must be 1 to 4 digits (a bare id, not an ARN). Use the bare id: job '42'.",
    ],
    [
      { provider: 'jobs', queue: 'abc', region: 'EU' },
      "region must be an AWS region name such as 'us-east-1'.",
    ],
    [{ provider: 'jobs', queue: 'abc', note: 'x' }, "jobs scopes have no field 'note'."],
  ])('refuses %j: %s', (scope, message) => {
    expect(check(scope)._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      operation: 'list',
      provider: 'jobs',
      message,
    })
  })

  it('refuses what is not a scope, as a list VALIDATION of the provider', () => {
    expect(check(null)._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      operation: 'list',
      provider: 'jobs',
    })
  })
})
