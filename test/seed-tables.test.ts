// Every status value and every error code that the provider documents (the seed documents,
// vendored in test/seeds/ from shared/seeds/) is read out of the documents themselves and run
// through each adapter's exported mappers. A value the documents list and a mapper does not
// know fails here, whatever the hand-written table tests say.
import { readFileSync } from 'node:fs'
import { mapError as mapAlibabaError, mapStatus as mapAlibabaStatus } from '@runstop/alibaba-cloudflow'
import { mapError as mapBedrockError, mapStatus as mapBedrockStatus } from '@runstop/bedrock-flows'
import type { RunErrorCode, RunStatus } from '@runstop/core'
import { mapError as mapMwaaError, mapStatus as mapMwaaStatus } from '@runstop/mwaa-serverless'
import { describe, expect, it } from 'vitest'

const seed = (name: string) => readFileSync(new URL(`./seeds/${name}`, import.meta.url), 'utf8')
const MWAA_STOP = seed('000_1278f4fc2a45195f.txt')
const MWAA_STOP_API = seed('001_d36e38c5ea9e83ee.txt')
const BEDROCK_STOP = seed('002_6b2f378a99846e27.txt')
const ALIBABA_STOP = seed('003_319477c76d249871.txt')
const MWAA_GET = seed('004_744f6617c43b678b.txt')

/** The quoted alternatives of a boto3 response-syntax line: `'Status': 'A'|'B'|…`. */
function enumOf(text: string, field: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(`'${field}': '`))
  if (!line) throw new Error(`no ${field} enum in the seed`)
  return [...line.matchAll(/'([A-Za-z_]+)'(?=\||$|\s*$)/g)]
    .map((m) => m[1] as string)
    .filter((v) => v !== field)
}

/** `Client.exceptions.<Name>` entries of a boto3 page. */
function botoExceptions(text: string): string[] {
  return [...text.matchAll(/Client\.exceptions\.([A-Za-z]+)`/g)].map((m) => m[1] as string)
}

// DESIGN.md's status table (the seeds list the values; this says what each normalizes to).
const MWAA_STATUS: Record<string, RunStatus> = {
  STARTING: 'pending',
  QUEUED: 'pending',
  RUNNING: 'running',
  STOPPING: 'stopping',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  TIMEOUT: 'timed_out',
  STOPPED: 'stopped',
}
const BEDROCK_STATUS: Record<string, RunStatus> = {
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed_out',
  Aborted: 'stopped',
}
const ALIBABA_STATUS: Record<string, RunStatus> = {
  Starting: 'pending',
  Running: 'running',
  Stopped: 'stopped',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed_out',
}

// DESIGN.md's error table, by provider code.
const AWS_ERROR: Record<string, RunErrorCode> = {
  ValidationException: 'VALIDATION',
  ResourceNotFoundException: 'NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  ThrottlingException: 'THROTTLED',
  ConflictException: 'CONFLICT',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  OperationTimeoutException: 'TIMEOUT',
  InternalServerException: 'UNAVAILABLE',
  BadGatewayException: 'UNAVAILABLE',
  DependencyFailedException: 'DEPENDENCY_FAILED',
}
const ALIBABA_ERROR: Record<string, RunErrorCode> = {
  ActionNotSupported: 'NOT_SUPPORTED',
  APIVersionNotSupported: 'NOT_SUPPORTED',
  EntityTooLarge: 'VALIDATION',
  // Not an error to the caller of stop (already_terminal after one DescribeExecution); as a bare code, a conflict.
  ExecutionAlreadyCompleted: 'CONFLICT',
  InvalidArgument: 'VALIDATION',
  MissingRequiredHeader: 'VALIDATION',
  MissingRequiredParams: 'VALIDATION',
  AccessDenied: 'ACCESS_DENIED',
  InvalidAccessKeyID: 'UNAUTHENTICATED',
  RequestTimeTooSkewed: 'UNAUTHENTICATED',
  SignatureNotMatch: 'UNAUTHENTICATED',
  ExecutionNotExists: 'NOT_FOUND',
  FlowNotExists: 'NOT_FOUND',
  ConcurrentUpdateError: 'CONFLICT',
  UnsupportedMediaType: 'NOT_SUPPORTED',
  ResourceThrottled: 'THROTTLED',
  InternalServerError: 'UNAVAILABLE',
}
const RETRYABLE: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'OperationTimeoutException',
  'InternalServerException',
  'BadGatewayException',
  'ResourceThrottled',
  'InternalServerError',
  'ConcurrentUpdateError',
])

/** An error as the AWS SDK throws it (ServiceException shape), with a misleading status so the name must win. */
const awsError = (name: string, httpStatusCode: number) => ({
  name,
  message: `${name} from the seed`,
  $fault: 'client',
  $metadata: { httpStatusCode, requestId: 'req-seed' },
})

describe('the seed documents, read as data, against every adapter mapper', () => {
  it('MWAA Serverless: every Status (seed 000) and RunState (seed 004) maps as DESIGN.md says', () => {
    const values = new Set([...enumOf(MWAA_STOP, 'Status'), ...enumOf(MWAA_GET, 'RunState')])
    expect([...values].sort()).toEqual(Object.keys(MWAA_STATUS).sort())
    for (const value of values) expect(mapMwaaStatus(value), value).toBe(MWAA_STATUS[value])
  })

  it('MWAA Serverless: every exception (seeds 000, 001, 004) maps by name, with the HTTP status seed 001 gives', () => {
    const statuses = new Map<string, number>()
    let current: string | undefined
    for (const line of MWAA_STOP_API.split('\n')) {
      if (/^[A-Z][A-Za-z]+Exception$/.test(line.trim())) current = line.trim()
      const status = /^HTTP Status Code: (\d{3})/.exec(line.trim())
      if (status && current) statuses.set(current, Number(status[1]))
    }
    const names = new Set([...botoExceptions(MWAA_STOP), ...botoExceptions(MWAA_GET), ...statuses.keys()])
    expect(names.size).toBe(6)
    for (const name of names) {
      const httpStatus = statuses.get(name)
      expect(httpStatus, `${name} has an HTTP status in seed 001`).toBeDefined()
      for (const operation of ['stop', 'get'] as const) {
        const error = mapMwaaError(awsError(name, httpStatus as number), { operation })
        expect(error.code, name).toBe(AWS_ERROR[name])
        expect(error.providerCode).toBe(name)
        expect(error.retryable, name).toBe(RETRYABLE.has(name))
      }
    }
  })

  it('Bedrock flows: every status of seed 002, in both casings it uses, maps as DESIGN.md says', () => {
    const values = enumOf(BEDROCK_STOP, 'status')
    expect([...values].sort()).toEqual(Object.keys(BEDROCK_STATUS).sort())
    for (const value of values) {
      expect(mapBedrockStatus(value), value).toBe(BEDROCK_STATUS[value])
      expect(mapBedrockStatus(value.toUpperCase()), value.toUpperCase()).toBe(BEDROCK_STATUS[value])
    }
    // The seed's prose says "typically ABORTED".
    expect(BEDROCK_STOP).toContain('ABORTED')
    expect(mapBedrockStatus('ABORTED')).toBe('stopped')
  })

  it('Bedrock flows: every exception of seed 002 maps by name, whatever the HTTP status', () => {
    const names = botoExceptions(BEDROCK_STOP)
    expect(names).toHaveLength(8)
    for (const name of names) {
      const error = mapBedrockError(awsError(name, 418), { operation: 'stop' })
      expect(error.code, name).toBe(AWS_ERROR[name])
      expect(error.providerCode).toBe(name)
      expect(error.retryable, name).toBe(RETRYABLE.has(name))
    }
  })

  it('Alibaba CloudFlow: every status of seed 003 maps as DESIGN.md says', () => {
    const lines = ALIBABA_STOP.split('\n')
    const start = lines.findIndex((l) => l.includes('The execution status. Valid values:'))
    const values: string[] = []
    for (const line of lines.slice(start + 1)) {
      const bullet = /^\s*•\s*([A-Za-z]+)\s*$/.exec(line)
      if (bullet) values.push(bullet[1] as string)
      else if (line.trim() !== '' || values.length > 0) break
    }
    expect([...values].sort()).toEqual(Object.keys(ALIBABA_STATUS).sort())
    for (const value of values) expect(mapAlibabaStatus(value), value).toBe(ALIBABA_STATUS[value])
  })

  it("Alibaba CloudFlow: every row of seed 003's error table maps by code, with its HTTP status", () => {
    const rows = ALIBABA_STOP.split('\n').filter((l) => /^\d{3}[A-Za-z]/.test(l))
    expect(rows).toHaveLength(17)
    const byCode = new Map<string, number>()
    for (const row of rows) {
      // A row is "<status><Code><message…>" run together; the code is the known one it starts with.
      const code = Object.keys(ALIBABA_ERROR)
        .filter((c) => row.slice(3).startsWith(c))
        .sort((a, b) => b.length - a.length)[0]
      expect(code, `seed row not in DESIGN.md's table: ${row}`).toBeDefined()
      byCode.set(code as string, Number(row.slice(0, 3)))
    }
    expect([...byCode.keys()].sort()).toEqual(Object.keys(ALIBABA_ERROR).sort())
    for (const [code, statusCode] of byCode) {
      // As @alicloud/openapi-client throws it: code, statusCode, data.RequestId.
      const error = mapAlibabaError(
        {
          name: `${code}Error`,
          code,
          statusCode,
          message: `code: ${statusCode}, ${code}`,
          data: { RequestId: 'R-1', Code: code },
        },
        { operation: 'stop' },
      )
      expect(error.code, code).toBe(ALIBABA_ERROR[code])
      expect(error.providerCode).toBe(code)
      expect(error.httpStatus).toBe(statusCode)
      expect(error.requestId).toBe('R-1')
      expect(error.retryable, code).toBe(RETRYABLE.has(code))
    }
  })
})
