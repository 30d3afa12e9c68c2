import { RunError } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { Output } from './output/writer.js'
import { createVerboseHooks } from './verbose-hooks.js'

const handle = { provider: 'alibaba-cloudflow', flowName: 'f', executionName: 'e' }
const base = { callId: '0123456789abcdef', operation: 'stop', provider: 'alibaba-cloudflow', handle } as const

describe('createVerboseHooks', () => {
  it('writes through the redacting output: a secret in an error message never reaches stderr', () => {
    let stderr = ''
    const stderrStream = {
      write: (text: string) => {
        stderr += text
        return true
      },
    }
    const output = new Output({ write: () => true }, stderrStream, ['sup3r-s3cret-value'])
    const hooks = createVerboseHooks((line) => output.err(line))
    const error = new RunError({
      code: 'THROTTLED',
      message: 'throttled for key sup3r-s3cret-value',
      provider: 'alibaba-cloudflow',
      providerCode: 'ResourceThrottled',
    })
    hooks.onRetry?.({ ...base, attempt: 1, error, delayMs: 40 })
    hooks.onCallEnd?.({ ...base, method: 'stop', attempts: 1, durationMs: 3, ok: false, error })
    expect(stderr).toContain(
      '[runstop 01234567] attempt 1 failed: THROTTLED (ResourceThrottled): throttled for key',
    )
    expect(stderr).toContain('retrying in 40 ms')
    expect(stderr).toContain('stop done after 1 attempt in 3 ms: THROTTLED')
    expect(stderr).not.toContain('sup3r-s3cret-value')
  })
})
