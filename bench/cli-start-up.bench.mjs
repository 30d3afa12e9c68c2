// The CLI's start-up, launched as a user launches it, beside bare node: `runstop --version` (the
// CLI's own file, commander and runstop's packages; no SDK, no request), and `runstop get <handle>`
// for each provider against the emulator (in a child process) with node's compile cache warm (the
// bin turns it on in Node >= 22.1, see packages/cli/src/compile-cache.ts; a temporary TMPDIR holds
// it, filled by a first launch) and with NODE_DISABLE_COMPILE_CACHE=1. Each round launches every
// variant once, back to back; the table shows medians, the lines below it medians of per-round
// differences. "CPU" is the child's own user + system time at exit. On Node 20 there is no cache:
// both rows of a provider run the same program.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { formatHandle } from '@runstop/core'
import { emulatorEnvironment } from '@runstop/emulator'
import { median, PROVIDERS, pairedMedian } from './batch-support.mjs'
import { startEmulatorProcess } from './emulator-process.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '..', 'packages', 'cli', 'dist', 'bin.js')
const ROUNDS = Number(process.env.ROUNDS ?? 21)
const hasCache = typeof nodeModule.enableCompileCache === 'function'

// Reports the child's CPU on stderr as it exits (loaded with --import, before the bin).
const cpuReporter =
  "data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>{const c=process.cpuUsage();writeSync(2,'\\n@cpu '+(c.user+c.system)/1000+'\\n')})"

const emulator = await startEmulatorProcess()
const cacheTmp = mkdtempSync(join(tmpdir(), 'runstop-bench-cli-cache-'))
process.on('exit', () => rmSync(cacheTmp, { recursive: true, force: true }))
const baseEnv = {
  PATH: process.env.PATH,
  HOME: cacheTmp,
  TMPDIR: cacheTmp,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  ...emulatorEnvironment(emulator),
}

function launch(args, env) {
  const started = performance.now()
  const child = spawnSync(process.execPath, ['--import', cpuReporter, ...args], { env, encoding: 'utf8' })
  const ms = performance.now() - started
  if (child.status !== 0) throw new Error(`launch failed (${child.status}): ${child.stderr}`)
  const cpu = Number(child.stderr.match(/@cpu ([\d.]+)/)?.[1])
  return { ms, cpu }
}

const variants = {
  'bare node': () => launch(['-e', '0'], baseEnv),
  // The CLI's own start-up: its file, commander, runstop's packages; no SDK, no request.
  'runstop --version': () => launch([BIN, '--version'], baseEnv),
}
// RUNSTOP_BEFORE=<another built checkout>: its bin's --version launched too, in the same rounds.
if (process.env.RUNSTOP_BEFORE) {
  const before = join(process.env.RUNSTOP_BEFORE, 'packages', 'cli', 'dist', 'bin.js')
  variants['before: runstop --version'] = () => launch([before, '--version'], baseEnv)
}
for (const provider of PROVIDERS) {
  const [handle] = await emulator.createRuns(provider, 1)
  const args = [BIN, 'get', formatHandle(handle), '--json']
  variants[`runstop get (${provider}), no cache`] = () =>
    launch(args, { ...baseEnv, NODE_DISABLE_COMPILE_CACHE: '1' })
  variants[`runstop get (${provider}), cache warm`] = () => launch(args, baseEnv)
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (const run of Object.values(variants)) run() // fills the cache, warms the file cache
for (let round = 0; round < ROUNDS; round++)
  for (const [name, run] of Object.entries(variants)) samples[name].push(run())
await emulator.close()

const column = (name, key) => samples[name].map((s) => s[key])
console.log(
  `CLI start-up and node's compile cache, ${ROUNDS} rounds (interleaved), medians; node ${process.version}${hasCache ? '' : ' (no compile cache in this node: both rows run the same program)'}`,
)
console.log('| launch | wall ms (median, min–max) | CPU ms (median) |')
console.log('|---|---|---|')
for (const name of Object.keys(variants)) {
  const wall = column(name, 'ms')
  console.log(
    `| ${name} | ${median(wall).toFixed(1)} (${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)}) | ${median(column(name, 'cpu')).toFixed(1)} |`,
  )
}
const bare = 'bare node'
const paired = (a, b, key) => pairedMedian(samples, a, b, key)
console.log(
  `runstop --version over bare node: CPU +${paired('runstop --version', bare, 'cpu').toFixed(1)} ms, wall +${paired('runstop --version', bare, 'ms').toFixed(1)} ms`,
)
if (samples['before: runstop --version'])
  console.log(
    `runstop --version over before's: CPU ${paired('runstop --version', 'before: runstop --version', 'cpu').toFixed(1)} ms, wall ${paired('runstop --version', 'before: runstop --version', 'ms').toFixed(1)} ms`,
  )
for (const provider of PROVIDERS) {
  const [off, on] = [`runstop get (${provider}), no cache`, `runstop get (${provider}), cache warm`]
  const over = (name, key) => paired(name, bare, key)
  console.log(
    `${provider}: over bare node, CPU ${over(off, 'cpu').toFixed(1)} ms without the cache, ${over(on, 'cpu').toFixed(1)} ms with it ` +
      `(${(over(on, 'cpu') / over(off, 'cpu')).toFixed(2)}×; wall ${over(off, 'ms').toFixed(1)} → ${over(on, 'ms').toFixed(1)} ms, ${(over(on, 'ms') / over(off, 'ms')).toFixed(2)}×)`,
  )
}
