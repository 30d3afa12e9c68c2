import { GATEWAY_ERROR_CODES } from '@runstop/alibaba-openapi'
import { RunError, type RunErrorCode } from '@runstop/core'
import { describe, expect, it } from 'vitest'
// The SDKs' error shapes, shared with @runstop/alibaba-openapi's tests of the generic reading.
import {
  codeOnlyError,
  openApiError,
  popCoreError,
  REQUEST_ID,
} from '../../../packages/alibaba-openapi/src/test-support/sdk-errors.js'
import type { AlibabaCloudFlowHandle } from './alibaba-cloudflow-handle.js'
import { mapError, SEED_ERROR_CODES } from './map-alibaba-cloudflow-error.js'

const handle: AlibabaCloudFlowHandle = {
  provider: 'alibaba-cloudflow',
  flowName: 'flow',
  executionName: 'exec',
  region: 'cn-hangzhou',
}
// Seed 003's error-code table, row by row: HTTP status, code, and the RunError code DESIGN.md gives it.
const SEED_TABLE: readonly (readonly [string, number, RunErrorCode, boolean])[] = [
  ['ActionNotSupported', 400, 'NOT_SUPPORTED', false],
  ['APIVersionNotSupported', 400, 'NOT_SUPPORTED', false],
  ['EntityTooLarge', 400, 'VALIDATION', false],
  ['ExecutionAlreadyCompleted', 400, 'CONFLICT', false],
  ['InvalidArgument', 400, 'VALIDATION', false],
  ['MissingRequiredHeader', 400, 'VALIDATION', false],
  ['MissingRequiredParams', 400, 'VALIDATION', false],
  ['AccessDenied', 403, 'ACCESS_DENIED', false],
  ['InvalidAccessKeyID', 403, 'UNAUTHENTICATED', false],
  ['RequestTimeTooSkewed', 403, 'UNAUTHENTICATED', false],
  ['SignatureNotMatch', 403, 'UNAUTHENTICATED', false],
  ['ExecutionNotExists', 404, 'NOT_FOUND', false],
  ['FlowNotExists', 404, 'NOT_FOUND', false],
  ['ConcurrentUpdateError', 409, 'CONFLICT', true],
  ['UnsupportedMediaType', 415, 'NOT_SUPPORTED', false],
  ['ResourceThrottled', 429, 'THROTTLED', true],
  ['InternalServerError', 500, 'UNAVAILABLE', true],
]

describe('mapError: every code of seed 003, row by row', () => {
  it('the table has the seed’s seventeen codes with their HTTP statuses', () => {
    expect(SEED_TABLE).toHaveLength(17)
    expect(
      Object.fromEntries(Object.entries(SEED_ERROR_CODES).map(([code, rule]) => [code, rule.httpStatus])),
    ).toEqual(Object.fromEntries(SEED_TABLE.map(([code, status]) => [code, status])))
  })

  describe.each([
    ['@alicloud/openapi-client', openApiError, true],
    ['@alicloud/fnf-2019-03-15 (pop-core)', popCoreError, true],
  ] as const)('as thrown by %s', (_client, make, hasStatus) => {
    it.each(SEED_TABLE)('%s (HTTP %i) → %s, retryable %s', (code, status, expected, retryable) => {
      const error = mapError(make(code, status, `message of ${code}`), {
        operation: 'stop',
        handle,
      })
      expect(RunError.is(error)).toBe(true)
      expect(error).toMatchObject({
        code: expected,
        retryable,
        providerCode: code,
        provider: 'alibaba-cloudflow',
        operation: 'stop',
        requestId: REQUEST_ID,
        handle,
      })
      if (hasStatus) expect(error.httpStatus).toBe(status)
      expect(error.message).toContain(`failed with ${code} (HTTP ${status}): message of ${code}`)
      expect(error.message).toContain("execution 'exec' of flow 'flow'")
      expect(error.details).toMatchObject({ hostId: 'cn-hangzhou.fnf.aliyuncs.com' })
    })
  })

  it.each(SEED_TABLE)(
    '%s with no HTTP status (code only) still maps → %s',
    (code, _status, expected, retryable) => {
      const error = mapError(codeOnlyError(code), { operation: 'get', handle })
      expect(error).toMatchObject({ code: expected, retryable, providerCode: code, requestId: REQUEST_ID })
      expect(error.httpStatus).toBeUndefined()
    },
  )

  it('explains RequestTimeTooSkewed: check the machine clock', () => {
    const error = mapError(
      openApiError(
        'RequestTimeTooSkewed',
        403,
        'The difference between the request time 2024-01-01T00:00:00Z and the current time 2024-01-01T01:00:00Z is too large.',
      ),
      { operation: 'get', handle },
    )
    expect(error.message).toContain('Check the machine clock')
    expect(error.message).toContain('15 minutes')
  })

  it('matches codes case-insensitively', () => {
    expect(mapError(codeOnlyError('executionnotexists'), { operation: 'get' }).code).toBe('NOT_FOUND')
    expect(mapError(codeOnlyError('RESOURCETHROTTLED'), { operation: 'get' }).code).toBe('THROTTLED')
  })
})

// The reading of the SDKs' errors, the gateway's codes and the fallbacks are
// @runstop/alibaba-openapi's (tested there); these check the adapter's mapError uses them.
describe('mapError: what it takes from @runstop/alibaba-openapi', () => {
  it.each(Object.entries(GATEWAY_ERROR_CODES))('the gateway’s %s → %s', (code, rule) => {
    expect(mapError(openApiError(code, 400, 'gateway'), { operation: 'get' }).code).toBe(rule.code)
  })

  it('an unreadable body keeps the HTTP status the transport saw, and names the action and run', () => {
    const mapped = mapError(new SyntaxError('Unexpected token <'), {
      operation: 'stop',
      handle,
      httpStatus: 502,
    })
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', retryable: true, httpStatus: 502, handle })
    expect(mapped.message).toContain("Alibaba CloudFlow StopExecution for execution 'exec' of flow 'flow'")
  })

  it('a listing names the flow; an exhausted credential chain says what to set', () => {
    const scope = { provider: 'alibaba-cloudflow', flowName: 'flow' }
    const mapped = mapError(new Error('unable to get credentials from any of the providers in the chain'), {
      operation: 'list',
      handle: scope,
    })
    expect(mapped.code).toBe('UNAUTHENTICATED')
    expect(mapped.message).toContain("Alibaba CloudFlow ListExecutions for flow 'flow' was not sent")
    expect(mapped.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
  })

  it('scrubs the secrets it is given', () => {
    const secret = 'my-very-secret-access-key-secret'
    const error = openApiError('SignatureNotMatch', 403, `string to sign used ${secret}`)
    const mapped = mapError(error, { operation: 'get', handle, secrets: [secret] })
    expect(JSON.stringify(mapped.toJSON())).not.toContain(secret)
    expect(mapped.message).toContain('Check the AccessKey secret')
  })
})
