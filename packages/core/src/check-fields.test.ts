import { describe, expect, it } from 'vitest'
import { checkFields, checkStringField } from './check-fields.js'

const rule = { max: 5, pattern: /^[a-z]+$/, form: 'lower-case letters' }
const check = (value: unknown, min?: number) =>
  checkStringField('acme', 'Acme handle', { provider: 'acme', id: value as string }, 'id', { ...rule, min })

describe('checkStringField', () => {
  it.each([
    [undefined, 'required', 'is required and must be a string.'],
    [42, 'required', 'is required and must be a string.'],
    ['', 'length', 'must be 1–5 characters long (got 0).'],
    ['abcdef', 'length', 'must be 1–5 characters long (got 6).'],
    ['ab1', 'pattern', 'must be lower-case letters (full match of ^[a-z]+$); got "ab1".'],
  ])('%j breaks the %s rule', (value, name, message) => {
    const error = check(value)
    expect(error).toMatchObject({
      code: 'VALIDATION',
      provider: 'acme',
      message: `Acme handle field "id" ${message}`,
      details: { field: 'id', rule: name },
      handle: { provider: 'acme', id: value },
    })
  })

  it('accepts a value within the bounds that matches, and honours min', () => {
    expect(check('abc')).toBeUndefined()
    expect(check('ab', 3)?.details).toEqual({ field: 'id', rule: 'length' })
  })

  it('shortens a long value in the message', () => {
    const error = checkStringField('acme', 'Acme', { provider: 'acme', id: `1${'a'.repeat(500)}` }, 'id', {
      ...rule,
      max: 1000,
    })
    expect(error?.message.length).toBeLessThan(200)
  })
})

describe('checkFields', () => {
  const rules = { required: { id: rule }, optional: { tag: { ...rule, max: 3 } }, allowed: ['region'] }
  const check = (value: unknown, exact = false) =>
    checkFields('acme', 'Acme scope', value, { ...rules, exact })

  it('gives the record back as it is when every field keeps its rule', () => {
    const record = { provider: 'acme', id: 'abc', tag: 'x', region: 'r1' }
    expect(check(record)._unsafeUnwrap()).toBe(record)
    expect(check({ provider: 'acme', id: 'abc' }).isOk()).toBe(true)
  })

  it.each([
    [null, 'handle', 'type'],
    [['x'], 'handle', 'type'],
    [{ provider: 'other', id: 'abc' }, 'provider', 'value'],
    [{ provider: 'acme' }, 'id', 'required'],
    [{ provider: 'acme', id: 'abc', tag: 'long' }, 'tag', 'length'],
    [{ provider: 'acme', id: 'abc', tag: 42 }, 'tag', 'required'],
  ])('%j is VALIDATION of field %s, rule %s', (value, field, name) => {
    expect(check(value)._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION',
      provider: 'acme',
      details: { field, rule: name },
    })
  })

  it('refuses a field it does not know only when exact', () => {
    const record = { provider: 'acme', id: 'abc', note: 'x' }
    expect(check(record).isOk()).toBe(true)
    expect(check(record, true)._unsafeUnwrapErr()).toMatchObject({
      message: 'Acme scope has no field "note".',
      details: { field: 'note', rule: 'unknown' },
    })
    expect(check({ provider: 'acme', id: 'abc', region: 'r1' }, true).isOk()).toBe(true)
  })
})

describe('checkFields: providers, types, ARNs and scopes', () => {
  const ARN = {
    max: 60,
    pattern: /^arn:aws:jobs:(?<region>[a-z]{2}-[a-z]+-\d):\d{12}:job\/[a-z]+$/,
    form: 'a job ARN',
  }
  const JOB = 'arn:aws:jobs:eu-west-1:123456789012:job/nightly'
  const check = (value: unknown, scope = false) =>
    checkFields('jobs', 'Jobs record', value, { required: { jobArn: ARN }, scope })

  it('names the provider asked and the one given', () => {
    const error = check({ provider: 'other', jobArn: JOB })._unsafeUnwrapErr()
    expect(error.message).toBe('Jobs record must have provider "jobs" (got "other").')
    expect(error.operation).toBeUndefined()
  })

  it('refuses a field that is not a string, ruled or not', () => {
    expect(check({ provider: 'jobs', jobArn: JOB, note: 7 })._unsafeUnwrapErr().details).toEqual({
      field: 'note',
      rule: 'type',
    })
    expect(check({ provider: 'jobs', jobArn: 7 })._unsafeUnwrapErr().details).toEqual({
      field: 'jobArn',
      rule: 'required',
    })
  })

  it("refuses a region that is not the region an ARN field names (the pattern's region group)", () => {
    expect(check({ provider: 'jobs', jobArn: JOB, region: 'eu-west-1' }).isOk()).toBe(true)
    const error = check({ provider: 'jobs', jobArn: JOB, region: 'us-east-1' })._unsafeUnwrapErr()
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'region', rule: 'matchesArn' } })
    expect(error.message).toContain('"eu-west-1"')
  })

  it("gives a scope's errors the operation list, and refuses what is not an object as the scope", () => {
    expect(check({ provider: 'jobs' }, true)._unsafeUnwrapErr()).toMatchObject({
      operation: 'list',
      details: { field: 'jobArn', rule: 'required' },
    })
    expect(check(null, true)._unsafeUnwrapErr()).toMatchObject({
      operation: 'list',
      provider: 'jobs',
      details: { field: 'scope', rule: 'type' },
    })
  })

  it('refuses, never throws, an object whose fields cannot be read', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no')
        },
      },
    )
    expect(check(hostile)._unsafeUnwrapErr().code).toBe('VALIDATION')
  })
})
