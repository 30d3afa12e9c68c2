import { describe, expect, it } from 'vitest'
import { checkStringField } from './string-field.js'

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
