import { RunError, type RunSnapshot, type StopResult } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { withoutComment } from './handle-lines.js'
import { renderJson } from './output/json.js'
import { createProgressBar, progressLine } from './output/progress.js'
import {
  countStops,
  renderSnapshot,
  renderStopSummary,
  renderStopTable,
  type StopEntry,
} from './output/render.js'
import { renderDetails, renderTable } from './output/table.js'
import { errorCell, errorJson, errorLine, snapshotJson, stopResultJson } from './output/views.js'
import { Output, type OutStream } from './output/writer.js'

const mwaaHandle = {
  provider: 'mwaa-serverless',
  workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-abcdefghij',
  runId: 'run1',
}
const alibabaHandle = { provider: 'alibaba-cloudflow', flowName: 'flow', executionName: 'exec-1' }

const stopResult: StopResult = {
  handle: mwaaHandle,
  outcome: 'stop_requested',
  status: 'stopping',
  providerStatus: 'STOPPING',
  reasonRecorded: false,
  requestId: 'req-1',
  raw: { big: 'body' },
}

const notFound = new RunError({
  code: 'NOT_FOUND',
  message: 'Execution exec-2 does not exist.',
  provider: 'alibaba-cloudflow',
  operation: 'stop',
  providerCode: 'ExecutionNotExists',
  httpStatus: 404,
  requestId: 'req-404',
  handle: alibabaHandle,
})

function sink(isTTY = false): OutStream & { text: string } {
  const stream = {
    text: '',
    isTTY,
    columns: 200,
    write(chunk: string, callback?: (error?: Error | null) => void) {
      stream.text += chunk
      callback?.()
      return true
    },
  }
  return stream
}

describe('renderTable', () => {
  it('pads columns to the widest cell, two spaces apart, with no trailing spaces', () => {
    const text = renderTable(
      ['A', 'LONG HEADER', 'C'],
      [
        ['xxxx', 'y', 'z'],
        ['1', '2', ''],
      ],
    )
    expect(text).toBe('A     LONG HEADER  C\nxxxx  y            z\n1     2\n')
  })

  it('counts → as one column and flattens newlines in cells', () => {
    const text = renderTable(['S', 'N'], [['RUNNING → running', 'a\nb']])
    const [header, row] = text.split('\n')
    expect(header).toBe(`S${' '.repeat('RUNNING → running'.length - 1)}  N`)
    expect(row).toBe('RUNNING → running  a b')
  })
})

describe('renderDetails', () => {
  it('aligns labels and leaves out undefined values', () => {
    expect(
      renderDetails([
        ['status', 'x'],
        ['request id', 'r'],
        ['ended', undefined],
      ]),
    ).toBe('status      x\nrequest id  r\n')
  })
})

describe('renderSnapshot', () => {
  it('shows the handle string, provider status → normalized status and ISO times', () => {
    const snapshot: RunSnapshot = {
      handle: mwaaHandle,
      status: 'running',
      providerStatus: 'RUNNING',
      startedAt: new Date('2025-01-02T03:04:05.000Z'),
      requestId: 'req-9',
      raw: {},
    }
    const text = renderSnapshot(snapshot)
    expect(text).toContain('handle      runstop:mwaa-serverless?runId=run1&workflowArn=arn%3Aaws')
    expect(text).toContain('status      RUNNING → running')
    expect(text).toContain('started     2025-01-02T03:04:05.000Z')
    expect(text).toContain('request id  req-9')
    expect(text).not.toContain('ended')
  })
})

describe('stop table', () => {
  const entries: StopEntry[] = [
    { handle: mwaaHandle, ok: true, result: stopResult },
    { handle: alibabaHandle, ok: false, error: notFound },
    {
      handle: 'not-a-handle',
      ok: false,
      error: new RunError({ code: 'VALIDATION', message: 'bad', provider: 'unknown' }),
    },
  ]

  it('has one row per handle with outcome, status, reason and request id or error', () => {
    const lines = renderStopTable(entries).trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^PROVIDER\s+OUTCOME\s+STATUS\s+REASON RECORDED\s+REQUEST ID \/ ERROR\s+HANDLE$/)
    expect(lines[1]).toMatch(
      /^mwaa-serverless\s+stop_requested\s+STOPPING → stopping\s+no\s+req-1\s+runstop:mwaa-serverless\?\S+$/,
    )
    expect(lines[2]).toMatch(
      /^alibaba-cloudflow\s+failed\s+-\s+-\s+NOT_FOUND \(ExecutionNotExists\) request id req-404\s+runstop:alibaba-cloudflow\?executionName=exec-1&flowName=flow$/,
    )
    expect(lines[3]).toMatch(/^unknown\s+failed\s+-\s+-\s+VALIDATION\s+not-a-handle$/)
  })

  it('counts outcomes and summarises', () => {
    const counts = countStops(entries)
    expect(counts).toEqual({
      stopped: 0,
      stopRequested: 1,
      alreadyTerminal: 0,
      failed: 2,
      notSent: 0,
      outcomeUnknown: 0,
    })
    expect(renderStopSummary(3, counts, 1234)).toBe(
      '3 runs: 0 stopped, 1 stop requested, 0 already finished, 2 failed (1.2 s)\n',
    )
    expect(renderStopSummary(1, counts, 0, true)).toContain('1 run: ')
    expect(renderStopSummary(1, counts, 0, true)).toContain('interrupted')
  })
})

describe('stop table after Ctrl-C', () => {
  const aborted = new RunError({ code: 'ABORTED', message: 'Interrupted', provider: 'mwaa-serverless' })
  const entries: StopEntry[] = [
    { handle: mwaaHandle, ok: true, result: stopResult, waitInterrupted: true },
    { handle: alibabaHandle, ok: false, error: aborted, interrupted: 'not_sent' },
    { handle: mwaaHandle, ok: false, error: aborted, interrupted: 'outcome_unknown' },
    { handle: alibabaHandle, ok: false, error: notFound },
  ]

  it('says "not sent" or "sent, outcome unknown" instead of failed, and counts them apart', () => {
    const lines = renderStopTable(entries).trimEnd().split('\n')
    expect(lines[1]).toMatch(/^mwaa-serverless\s+stop_requested\s+.*req-1 \(wait interrupted\)\s/)
    expect(lines[2]).toMatch(/^alibaba-cloudflow\s+not sent\s/)
    expect(lines[3]).toMatch(/^mwaa-serverless\s+sent, outcome unknown\s/)
    expect(lines[4]).toMatch(/^alibaba-cloudflow\s+failed\s/)
    const counts = countStops(entries)
    expect(counts).toEqual({
      stopped: 0,
      stopRequested: 1,
      alreadyTerminal: 0,
      failed: 1,
      notSent: 1,
      outcomeUnknown: 1,
    })
    expect(renderStopSummary(4, counts, 0, true)).toBe(
      '4 runs: 0 stopped, 1 stop requested, 0 already finished, 1 failed, 1 not sent, 1 sent with outcome unknown (0.0 s) — interrupted\n',
    )
  })
})

describe('inline comments in handle files', () => {
  it.each([
    ['runstop:x?a=b', 'runstop:x?a=b'],
    ['  runstop:x?a=b  \t', 'runstop:x?a=b'],
    ['runstop:x?a=b  # nightly', 'runstop:x?a=b'],
    ['runstop:x?a=b\t#tab before', 'runstop:x?a=b'],
    ['# whole line', ''],
    ['   # indented', ''],
    ['runstop:x?a=b#c', 'runstop:x?a=b#c'],
    ['', ''],
  ])('%j → %j', (line, expected) => {
    expect(withoutComment(line)).toBe(expected)
  })
})

describe('errors', () => {
  it('prints code, provider, provider code, HTTP status and request id on one line', () => {
    expect(errorLine(notFound)).toBe(
      'NOT_FOUND provider=alibaba-cloudflow providerCode=ExecutionNotExists http=404 requestId=req-404 — Execution exec-2 does not exist.',
    )
    expect(
      errorLine(new RunError({ code: 'NETWORK', message: 'reset', provider: 'bedrock-flows' })),
    ).toContain('requestId=-')
    expect(errorCell(notFound)).toBe('NOT_FOUND (ExecutionNotExists) request id req-404')
  })

  it('shows the last status of a wait that timed out', () => {
    const timeout = new RunError({
      code: 'TIMEOUT',
      message: 'waited too long',
      provider: 'mwaa-serverless',
      lastSnapshot: { handle: mwaaHandle, status: 'stopping', providerStatus: 'STOPPING', raw: {} },
    })
    expect(errorLine(timeout)).toContain('lastStatus=STOPPING → stopping')
  })

  it('wraps anything that is not a RunError as UNKNOWN', () => {
    expect(errorJson(new Error('boom'))).toMatchObject({ name: 'RunError', code: 'UNKNOWN', message: 'boom' })
  })
})

describe('renderJson', () => {
  it('prints Dates as ISO strings and RunErrors through toJSON(), as exactly one document', () => {
    const text = renderJson(
      {
        snapshot: snapshotJson({
          handle: mwaaHandle,
          status: 'succeeded',
          providerStatus: 'SUCCESS',
          startedAt: new Date('2025-01-02T03:04:05.000Z'),
          endedAt: new Date('2025-01-02T03:05:05.000Z'),
          raw: { secret: 'not printed' },
        }),
        error: notFound,
        when: new Date(0),
      },
      [],
    )
    expect(text.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(text)
    expect(parsed.snapshot).toEqual({
      handle: mwaaHandle,
      status: 'succeeded',
      providerStatus: 'SUCCESS',
      startedAt: '2025-01-02T03:04:05.000Z',
      endedAt: '2025-01-02T03:05:05.000Z',
    })
    expect(parsed.error).toEqual(notFound.toJSON())
    expect(parsed.error).toMatchObject({
      code: 'NOT_FOUND',
      provider: 'alibaba-cloudflow',
      requestId: 'req-404',
    })
    expect(parsed.when).toBe('1970-01-01T00:00:00.000Z')
  })

  it('leaves the raw provider body out of stop results', () => {
    expect(stopResultJson(stopResult)).toEqual({
      handle: mwaaHandle,
      outcome: 'stop_requested',
      status: 'stopping',
      providerStatus: 'STOPPING',
      reasonRecorded: false,
      requestId: 'req-1',
    })
  })

  it('redacts secret values and credential shapes in every string, keeping the JSON valid', () => {
    const text = renderJson(
      {
        message: 'signed with super-secret-value-42 and "quoted"',
        nested: [{ header: 'Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abcdef' }],
        ['key super-secret-value-42']: 1,
      },
      ['super-secret-value-42'],
    )
    expect(text).not.toContain('super-secret-value-42')
    expect(text).not.toContain('abcdef')
    const parsed = JSON.parse(text)
    expect(parsed.message).toBe('signed with [REDACTED] and "quoted"')
    expect(parsed['key [REDACTED]']).toBe(1)
  })
})

describe('Output', () => {
  it('redacts every string written to stdout and stderr', () => {
    const stdout = sink()
    const stderr = sink()
    const output = new Output(stdout, stderr, ['my-secret-123456'])
    output.out('value my-secret-123456\n')
    output.err('error my-secret-123456\n')
    output.json({ x: 'my-secret-123456' })
    expect(stdout.text + stderr.text).not.toContain('my-secret-123456')
    expect(stdout.text).toContain('value [REDACTED]')
    expect(stderr.text).toBe('error [REDACTED]\n')
  })
})

describe('progress', () => {
  const progress = {
    done: 6,
    total: 12,
    stopped: 3,
    stopRequested: 1,
    alreadyTerminal: 1,
    failed: 1,
    inFlight: 4,
  }

  it('draws a bar with a known total and counts without one', () => {
    expect(progressLine('stopping', progress)).toBe(
      `stopping [${'█'.repeat(12)}${'░'.repeat(12)}] 6/12  stopped 3 · requested 1 · already 1 · failed 1`,
    )
    const { total: _total, ...open } = progress
    expect(progressLine('stopping', open)).toBe(
      'stopping 6 done, 4 in flight  stopped 3 · requested 1 · already 1 · failed 1',
    )
  })

  it('writes to stderr only when it is a terminal, and clears its line at the end', () => {
    const quiet = sink(false)
    const bar = createProgressBar(new Output(sink(), quiet, []), 'stopping', 0)
    bar.update(progress)
    bar.finish()
    expect(quiet.text).toBe('')

    const tty = sink(true)
    const drawn = createProgressBar(new Output(sink(), tty, []), 'stopping', 0)
    drawn.update(progress)
    drawn.update({ ...progress, done: 12 })
    drawn.finish()
    drawn.finish()
    expect(tty.text).toContain('6/12')
    expect(tty.text).toContain('12/12')
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true)
    // The second finish() writes nothing more: one clear after the last frame.
    expect(tty.text.slice(tty.text.lastIndexOf('12/12')).split('\r\x1b[2K')).toHaveLength(2)
  })
})
