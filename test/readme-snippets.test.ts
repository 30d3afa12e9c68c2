import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Emulator, emulatorEnvironment, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readmeSnippets, type Snippet, snippetDir } from './support/readme-snippets.js'

// Every ```ts block of every README is either a sketch (marked so) or a program that compiles
// (one tsc run for all) and, unless marked `typecheck-only`, runs against the emulator.

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const readmes = [
  join(root, 'README.md'),
  ...['packages', 'adapters'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => join(root, group, name, 'README.md')),
  ),
]
const snippets = readmes.flatMap((readme) => readmeSnippets(root, readme))
const checked = snippets.filter((s) => s.mode !== 'sketch')
const fileOf = (s: Snippet) =>
  join(snippetDir(root, s.readme), `${s.readme.replace(/[/.]/g, '-')}-${s.line}.mts`)
const dirs = [...new Set(checked.map((s) => snippetDir(root, s.readme)))]

let emulator: Emulator
let compiled: { ok: boolean; output: string }
beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 0 })
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }
  for (const s of checked) writeFileSync(fileOf(s), `${s.code}\n`)
  const tsconfig = join(dirs[0] ?? root, 'tsconfig.json')
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: false,
        emitDeclarationOnly: false,
        declaration: false,
        declarationMap: false,
        composite: false,
        incremental: false,
        // The snippets are user code: unused names and loose `any` are theirs to choose.
        noUncheckedIndexedAccess: false,
      },
      files: checked.map(fileOf),
    }),
  )
  // Emitting is refused outright when a snippet imports a relative path (see the test below).
  if (checked.some((s) => /\bfrom\s+['"]\.{1,2}\//.test(s.code))) {
    compiled = { ok: false, output: 'a snippet imports a relative path' }
    return
  }
  try {
    await run(join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: root })
    compiled = { ok: true, output: '' }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    compiled = { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}, 120_000)
afterAll(async () => {
  await emulator?.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('README snippets', () => {
  it('has snippets to check in the READMEs', () => {
    expect(checked.length).toBeGreaterThan(5)
  })

  // tsc emits every file of the program beside its source: a relative import would write .js
  // files into the package it points at. A program a user copies imports packages, not paths.
  it('no checked snippet imports a relative path', () => {
    const relative = checked.filter((s) => /\bfrom\s+['"]\.{1,2}\//.test(s.code))
    expect(relative.map((s) => `${s.readme}:${s.line}`)).toEqual([])
  })

  it('every non-sketch ```ts block type-checks', () => {
    expect(compiled.output).toBe('')
    expect(compiled.ok).toBe(true)
  })

  for (const s of checked.filter((s) => s.mode === 'run'))
    it(`${s.readme}:${s.line} runs against the emulator`, { timeout: 30_000 }, async () => {
      expect(compiled.ok).toBe(true)
      const js = fileOf(s).replace(/\.mts$/, '.mjs')
      // execFile rejects on a non-zero exit: an uncaught error or rejection fails the test.
      const { stderr } = await run(process.execPath, [js], {
        cwd: dirname(js),
        timeout: 25_000,
        env: {
          ...process.env,
          ...emulatorEnvironment(emulator),
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      })
      expect(stderr).not.toMatch(/TypeError|ReferenceError|Unhandled|VALIDATION/)
    })
})
