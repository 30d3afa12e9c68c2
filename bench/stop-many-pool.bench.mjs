// What the batch costs per handle: stopMany over an in-memory adapter (no latency, no network)
// beside a hand-written pool of 16 workers calling the same adapter's doStop directly, and
// `stopEach` with `keep`-free streaming (what a large batch should use).
// RUNSTOP_BEFORE=<another built checkout>: its controller runs too, in the same rounds ("before:").
// Run with --expose-gc: each measured run starts after a young-generation collection (the garbage
// of the run before it), not a full one: a full `gc()` also throws away the JIT's optimised code,
// so each round would measure recompiling every function the contender runs (a fixed ~100 ms that
// 50,000 handles cannot amortise, paid the more the more functions a contender has), not the
// steady state the warm-up round is there for. The order of the contenders turns each round, so
// none always pays for the old-generation garbage of the same predecessor.
import { createRunController } from '@runstop/core'
import { pool, spread } from './batch-support.mjs'
import { createMemoryAdapter } from './memory-adapter.mjs'

const N = Number(process.env.HANDLES ?? 50_000)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const BEFORE = process.env.RUNSTOP_BEFORE
const FULL_GC = process.env.FULL_GC === '1'
const adapter = createMemoryAdapter()
const runs = createRunController({ adapters: [adapter], retry: false })
const handles = Array.from({ length: N }, (_, i) => ({ provider: 'memory', id: `run-${i}` }))
const signal = new AbortController().signal
const contenders = {
  'hand-written pool of 16 (adapter.doStop)': () => pool(handles, 16, (h) => adapter.doStop(h, { signal })),
  'stopMany (concurrency 16)': () => runs.stopMany(handles, { concurrency: 16, perProvider: 16 }),
  'stopMany (keep: none)': () => runs.stopMany(handles, { concurrency: 16, perProvider: 16, keep: 'none' }),
  'stopEach (drained)': () => drain(runs),
}
async function drain(controller) {
  for await (const _ of controller.stopEach(handles, { concurrency: 16, perProvider: 16 })) {
    // drained as results arrive
  }
}
if (BEFORE) {
  const before = await import(`${BEFORE}/packages/core/dist/index.js`)
  const old = before.createRunController({ adapters: [adapter], retry: false })
  contenders['before: stopMany (concurrency 16)'] = () =>
    old.stopMany(handles, { concurrency: 16, perProvider: 16 })
  contenders['before: stopEach (drained)'] = () => drain(old)
}
// One uncounted round first, so that every contender is measured after the JIT has warmed up.
for (const run of Object.values(contenders)) await run()
const micros = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
// CPU time (user + system, all threads: GC helpers included) moves far less than wall time when
// other processes share the machine.
const cpuMicros = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
const entries = Object.entries(contenders)
for (let round = 0; round < ROUNDS; round++)
  for (let k = 0; k < entries.length; k++) {
    const [name, run] = entries[(k + round) % entries.length]
    // FULL_GC=1: the earlier method (a full collection before each run), to compare with old figures.
    global.gc?.(FULL_GC ? undefined : { type: 'minor' })
    const cpu = process.cpuUsage()
    const started = performance.now()
    await run()
    micros[name].push(((performance.now() - started) * 1000) / N)
    const used = process.cpuUsage(cpu)
    cpuMicros[name].push((used.user + used.system) / N)
  }
const [anchor] = Object.values(micros)
const [cpuAnchor] = Object.values(cpuMicros)
console.log(
  `stopMany per handle, ${N} handles, in-memory adapter, ${ROUNDS} interleaved rounds, median (min–max)${FULL_GC ? '; a full gc() before each run (JIT code discarded)' : ''}`,
)
console.log('| contender | µs per handle (wall) | × the pool (wall) | CPU µs per handle | × the pool (CPU) |')
console.log('|---|---|---|---|---|')
for (const [name, values] of Object.entries(micros)) {
  const cpu = cpuMicros[name]
  console.log(
    `| ${name} | ${spread(values, 1)} | ${spread(values.map((v, i) => v / anchor[i]))} | ${spread(cpu, 1)} | ${spread(cpu.map((v, i) => v / cpuAnchor[i]))} |`,
  )
}
