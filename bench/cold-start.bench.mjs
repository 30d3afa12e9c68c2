// Cold start: how long a fresh `node` takes to load runstop, beside what it is measured against.
// Each launch is a new process (wall time from spawn to exit, so node's own start-up is in every
// figure and cancels out in the differences); the variants are launched in turn, LAUNCHES times
// each; the table shows each variant's medians, the lines below it the medians of the per-round
// differences (a round launches each variant once). RSS is the child's resident set size just
// before it exits; "CommonJS modules" counts what the child loaded through require (the SDKs are
// CommonJS). "CPU ms" is the child's own user + system time up to the report: on a loaded machine
// it moves far less than wall time, so compare both. The one-line module shows node's own share: the first
// import() of any file starts node's ES module loader (fs/promises, the resolver, the libuv
// thread pool), which every figure but bare node's includes and no package can avoid. The
// "four empty packages" row is node's floor for runstop's layout (see below): what is left over it
// is runstop's own code. The "as npm lays them out" row is the controller row over copies of the
// built packages in a plain node_modules, as a user's npm install has them (this workspace's pnpm
// links cost node a realpath per path component).
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { median, pairedMedian } from './batch-support.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const LAUNCHES = Number(process.env.LAUNCHES ?? 21)

// "in-program CPU" is the CPU time from the program's first line to the report (so node's own
// start-up is left out): far less noisy on a shared machine than the whole process's time, and
// what the imports and the construction cost, the ES loader's start-up included.
const start = 'const c0 = process.cpuUsage();'
const report =
  ';const own = process.cpuUsage(c0);' +
  "const r = (await import('node:module')).createRequire(import.meta.url);" +
  'const c = process.cpuUsage();' +
  'console.log(JSON.stringify({ rss: process.memoryUsage().rss, cjs: Object.keys(r.cache).length, cpu: (c.user + c.system) / 1000, own: (own.user + own.system) / 1000 }))'
const variants = {
  'bare node': '',
  'import() of a one-line module': "await import('./one-line-module.mjs');",
  "import('neverthrow')": "await import('neverthrow');",
  "import('@runstop/core')": "await import('@runstop/core');",
  'controller + 3 adapters, constructed, unused':
    "const { createRunController } = await import('@runstop/core');" +
    "const { createMwaaServerlessAdapter } = await import('@runstop/mwaa-serverless');" +
    "const { createBedrockFlowsAdapter } = await import('@runstop/bedrock-flows');" +
    "const { createAlibabaCloudFlowAdapter } = await import('@runstop/alibaba-cloudflow');" +
    'createRunController({ adapters: [createMwaaServerlessAdapter({}),' +
    " createBedrockFlowsAdapter({ region: 'us-east-1' })," +
    " createAlibabaCloudFlowAdapter({ region: 'cn-hangzhou' })] });",
}

// Node's own floor for runstop's layout: four empty packages with `exports` maps like runstop's
// (a "core" and three "adapters" that each import it), written to a temporary directory as npm
// lays packages out, and launched like the controller row: node's loader, its resolution of four
// packages (one from each adapter's directory) and their links, with none of runstop's code.
const floorDir = mkdtempSync(join(tmpdir(), 'runstop-cold-floor-'))
process.on('exit', () => rmSync(floorDir, { recursive: true, force: true }))
for (const name of ['core', 'a', 'b', 'c']) {
  const dir = join(floorDir, 'node_modules', `floor-${name}`)
  mkdirSync(dir, { recursive: true })
  const exports = {
    '.': { types: './index.d.ts', default: './index.js' },
    './package.json': './package.json',
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `floor-${name}`, type: 'module', sideEffects: false, exports }),
  )
  writeFileSync(
    join(dir, 'index.js'),
    name === 'core'
      ? 'export const createRunController = (options) => options\n'
      : "import { createRunController } from 'floor-core'\nexport const create = (settings) => ({ settings, createRunController })\n",
  )
}
const FLOOR = 'four empty packages laid out as runstop\'s, imported and "constructed"'
variants[FLOOR] = {
  cwd: floorDir,
  code:
    "const { createRunController } = await import('floor-core');" +
    "const a = await import('floor-a'); const b = await import('floor-b'); const d = await import('floor-c');" +
    'createRunController({ adapters: [a.create({}), b.create({}), d.create({})] });',
}

// Runstop as npm installs it: the four packages' package.json and dist copied into a temporary
// node_modules, a directory per package, no symlinks. In this workspace pnpm links each package
// (`adapters/x/node_modules/@runstop/core` -> `packages/core`), and resolving through those links
// (realpath of every path component) is node's work too, which an npm install does not ask for.
// Construction loads no dependency, so nothing else needs copying.
const npmDir = mkdtempSync(join(tmpdir(), 'runstop-cold-npm-'))
process.on('exit', () => rmSync(npmDir, { recursive: true, force: true }))
for (const [name, from] of [
  ['core', 'packages/core'],
  ['mwaa-serverless', 'adapters/mwaa-serverless'],
  ['bedrock-flows', 'adapters/bedrock-flows'],
  ['alibaba-cloudflow', 'adapters/alibaba-cloudflow'],
]) {
  const to = join(npmDir, 'node_modules', '@runstop', name)
  cpSync(join(here, '..', from, 'dist'), join(to, 'dist'), { recursive: true })
  copyFileSync(join(here, '..', from, 'package.json'), join(to, 'package.json'))
}
const NPM = 'controller + 3 adapters, as npm lays them out (no symlinks)'
variants[NPM] = { cwd: npmDir, code: variants['controller + 3 adapters, constructed, unused'] }

// Programs launched as files (`node <file>`), as a user's program is: the loader's start-up is in
// the empty program too, so the difference is runstop's own (static imports, constructed, unused).
const programs = {
  'empty program file': 'cold-start-empty-program.mjs',
  'program file: controller + 3 adapters, constructed, unused': 'cold-start-program.mjs',
}
for (const [name, file] of Object.entries(programs)) variants[name] = { file }

// RUNSTOP_BEFORE=<another built checkout>: its core and adapters are launched too, in the same
// rounds, for a before/after comparison under the same machine load.
const BEFORE = process.env.RUNSTOP_BEFORE
if (BEFORE) {
  variants["before: import('@runstop/core')"] = variants["import('@runstop/core')"]
  variants['before: controller + 3 adapters, constructed, unused'] =
    variants['controller + 3 adapters, constructed, unused']
  variants['before: program file: controller + 3 adapters'] = {
    file: programs['program file: controller + 3 adapters, constructed, unused'],
  }
  // An older checkout may not have the program files: they are copied beside its bench.
  for (const file of ['cold-start-program.mjs', 'cold-start-report.mjs'])
    if (!existsSync(join(BEFORE, 'bench', file))) copyFileSync(join(here, file), join(BEFORE, 'bench', file))
}
const cwdOf = (name) => variants[name].cwd ?? (name.startsWith('before: ') ? join(BEFORE, 'bench') : here)

function launch(variant, cwd) {
  const started = performance.now()
  const code = variant.code ?? variant
  const args =
    typeof code === 'string' ? ['--input-type=module', '-e', start + code + report] : [join(cwd, code.file)]
  const child = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' })
  const ms = performance.now() - started
  if (child.status !== 0) throw new Error(`launch failed: ${child.stderr}`)
  const { rss, cjs, cpu, own } = JSON.parse(child.stdout.trim().split('\n').at(-1))
  // A program file reports no in-program time (null in JSON).
  return { ms, rss, cjs, cpu, own: own ?? Number.NaN }
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (const [name, code] of Object.entries(variants)) launch(code, cwdOf(name)) // warm the file cache
for (let i = 0; i < LAUNCHES; i++)
  for (const [name, code] of Object.entries(variants)) samples[name].push(launch(code, cwdOf(name)))

const figure = (name) => ({
  ms: median(samples[name].map((s) => s.ms)),
  cpu: median(samples[name].map((s) => s.cpu)),
  own: median(samples[name].map((s) => s.own)),
  rss: median(samples[name].map((s) => s.rss)) / 2 ** 20,
  cjs: median(samples[name].map((s) => s.cjs)),
  spread: [Math.min(...samples[name].map((s) => s.ms)), Math.max(...samples[name].map((s) => s.ms))],
})
console.log(
  `cold start, ${LAUNCHES} launches of each variant (interleaved), medians; node ${process.version}`,
)
console.log(
  '| launch | wall ms (median, min–max) | CPU ms to exit (median) | in-program CPU ms | RSS MiB | CommonJS modules |',
)
console.log('|---|---|---|---|---|---|')
for (const name of Object.keys(variants)) {
  const f = figure(name)
  console.log(
    `| ${name} | ${f.ms.toFixed(1)} (${f.spread[0].toFixed(0)}–${f.spread[1].toFixed(0)}) | ${f.cpu.toFixed(1)} | ${Number.isNaN(f.own) ? '–' : f.own.toFixed(1)} | ${f.rss.toFixed(1)} | ${f.cjs} |`,
  )
}
// The differences are medians of per-round differences (each round launches every variant once).
const paired = (a, b, key) => pairedMedian(samples, a, b, key)
const delta = (a, b) => {
  const signed = (value) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)}`
  const own = paired(a, b, 'own')
  const ownText = Number.isNaN(own) ? '' : ` (in-program ${signed(own)})`
  const rss = paired(a, b, 'rss') / 2 ** 20
  return `${signed(paired(a, b, 'ms'))} ms wall, ${signed(paired(a, b, 'cpu'))} ms CPU${ownText}, ${signed(rss)} MiB`
}
console.log(
  `import('@runstop/core') over import('neverthrow'): ${delta("import('@runstop/core')", "import('neverthrow')")} (goal ≤ +10 ms)`,
)
console.log(
  `controller + 3 adapters over bare node: ${delta('controller + 3 adapters, constructed, unused', 'bare node')} (goal ≤ +20 ms)`,
)
console.log(
  `controller + 3 adapters over the floor of four empty packages (node's own cost of the layout taken out): ${delta('controller + 3 adapters, constructed, unused', FLOOR)}`,
)
console.log(`the floor of four empty packages over bare node: ${delta(FLOOR, 'bare node')}`)
console.log(
  `controller + 3 adapters as npm lays them out, over bare node: ${delta(NPM, 'bare node')} (goal ≤ +20 ms)`,
)
console.log(`controller + 3 adapters as npm lays them out, over the floor: ${delta(NPM, FLOOR)}`)
console.log(
  `controller + 3 adapters over a one-line module (node's loader start-up taken out): ${delta('controller + 3 adapters, constructed, unused', 'import() of a one-line module')}`,
)
console.log(
  `controller + 3 adapters over import('neverthrow'): ${delta('controller + 3 adapters, constructed, unused', "import('neverthrow')")}`,
)
console.log(
  `program file over the empty program file (static imports; node's loader in both): ${delta('program file: controller + 3 adapters, constructed, unused', 'empty program file')}`,
)
if (BEFORE) {
  console.log(
    `before: program file over the empty program file: ${delta('before: program file: controller + 3 adapters', 'empty program file')}`,
  )
  console.log(
    `before: import('@runstop/core') over import('neverthrow'): ${delta("before: import('@runstop/core')", "import('neverthrow')")}`,
  )
  console.log(
    `before: controller + 3 adapters over bare node: ${delta('before: controller + 3 adapters, constructed, unused', 'bare node')}`,
  )
}
