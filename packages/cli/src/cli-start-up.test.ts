import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatHandle } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, emulatorCliEnv, runBin } from './test-support/spawn-cli.js'

// Node ≥ 22.1 has the compile cache; Node 20, which runstop supports too, does not.
const nodeHasCompileCache =
  typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function'

let emulator: Emulator
let dirs: string[] = []
const freshTmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'runstop-cli-cache-'))
  dirs.push(dir)
  return dir
}
/** Every file under `dir`, recursively. */
const filesUnder = (dir: string) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : []

beforeAll(async () => {
  assertBuilt()
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

describe('what a command loads at start-up (real bin against the emulator)', () => {
  it('a get loads neither the emulator nor the campaign package (those commands import them)', async () => {
    // A module hook, registered before the bin through NODE_OPTIONS, names every ES module node loads.
    const dir = freshTmp()
    const hook = join(dir, 'hook.mjs')
    writeFileSync(
      hook,
      "import { writeSync } from 'node:fs'\nexport async function load(url, context, next) { writeSync(2, 'LOAD ' + url + '\\n'); return next(url, context) }\n",
    )
    const register = join(dir, 'register.mjs')
    writeFileSync(
      register,
      `import { register } from 'node:module'\nregister(${JSON.stringify(`file://${hook}`)})\n`,
    )
    const handle = emulator.createRun('mwaa-serverless', { region: 'us-east-1' })
    const run = await runBin(['get', formatHandle(handle), '--json'], {
      env: emulatorCliEnv(emulator, { NODE_OPTIONS: `--import=${register}` }),
    })
    expect(run.code).toBe(0)
    const loaded = [...run.stderr.matchAll(/^LOAD (\S+)$/gm)].map(([, url]) => url ?? '')
    // The hook saw the command's own modules: the check below could fail.
    expect(loaded.some((url) => url.includes('/packages/cli/dist/bin.js'))).toBe(true)
    expect(loaded.some((url) => url.includes('/adapters/mwaa-serverless/'))).toBe(true)
    expect(loaded.filter((url) => /\/packages\/(emulator|bullmq)\/|bullmq|ioredis/.test(url))).toEqual([])
  })
})

describe('the bin and node’s compile cache (real bin against the emulator)', () => {
  // A get loads the AWS SDK, the modules the cache is for.
  const getBedrockRun = (extra: Record<string, string>) => {
    const handle = emulator.createRun('bedrock-flows', { region: 'us-east-1' })
    return runBin(['get', formatHandle(handle), '--json'], { env: emulatorCliEnv(emulator, extra) })
  }

  it(
    nodeHasCompileCache
      ? 'writes compiled code to TMPDIR/node-compile-cache, and a second command still answers'
      : 'writes no compile cache on a Node without one, and answers',
    async () => {
      const tmp = freshTmp()
      const first = await getBedrockRun({ TMPDIR: tmp })
      expect(first.code).toBe(0)
      const cached = filesUnder(join(tmp, 'node-compile-cache'))
      if (nodeHasCompileCache) expect(cached.length).toBeGreaterThan(10)
      else expect(cached).toEqual([])
      // The second command reads the cache: same answer.
      const second = await getBedrockRun({ TMPDIR: tmp })
      expect(second.code).toBe(0)
      expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, snapshot: { status: 'running' } })
    },
  )

  it('NODE_DISABLE_COMPILE_CACHE=1 turns it off, and NODE_COMPILE_CACHE chooses the directory', async () => {
    const tmp = freshTmp()
    const off = await getBedrockRun({ TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' })
    expect(off.code).toBe(0)
    expect(filesUnder(tmp)).toEqual([])
    const chosen = join(freshTmp(), 'chosen')
    const on = await getBedrockRun({ TMPDIR: tmp, NODE_COMPILE_CACHE: chosen })
    expect(on.code).toBe(0)
    expect(filesUnder(join(tmp, 'node-compile-cache'))).toEqual([])
    // NODE_COMPILE_CACHE alone turns the cache on in any node that has it.
    if (nodeHasCompileCache) expect(filesUnder(chosen).length).toBeGreaterThan(10)
  })
})
