import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkHandleShape, formatHandle, parseHandle } from './handle-codec.js'
import { RunError } from './run-error.js'
import type { RunHandle } from './run-handle.js'

/** Characters that mean something in URLs and in the handle syntax, plus non-ASCII. */
const tricky = fc.constantFrom(
  ':',
  '/',
  '&',
  '=',
  '%',
  '?',
  '+',
  ' ',
  '#',
  '\n',
  'é',
  '漢',
  '😀',
  'a',
  'Z',
  '0',
  '-',
)
const text = fc.oneof(fc.string({ unit: tricky }), fc.string({ unit: 'binary' }), fc.string())
const nonEmpty = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.length > 0)
const key = nonEmpty(text).filter((k) => k !== 'provider')

const handleArb: fc.Arbitrary<RunHandle> = fc
  .record({
    provider: nonEmpty(text),
    fields: fc.uniqueArray(fc.tuple(key, text), { selector: ([k]) => k, maxLength: 6 }),
  })
  .map(({ provider, fields }) => {
    const handle: Record<string, string> = { provider }
    // defineProperty so that a generated "__proto__" key is a real field, as JSON.parse would make it.
    for (const [k, v] of fields)
      Object.defineProperty(handle, k, { value: v, enumerable: true, writable: true })
    return handle as RunHandle
  })
  // Lone surrogates are not valid text and cannot be percent-encoded as UTF-8.
  .filter((h) => Object.entries(h).every(([k, v]) => k.isWellFormed() && (v as string).isWellFormed()))

describe('formatHandle / parseHandle', () => {
  it('round-trips every well-formed handle', () => {
    fc.assert(
      fc.property(handleArb, (handle) => {
        const text = formatHandle(handle)
        expect(text.startsWith('runstop:')).toBe(true)
        expect(parseHandle(text)._unsafeUnwrap()).toEqual(handle)
        // Nothing unescaped can confuse a URL or a shell-ish split.
        expect(text.slice('runstop:'.length)).toMatch(
          /^[A-Za-z0-9\-_.!~*'()%]+(\?[A-Za-z0-9\-_.!~*'()%=&]*)?$/,
        )
      }),
      { numRuns: 500 },
    )
  })

  it('accepts (checkHandleShape) only handles that round-trip: anything else is refused locally', () => {
    // Any keys, empty and ill-formed ones included.
    const anyKey = text.filter((k) => k !== 'provider')
    const anyHandle = fc
      .record({
        provider: text,
        fields: fc.uniqueArray(fc.tuple(anyKey, text), { selector: ([k]) => k, maxLength: 5 }),
      })
      .map(({ provider, fields }) => {
        const handle: Record<string, string> = { provider }
        for (const [k, v] of fields)
          Object.defineProperty(handle, k, { value: v, enumerable: true, writable: true })
        return handle
      })
    fc.assert(
      fc.property(anyHandle, (given) => {
        const checked = checkHandleShape(given)
        if (checked.isErr()) {
          expect(checked.error.code).toBe('VALIDATION')
          return
        }
        expect(parseHandle(formatHandle(checked.value))._unsafeUnwrap()).toEqual(checked.value)
      }),
      { numRuns: 1000 },
    )
    // The case the issue saw: an empty-string key formats to text parseHandle refuses.
    expect(checkHandleShape({ provider: 'p', '': 'x' })._unsafeUnwrapErr().code).toBe('VALIDATION')
    expect(checkHandleShape({ provider: 'p', id: '\uD83D' })._unsafeUnwrapErr().code).toBe('VALIDATION')
  })

  it('round-trips the awkward cases explicitly', () => {
    const cases: RunHandle[] = [
      {
        provider: 'mwaa-serverless',
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/a-b',
        runId: 'r1',
      },
      { provider: 'p', empty: '' },
      { provider: 'p:q/r', 'k&=?': 'v&=?%+ #', ' ': ' ' },
      { provider: '😀', 漢字: 'é' },
      JSON.parse('{"provider":"p","__proto__":"not a prototype","constructor":"c"}') as RunHandle,
    ]
    for (const handle of cases) expect(parseHandle(formatHandle(handle))._unsafeUnwrap()).toEqual(handle)
  })

  it('encodes spaces and plus signs distinctly', () => {
    const a = formatHandle({ provider: 'p', v: 'a b' })
    const b = formatHandle({ provider: 'p', v: 'a+b' })
    expect(a).not.toBe(b)
    expect(parseHandle(b)._unsafeUnwrap().v).toBe('a+b')
  })

  it('leaves out undefined optional fields', () => {
    fc.assert(
      fc.property(handleArb, key, (handle, extra) => {
        fc.pre(!Object.hasOwn(handle, extra))
        const withUndefined = { ...handle, [extra]: undefined } as RunHandle
        expect(formatHandle(withUndefined)).toBe(formatHandle(handle))
        const parsed = parseHandle(formatHandle(withUndefined))._unsafeUnwrap()
        expect(Object.hasOwn(parsed, extra)).toBe(false)
      }),
    )
    expect(formatHandle({ provider: 'b', region: undefined, id: '1' })).toBe('runstop:b?id=1')
  })

  it('gives equal strings for equal handles whatever the key order', () => {
    fc.assert(
      fc.property(handleArb, (handle) => {
        const entries = Object.entries(handle)
        const reversed = Object.fromEntries(entries.reverse()) as RunHandle
        const rotated = Object.fromEntries([...entries.slice(1), ...entries.slice(0, 1)]) as RunHandle
        expect(formatHandle(reversed)).toBe(formatHandle(handle))
        expect(formatHandle(rotated)).toBe(formatHandle(handle))
      }),
    )
    expect(formatHandle({ provider: 'p', b: '2', a: '1' })).toBe('runstop:p?a=1&b=2')
  })

  it('never throws on arbitrary input, and answers VALIDATION for what it rejects', () => {
    const check = (input: unknown) => {
      const result = parseHandle(input)
      if (result.isErr()) {
        expect(RunError.is(result.error)).toBe(true)
        expect(result.error.code).toBe('VALIDATION')
      } else {
        expect(typeof result.value.provider).toBe('string')
        expect(result.value.provider.length).toBeGreaterThan(0)
      }
    }
    fc.assert(fc.property(fc.anything(), check), { numRuns: 300 })
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 300 })
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('%', '?', '&', '=', 'a', 'E0', 'provider', '\uD800') }),
        (s) => check(`runstop:${s}`),
      ),
      { numRuns: 500 },
    )
  })

  it.each([
    ['a number', 42],
    ['null', null],
    ['an object', { provider: 'p' }],
    ['another scheme', 'http://p?a=b'],
    ['no provider', 'runstop:'],
    ['an empty provider before fields', 'runstop:?a=b'],
    ['a field without =', 'runstop:p?a'],
    ['a field with an empty key', 'runstop:p?=b'],
    ['a trailing ?', 'runstop:p?'],
    ['a repeated field', 'runstop:p?a=1&a=2'],
    ['a provider field', 'runstop:p?provider=q'],
    ['bad percent-encoding', 'runstop:p?a=%E0%A4%A'],
    ['a bad provider encoding', 'runstop:%ZZ'],
  ])('rejects %s with VALIDATION', (_name, input) => {
    expect(parseHandle(input)._unsafeUnwrapErr().code).toBe('VALIDATION')
  })
})

describe('checkHandleShape', () => {
  it.each([
    ['null', null],
    ['a string', 'runstop:p'],
    ['an array', ['p']],
    ['no provider', { id: '1' }],
    ['an empty provider', { provider: '' }],
    ['a non-string field', { provider: 'p', id: 1 }],
  ])('rejects %s', (_name, value) => {
    expect(checkHandleShape(value)._unsafeUnwrapErr().code).toBe('VALIDATION')
  })

  it('accepts string and undefined fields', () => {
    const handle = { provider: 'p', id: '1', region: undefined }
    const copy = checkHandleShape(handle)._unsafeUnwrap()
    expect(copy).toEqual({ provider: 'p', id: '1' })
    expect(copy).not.toBe(handle)
  })
})
