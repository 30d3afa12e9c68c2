import { describe, expect, it } from 'vitest'
import { checkClientRegion } from './client-region.js'

describe('checkClientRegion', () => {
  const handle = { provider: 'p', id: 'x' }

  it('accepts a handle without a region, or with the client’s region', () => {
    expect(checkClientRegion(handle, 'p', 'eu-west-1')._unsafeUnwrap()).toBe(handle)
    const same = { ...handle, region: 'eu-west-1' }
    expect(checkClientRegion(same, 'p', 'eu-west-1')._unsafeUnwrap()).toBe(same)
  })

  it('rejects another region with VALIDATION naming both regions and the way out', () => {
    const error = checkClientRegion({ ...handle, region: 'us-east-1' }, 'p', 'eu-west-1')._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.provider).toBe('p')
    expect(error.message).toContain("'us-east-1'")
    expect(error.message).toContain("for 'eu-west-1'")
    expect(error.message).toContain('function of the region')
  })

  it('rejects any region when the client’s region is not known', () => {
    const error = checkClientRegion({ ...handle, region: 'us-east-1' }, 'p', undefined)._unsafeUnwrapErr()
    expect(error.code).toBe('VALIDATION')
    expect(error.message).not.toContain(' for ')
  })
})
