import { describe, expect, it } from 'vitest'
import { type RunFields, runParts } from './run-fields.js'
import { createStatusMapper } from './run-status.js'

const mapStatus = createStatusMapper({ RUNNING: 'running', FAILED: 'failed' })

describe('runParts', () => {
  it.each<[string, Record<string, unknown>, RunFields, Record<string, unknown>]>([
    [
      'the status field by default',
      { status: 'RUNNING' },
      { mapStatus },
      { status: 'running', providerStatus: 'RUNNING', raw: { status: 'RUNNING' } },
    ],
    [
      'a named status field and time fields',
      { state: 'FAILED', began: 1, ended: 2, status: 'RUNNING' },
      { mapStatus, status: 'state', startedAt: 'began', endedAt: 'ended' },
      {
        status: 'failed',
        providerStatus: 'FAILED',
        startedAt: 1,
        endedAt: 2,
        raw: { state: 'FAILED', began: 1, ended: 2, status: 'RUNNING' },
      },
    ],
    [
      'the error message read from the whole answer',
      { status: 'FAILED', error: 'E', cause: 'c' },
      { mapStatus, errorMessage: (body) => `${body.error}: ${body.cause}` },
      {
        status: 'failed',
        providerStatus: 'FAILED',
        errorMessage: 'E: c',
        raw: { status: 'FAILED', error: 'E', cause: 'c' },
      },
    ],
    [
      'an unknown or missing status as the mapper says',
      {},
      { mapStatus },
      { status: 'unknown', providerStatus: undefined, raw: {} },
    ],
  ])('%s', (_, body, fields, parts) => {
    expect(runParts(body, fields)).toEqual(parts)
  })
})
