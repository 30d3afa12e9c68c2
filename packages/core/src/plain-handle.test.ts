import { describe, expect, it } from 'vitest'
import { copyHandle } from './plain-handle.js'

function throwingProvider(): object {
  return Object.defineProperty({ runId: 'r' }, 'provider', {
    enumerable: true,
    get() {
      throw new Error('hostile getter')
    },
  })
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({ provider: 'p' }, {})
  revoke()
  return proxy
}

const throwingOwnKeys = new Proxy(
  { provider: 'p' },
  {
    ownKeys() {
      throw new Error('hostile trap')
    },
  },
)

describe('copyHandle: refused inputs (VALIDATION, never a throw)', () => {
  const cases: [string, () => unknown, string][] = [
    ['null', () => null, 'must be an object'],
    ['undefined', () => undefined, 'must be an object'],
    ['a number', () => 42, 'must be an object'],
    ['a string', () => 'runstop:p?x=1', 'must be an object'],
    ['a BigInt', () => 10n, 'must be an object'],
    ['an array', () => [{ provider: 'p' }], 'must be an object'],
    ['a function', () => () => 'p', 'must be an object'],
    ['a revoked proxy', revokedProxy, 'plain data'],
    ['a proxy whose ownKeys trap throws', () => throwingOwnKeys, 'plain data'],
    ['a throwing provider getter', throwingProvider, 'plain data'],
    ['no provider', () => ({ runId: 'r' }), 'non-empty string "provider"'],
    ['an empty provider', () => ({ provider: '', runId: 'r' }), 'non-empty string "provider"'],
    ['a numeric provider', () => ({ provider: 7, runId: 'r' }), 'non-empty string "provider"'],
    ['an inherited provider', () => Object.create({ provider: 'p' }), 'non-empty string "provider"'],
    ['a BigInt field', () => ({ provider: 'p', runId: 1n }), 'a bigint'],
    ['a number field', () => ({ provider: 'p', runId: 1 }), 'a number'],
    ['a null field', () => ({ provider: 'p', runId: null }), 'null'],
    ['an object field', () => ({ provider: 'p', runId: { id: 'r' } }), 'an object'],
    ['an empty field name', () => ({ provider: 'p', '': 'x' }), 'must not be empty'],
    ['a lone surrogate in a value', () => ({ provider: 'p', runId: 'a\uD800' }), 'well-formed'],
    ['a lone surrogate in a name', () => ({ provider: 'p', ['k\uDC00']: 'v' }), 'well-formed'],
  ]
  it.each(cases)('%s', (_name, make, message) => {
    let result: ReturnType<typeof copyHandle> | undefined
    expect(() => {
      result = copyHandle(make())
    }).not.toThrow()
    const error = result?._unsafeUnwrapErr()
    expect(error?.code).toBe('VALIDATION')
    expect(error?.message).toContain(message)
    // The error serialises whatever was given.
    expect(() => JSON.stringify(error)).not.toThrow()
  })

  it('keeps the readable string part as the error handle, never the object given', () => {
    const given = { provider: 'p', runId: 'r', bad: 5n }
    const error = copyHandle(given)._unsafeUnwrapErr()
    expect(error.provider).toBe('p')
    expect(error.handle).toEqual({ provider: 'p', runId: 'r' })
    expect(error.handle).not.toBe(given)
  })
})

describe('copyHandle: accepted inputs become plain copies', () => {
  it('copies own enumerable string fields and drops undefined ones', () => {
    const given = { provider: 'p', runId: 'r', region: undefined }
    const copy = copyHandle(given)._unsafeUnwrap()
    expect(copy).toEqual({ provider: 'p', runId: 'r' })
    expect(Object.keys(copy)).toEqual(['provider', 'runId'])
    expect(copy).not.toBe(given)
  })

  it('ignores symbol keys, non-enumerable and inherited fields', () => {
    const given = Object.create({ inherited: 'x' }) as Record<string | symbol, unknown>
    given.provider = 'p'
    given[Symbol('s')] = 5n
    Object.defineProperty(given, 'hidden', { value: 9n, enumerable: false })
    expect(copyHandle(given)._unsafeUnwrap()).toEqual({ provider: 'p' })
  })

  it('runs each getter once and keeps what it returned', () => {
    let reads = 0
    const given = {
      provider: 'p',
      get runId() {
        reads++
        return reads === 1 ? 'first' : '../../x'
      },
    }
    const copy = copyHandle(given)._unsafeUnwrap()
    expect(reads).toBe(1)
    expect(copy.runId).toBe('first')
    expect(copy.runId).toBe('first')
    expect(Object.getOwnPropertyDescriptor(copy, 'runId')?.get).toBeUndefined()
  })

  it('asks a proxy once per field and copies its answers', () => {
    let gets = 0
    const proxy = new Proxy({ provider: 'p', runId: 'r' } as Record<string, string>, {
      get(target, key) {
        gets++
        return Reflect.get(target, key)
      },
    })
    const copy = copyHandle(proxy)._unsafeUnwrap()
    expect(gets).toBe(2)
    expect(copy).toEqual({ provider: 'p', runId: 'r' })
    expect(copy).not.toBe(proxy)
    expect((copy as Record<string, unknown>).then).toBeUndefined()
  })

  it('accepts frozen and null-prototype objects, and keeps "__proto__" a field', () => {
    expect(copyHandle(Object.freeze({ provider: 'p', id: 'x' }))._unsafeUnwrap()).toEqual({
      provider: 'p',
      id: 'x',
    })
    const bare = Object.assign(Object.create(null), { provider: 'p', id: 'y' })
    expect(copyHandle(bare)._unsafeUnwrap()).toEqual({ provider: 'p', id: 'y' })
    const parsed = JSON.parse('{"provider":"p","__proto__":"z"}')
    const copy = copyHandle(parsed)._unsafeUnwrap()
    expect(Object.keys(copy)).toEqual(['provider', '__proto__'])
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
  })

  it('accepts an empty value (it round-trips)', () => {
    expect(copyHandle({ provider: 'p', id: '' })._unsafeUnwrap()).toEqual({ provider: 'p', id: '' })
  })
})
