// What the batch costs per handle: stopMany over an in-memory adapter (no latency, no network)
// beside a hand-written pool of 16 workers calling the same adapter's doStop directly, and
// `stopEach` with `keep`-free streaming (what a large batch should use).
import { createRunController } from '@runstop/core'
import { pool, spread } from './batch-support.mjs'
import { createMemoryAdapter } from './memory-adapter.mjs'

const N = 50_000
const ROUNDS = 5
const adapter = createMemoryAdapter()
const runs = createRunController({ adapters: [adapter], retry: false })
const handles = Array.from({ length: N }, (_, i) => ({ provider: 'memory', id: `run-${i}` }))
const signal = new AbortController().signal
const contenders = {
  'hand-written pool of 16 (adapter.doStop)': () => pool(handles, 16, (h) => adapter.doStop(h, { signal })),
  'stopMany (concurrency 16)': () => runs.stopMany(handles, { concurrency: 16, perProvider: 16 }),
  'stopMany (keep: none)': () => runs.stopMany(handles, { concurrency: 16, perProvider: 16, keep: 'none' }),
  'stopEach (drained)': async () => {
    for await (const _ of runs.stopEach(handles, { concurrency: 16, perProvider: 16 })) {
      // drained as results arrive
    }
  },
}
const micros = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
for (let round = 0; round < ROUNDS; round++)
  for (const [name, run] of Object.entries(contenders)) {
    global.gc?.()
    const started = performance.now()
    await run()
    micros[name].push(((performance.now() - started) * 1000) / N)
  }
const [anchor] = Object.values(micros)
console.log(
  `stopMany per handle, ${N} handles, in-memory adapter, ${ROUNDS} interleaved rounds, median (min–max)`,
)
console.log('| contender | µs per handle | × the pool |')
console.log('|---|---|---|')
for (const [name, values] of Object.entries(micros))
  console.log(`| ${name} | ${spread(values, 1)} | ${spread(values.map((v, i) => v / anchor[i]))} |`)
