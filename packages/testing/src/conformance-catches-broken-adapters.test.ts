import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The suite must not be vacuous. A suite cannot run inside a test, so a child vitest runs
// examples/broken-adapters.conformance.ts (its own config): the suite against a correct adapter
// (`none`) and three broken ones. The JSON report says which tests failed in which suite.

interface Report {
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[]
}

const VITEST = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const CONFIG = fileURLToPath(new URL('./examples/vitest.broken.config.ts', import.meta.url))
let dir: string
let exitCode: number | null
let report: Report

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runstop-broken-'))
  const child = spawnSync(process.execPath, [VITEST, 'run', '--config', CONFIG], {
    env: { ...process.env, RUNSTOP_BROKEN_REPORT: join(dir, 'report.json') },
    encoding: 'utf8',
  })
  exitCode = child.status
  report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The titles of the tests of one suite (`none`, `stop-error`, …) with this status. */
const titles = (suite: string, status: 'passed' | 'failed') =>
  report.testResults
    .flatMap((file) => file.assertionResults)
    .filter((t) => t.ancestorTitles.includes(`runstop adapter conformance: ${suite}`) && t.status === status)
    .map((t) => t.title)

describe('the conformance suite fails for broken adapters', () => {
  it('the child run fails (exit 1), and the correct adapter passes every test, list tests included', () => {
    expect(exitCode).toBe(1)
    expect(titles('none', 'failed')).toEqual([])
    expect(titles('none', 'passed')).toContain(
      'pages through a scope (at least 3 pages), giving every run once, as handles the adapter accepts',
    )
    expect(titles('none', 'passed').length).toBeGreaterThan(15)
  })

  it('catches a stop of a finished run answered with an error instead of already_terminal', () => {
    expect(titles('stop-error', 'failed')).toEqual(
      ['succeeded', 'failed', 'stopped'].map(
        (s) => `answers a stop of a ${s} run with already_terminal, status '${s}' (Ok, not an error)`,
      ),
    )
  })

  it('catches an adapter that lets an invalid handle through to the provider', () => {
    expect(titles('no-validation', 'failed')).toContain(
      'rejects invalid handles locally with VALIDATION and sends nothing',
    )
  })

  it('catches a listing that ignores the page token', () => {
    expect(titles('list-ignores-token', 'failed')).toContain(
      'pages through a scope (at least 3 pages), giving every run once, as handles the adapter accepts',
    )
  })
})
