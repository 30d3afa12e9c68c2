import { RunError, type RunHandle } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import {
  type AlibabaCloudFlowHandle,
  alibabaCloudFlowHandle,
  MAX_CAUSE_LENGTH,
  MAX_ERROR_LENGTH,
  PROVIDER,
  validateHandle,
} from './alibaba-cloudflow-handle.js'
import { createAlibabaCloudFlowAdapter } from './index.js'

const base = { provider: PROVIDER, flowName: 'my_flow', executionName: 'exec-1' } as const

function errorOf(handle: unknown): RunError {
  const result = validateHandle(handle as RunHandle)
  expect(result.isErr()).toBe(true)
  const error = result._unsafeUnwrapErr()
  expect(RunError.is(error)).toBe(true)
  expect(error.code).toBe('VALIDATION')
  expect(error.provider).toBe(PROVIDER)
  return error
}

describe('validateHandle: names per seed 003 (^[A-Za-z_][A-Za-z0-9_-]{0,127}$)', () => {
  it.each([
    ['a single letter', 'a'],
    ['a single underscore', '_'],
    ['upper case', 'FLOW'],
    ['letters, digits, _ and -', 'Flow_2-b_C-3'],
    ['underscore first', '_1-2'],
    ['exactly 128 characters', `a${'b'.repeat(127)}`],
    ['128 characters of underscores and hyphens', `_${'-'.repeat(127)}`],
  ])('accepts %s', (_name, value) => {
    for (const field of ['flowName', 'executionName'] as const) {
      const handle = { ...base, [field]: value }
      expect(validateHandle(handle)._unsafeUnwrap()).toEqual(handle)
    }
  })

  it.each([
    ['129 characters', `a${'b'.repeat(128)}`, '1–128 characters long (got 129)'],
    ['an empty string', '', '1–128 characters long (got 0)'],
    ['a digit first', '1flow', 'starting with a letter'],
    ['a hyphen first', '-flow', 'starting with a letter'],
    ['a dot', 'my.flow', "letters, digits, '_' and '-'"],
    ['a slash', 'flows/my', "letters, digits, '_' and '-'"],
    ['a space', 'my flow', "letters, digits, '_' and '-'"],
    ['a colon', 'acs:fnf', "letters, digits, '_' and '-'"],
    ['a non-ASCII letter', 'flüsse', "letters, digits, '_' and '-'"],
    ['a newline', 'flow\nx', "letters, digits, '_' and '-'"],
    ['a trailing newline', 'flow\n', "letters, digits, '_' and '-'"],
    ['percent-encoding', 'flow%2F', "letters, digits, '_' and '-'"],
  ])('rejects %s, naming the field and the rule', (_name, value, rule) => {
    for (const field of ['flowName', 'executionName'] as const) {
      const error = errorOf({ ...base, [field]: value })
      expect(error.message).toContain(field)
      expect(error.message).toContain(rule)
    }
  })

  it.each(['flowName', 'executionName'])('rejects a handle without %s', (field) => {
    const { [field as 'flowName']: _dropped, ...rest } = base
    expect(errorOf(rest).message).toBe(`CloudFlow handle field "${field}" is required and must be a string.`)
  })
})

describe('validateHandle: shape, provider and region', () => {
  it('rejects another provider', () => {
    expect(errorOf({ ...base, provider: 'bedrock-flows' }).message).toContain('(got "bedrock-flows")')
  })

  it.each([[null], ['runstop:alibaba-cloudflow'], [42], [[]]])('rejects a non-object %j', (value) => {
    errorOf(value)
  })

  it('rejects a non-string field', () => {
    expect(errorOf({ ...base, executionName: 42 }).message).toContain('executionName')
  })

  it.each([
    'cn-hangzhou',
    'cn-shanghai',
    'ap-southeast-1',
    'us-west-1',
    'eu-central-1',
    'cn-hangzhou-finance',
  ])('accepts region %s', (region) => {
    expect(validateHandle({ ...base, region })._unsafeUnwrap().region).toBe(region)
  })

  it.each([
    '',
    'CN-HANGZHOU',
    'hangzhou',
    'cn_hangzhou',
    'cn-hangzhou.evil.com',
    'cn-hangzhou/x',
    '127.0.0.1',
  ])('rejects region %j (it becomes part of a host name)', (region) => {
    expect(errorOf({ ...base, region }).message).toContain('region')
  })

  it('keeps the validated handle unchanged (no extra fields)', () => {
    const handle = { ...base, region: 'cn-beijing' }
    expect(validateHandle(handle)._unsafeUnwrap()).toBe(handle)
  })
})

describe('stop limits: reason → Cause (1–4096), errorCode → Error (1–128)', () => {
  const handle = base as AlibabaCloudFlowHandle
  // Nothing listens there: an input the adapter accepts is sent, and fails to connect (NETWORK).
  const adapter = createAlibabaCloudFlowAdapter({
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AK', accessKeySecret: 'stop-limits-secret' },
  })
  const stop = (input: { reason?: string; errorCode?: string }) =>
    adapter.doStop(handle, { ...input, signal: new AbortController().signal })

  it.each([
    ['no reason or error code', {}],
    ['a 1-character reason', { reason: 'x' }],
    ['a 4096-character reason', { reason: 'r'.repeat(MAX_CAUSE_LENGTH) }],
    ['a 1-character error code', { errorCode: 'E' }],
    ['a 128-character error code', { errorCode: 'e'.repeat(MAX_ERROR_LENGTH) }],
    ['both at their limits', { reason: 'r'.repeat(4096), errorCode: 'e'.repeat(128) }],
  ])('accepts %s (sends it)', async (_name, input) => {
    expect((await stop(input))._unsafeUnwrapErr().code).toBe('NETWORK')
  })

  it.each([
    [
      'an empty reason',
      { reason: '' },
      'reason (sent as Cause) is 0 characters; alibaba-cloudflow takes 1 to 4096.',
    ],
    [
      'a 4097-character reason',
      { reason: 'r'.repeat(4097) },
      'reason (sent as Cause) is 4097 characters; alibaba-cloudflow takes 1 to 4096.',
    ],
    [
      'an empty error code',
      { errorCode: '' },
      'errorCode (sent as Error) is 0 characters; alibaba-cloudflow takes 1 to 128.',
    ],
    [
      'a 129-character error code',
      { errorCode: 'e'.repeat(129) },
      'errorCode (sent as Error) is 129 characters; alibaba-cloudflow takes 1 to 128.',
    ],
    ['a non-string reason', { reason: 42 as unknown as string }, 'reason (sent as Cause)'],
  ])('rejects %s with VALIDATION, sending nothing', async (_name, input, message) => {
    const error = (await stop(input))._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain(message)
    expect(error.handle).toEqual(handle)
  })
})

describe('alibabaCloudFlowHandle', () => {
  it.each([
    ['names only', { flowName: 'my_flow', executionName: 'exec-1' }],
    ['names and region', { flowName: '_f', executionName: 'E_2-x', region: 'cn-shanghai' }],
  ])('%s give the canonical handle', (_what, input) => {
    expect(alibabaCloudFlowHandle(input)._unsafeUnwrap()).toEqual({ provider: PROVIDER, ...input })
  })

  it('keeps only the handle fields, so equal runs give equal handles', () => {
    const input = { flowName: 'my_flow', executionName: 'exec-1', status: 'Running' }
    expect(alibabaCloudFlowHandle(input)._unsafeUnwrap()).toEqual(base)
  })

  it.each([
    ['a missing executionName', { flowName: 'my_flow' }, 'executionName'],
    ['a flow name starting with a digit', { flowName: '1flow', executionName: 'e' }, 'flowName'],
    ['an execution name with a slash', { flowName: 'f', executionName: 'a/b' }, 'executionName'],
    [
      'a host name as region',
      { flowName: 'f', executionName: 'e', region: 'cn-hangzhou.evil.com' },
      'region',
    ],
    ['null', null, 'flowName'],
  ])('%s is VALIDATION naming the field', (_what, input, field) => {
    const error = alibabaCloudFlowHandle(input as never)._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain(field)
  })
})
