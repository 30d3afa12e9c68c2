import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Missing credentials or region, as a new user meets them: a process with no AWS_* / ALIBABA_*
// variables and a HOME without profiles (IMDS turned off so the AWS chain ends at once). Every
// adapter must answer UNAUTHENTICATED / VALIDATION saying what to set, and send nothing.

const run = promisify(execFile)
const here = fileURLToPath(new URL('.', import.meta.url))

const CHILD = `
import { createRunController } from '@runstop/core'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
const [endpoints] = process.argv.slice(1).map((a) => JSON.parse(a))
const cases = {
  bedrockNoCredentials: [createBedrockFlowsAdapter({ region: 'us-east-1', endpoint: endpoints.bedrockFlows }),
    { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: 'ALIAS12345', executionIdentifier: 'e1' }],
  bedrockNoRegion: [createBedrockFlowsAdapter({ endpoint: endpoints.bedrockFlows }),
    { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: 'ALIAS12345', executionIdentifier: 'e1' }],
  mwaaNoCredentials: [createMwaaServerlessAdapter({ endpoint: endpoints.mwaaServerless }),
    { provider: 'mwaa-serverless', workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ', runId: 'r1' }],
  alibabaNoCredentials: [createAlibabaCloudFlowAdapter({ endpoint: endpoints.alibabaCloudFlow }),
    { provider: 'alibaba-cloudflow', flowName: 'my_flow', executionName: 'e1' }],
}
const out = {}
for (const [name, [adapter, handle]] of Object.entries(cases)) {
  const runs = createRunController({ adapters: [adapter] })
  const [stop, get] = await Promise.all([runs.stop(handle), runs.get(handle)])
  out[name] = [stop, get].map((r) => (r.isOk() ? { ok: true } : { code: r.error.code, message: r.error.message, retryable: r.error.retryable }))
}
process.stdout.write(JSON.stringify(out))
`

let emulator: Emulator
let home: string
let results: Record<string, { code?: string; message?: string; retryable?: boolean; ok?: true }[]>

beforeAll(async () => {
  emulator = await startEmulator()
  home = mkdtempSync(join(tmpdir(), 'runstop-empty-home-'))
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', CHILD, JSON.stringify(emulator.endpoints)],
    {
      cwd: here,
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
      timeout: 30_000,
    },
  )
  results = JSON.parse(stdout)
}, 40_000)

afterAll(async () => {
  await emulator?.close()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('an empty environment (no credentials, no region, no profile)', () => {
  it.each([
    [
      'bedrockNoCredentials',
      'UNAUTHENTICATED',
      ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', '`credentials`'],
    ],
    [
      'mwaaNoCredentials',
      'UNAUTHENTICATED',
      ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', '`credentials`'],
    ],
    [
      'alibabaNoCredentials',
      'UNAUTHENTICATED',
      ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
    ],
    ['bedrockNoRegion', 'VALIDATION', ['AWS_REGION', '`region`']],
  ])('%s: stop and get are %s, not retried, and say what to set', (name, code, hints) => {
    const answers = results[name]
    expect(answers).toHaveLength(2)
    for (const answer of answers ?? []) {
      expect(answer.code).toBe(code)
      expect(answer.retryable).toBe(false)
      for (const hint of hints) expect(answer.message).toContain(hint)
    }
  })

  it('nothing reached the provider', () => {
    expect(emulator.requests).toEqual([])
  })
})
