import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { assertBuilt, BIN, isolatedEnv, REPO_ROOT, runBin, singleJson } from './test-support/spawn-cli.js'

describe('runstop demo (real bin)', () => {
  it('exits 0 within a few seconds and shows stopped, already_terminal and NOT_FOUND rows', async () => {
    assertBuilt()
    const run = await runBin(['demo'], { env: isolatedEnv(), timeoutMs: 20_000 })
    expect(run.code).toBe(0)
    expect(run.durationMs).toBeLessThan(10_000)
    const rows = run.stdout.split('\n')
    expect(rows[0]).toMatch(/^CASE\s+PROVIDER\s+AT STOP\s+OUTCOME\s+REASON RECORDED\s+FINAL STATUS\s+HANDLE$/)
    for (const provider of ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow', 'step-functions'])
      expect(
        rows.some((row) => row.startsWith('running') && row.includes(provider) && row.includes('→ stopped')),
      ).toBe(true)
    expect(rows.some((row) => row.startsWith('already finished') && row.includes('already_terminal'))).toBe(
      true,
    )
    expect(rows.some((row) => row.startsWith('missing') && row.includes('NOT_FOUND'))).toBe(true)
    expect(run.stdout).toContain('every row as expected')
    // Progress goes to stderr, not stdout.
    expect(run.stderr).toContain('starting the embedded emulator')
    expect(run.stdout).not.toContain('starting the embedded emulator')
  })

  it('--json prints one document with the reason recorded by Alibaba and Step Functions only', async () => {
    const run = await runBin(['demo', '--json'], { env: isolatedEnv(), timeoutMs: 20_000 })
    expect(run.code).toBe(0)
    const doc = singleJson(run)
    expect(doc.ok).toBe(true)
    expect(doc.rows).toHaveLength(6)
    const running = doc.rows.filter((row: { case: string }) => row.case === 'running')
    expect(
      running.map(
        (row: { final?: { status: string }; stop: { status: string } }) => (row.final ?? row.stop).status,
      ),
    ).toEqual(['stopped', 'stopped', 'stopped', 'stopped'])
    const reason = Object.fromEntries(
      running.map((row: { provider: string; stop: { reasonRecorded: boolean } }) => [
        row.provider,
        row.stop.reasonRecorded,
      ]),
    )
    expect(reason).toEqual({
      'mwaa-serverless': false,
      'bedrock-flows': false,
      'alibaba-cloudflow': true,
      'step-functions': true,
    })
    expect(doc.rows.find((row: { case: string }) => row.case === 'already finished').stop.outcome).toBe(
      'already_terminal',
    )
    expect(doc.rows.find((row: { case: string }) => row.case === 'missing').error.code).toBe('NOT_FOUND')
  })
})

describe('runstop emulator (real bin)', () => {
  it('prints an eval-able script with endpoints, exports and sample runs; serves them; closes on SIGTERM', async () => {
    assertBuilt()
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0'], {
      cwd: REPO_ROOT,
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk
          if (stdout.includes('step-functions?')) resolve()
        })
        child.on('close', () => reject(new Error(`emulator ended early: ${stderr}`)))
      })
      const lines = stdout.trimEnd().split('\n')
      // Every line is a comment or an export: the whole of stdout can be eval'ed.
      for (const line of lines) expect(line).toMatch(/^(#.*|export [A-Z_]+=\S+)$/)
      const exported = Object.fromEntries(
        lines
          .filter((line) => line.startsWith('export '))
          .map((line) => {
            const [name, ...value] = line.slice('export '.length).split('=')
            return [name as string, value.join('=').replace(/^'(.*)'$/, '$1')]
          }),
      )
      expect(Object.keys(exported)).toEqual(
        expect.arrayContaining([
          'RUNSTOP_MWAA_SERVERLESS_ENDPOINT',
          'RUNSTOP_BEDROCK_FLOWS_ENDPOINT',
          'RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT',
          'RUNSTOP_STEP_FUNCTIONS_ENDPOINT',
          'AWS_ACCESS_KEY_ID',
          'AWS_SECRET_ACCESS_KEY',
          'ALIBABA_CLOUD_ACCESS_KEY_ID',
          'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        ]),
      )
      expect(exported.RUNSTOP_MWAA_SERVERLESS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(stdout).toContain(`#   MWAA Serverless    ${exported.RUNSTOP_MWAA_SERVERLESS_ENDPOINT}`)
      const samples = lines
        .filter((line) => line.startsWith('#   ') && line.includes('runstop:'))
        .map((line) => line.slice(4).replace(/^'(.*)'$/, '$1'))
      expect(samples).toHaveLength(4)
      // Another terminal, with the exports: stop the four sample runs.
      const run = await runBin(['stop', ...samples, '--json'], { env: isolatedEnv(exported) })
      expect(run.code).toBe(0)
      expect(singleJson(run).counts.failed).toBe(0)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('--json prints one document with the endpoints and env', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--json', '--no-sample-runs'], {
      cwd: REPO_ROOT,
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      let stdout = ''
      const doc = await new Promise<{
        endpoints: Record<string, string>
        env: Record<string, string>
        sampleRuns: string[]
      }>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk
          try {
            resolve(JSON.parse(stdout))
          } catch {
            // not complete yet
          }
        })
      })
      expect(doc.env.RUNSTOP_BEDROCK_FLOWS_ENDPOINT).toBe(doc.endpoints.bedrockFlows)
      expect(doc.sampleRuns).toEqual([])
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
  })
})
