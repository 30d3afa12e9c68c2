import { describe, expect, it } from 'vitest'
import { regionAsked, withRegionHint } from './region-hint.js'
import { RunError } from './run-error.js'

const notFound = new RunError({ code: 'NOT_FOUND', message: 'Acme GetJob failed', provider: 'acme' })

describe('regionAsked', () => {
  it.each([
    ['eu-west-1', 'us-east-1', { config: { region: 'sa-east-1' } }, { name: 'eu-west-1', from: 'handle' }],
    [undefined, 'us-east-1', { config: { region: 'sa-east-1' } }, { name: 'us-east-1', from: 'settings' }],
    [undefined, undefined, { config: { region: 'sa-east-1' } }, { name: 'sa-east-1', from: 'sdk' }],
    [
      undefined,
      undefined,
      { config: { region: async () => 'ap-south-1' } },
      { name: 'ap-south-1', from: 'sdk' },
    ],
    [
      undefined,
      undefined,
      { config: { region: async () => Promise.reject(new Error('Region is missing')) } },
      undefined,
    ],
    [undefined, undefined, { config: {} }, undefined],
    [undefined, undefined, undefined, undefined],
  ])('handle %s, settings %s, client %j → %j', async (handle, settings, client, asked) => {
    expect(await regionAsked(handle, settings, client)).toEqual(asked)
  })
})

describe('withRegionHint', () => {
  it.each([
    [
      { name: 'eu-north-1', from: 'handle' as const },
      "Acme GetJob failed. Looked up in region 'eu-north-1' (the handle's region).",
    ],
    [
      { name: 'us-east-1', from: 'settings' as const },
      "Acme GetJob failed. Looked up in region 'us-east-1' (the adapter's default region; the handle names none). Give the handle its region (or use the execution's ARN) if the run is elsewhere.",
    ],
    [
      { name: 'sa-east-1', from: 'sdk' as const },
      /^Acme GetJob failed\. Looked up in region 'sa-east-1' \(the SDK's default region/,
    ],
  ])('a NOT_FOUND asked in %j says so', (region, message) => {
    expect(withRegionHint(notFound, region).message).toMatch(message)
  })

  it('leaves other errors, and a NOT_FOUND of no known region, unchanged', () => {
    const throttled = new RunError({ code: 'THROTTLED', message: 'slow down', provider: 'acme' })
    expect(withRegionHint(throttled, { name: 'us-east-1', from: 'settings' })).toBe(throttled)
    expect(withRegionHint(notFound, undefined)).toBe(notFound)
  })
})
