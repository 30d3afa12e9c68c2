import { describe, expect, it } from 'vitest'
import { splitSdkOutput } from './sdk-output.js'

describe('splitSdkOutput', () => {
  it('takes $metadata off the body and keeps its request id', () => {
    expect(
      splitSdkOutput({ status: 'Running', $metadata: { httpStatusCode: 200, requestId: 'r-1' } }),
    ).toEqual({
      body: { status: 'Running' },
      requestId: 'r-1',
    })
  })

  it('has no request id when $metadata has none (or an empty one)', () => {
    expect(splitSdkOutput({ a: 1 })).toEqual({ body: { a: 1 } })
    expect(splitSdkOutput({ a: 1, $metadata: { requestId: '' } })).toEqual({ body: { a: 1 } })
  })

  it.each([undefined, null, 'text', 42, [1, 2]])('gives an empty body for %s', (output) => {
    expect(splitSdkOutput(output)).toEqual({ body: {} })
  })
})
