// What the controller adds per call (shape check, validation, signal scope, retry loop, hooks)
// over calling the adapter directly, with an in-memory adapter: a single `get` and a single
// `stop`, without hooks and with two hooks (onAttempt, onResult), beside a batch's stop per handle.
// CPU time (user + system) per call; the variants run in alternating blocks, ROUNDS rounds, median.
// RUNSTOP_BEFORE=<another built checkout>: its controller's get and stop run too, in the same blocks.
import { createRunController } from '@runstop/core'
import { createMemoryAdapter } from './memory-adapter.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const CALLS = Number(process.env.CALLS ?? 20_000)
const BLOCK = 500
const adapter = createMemoryAdapter()
const plain = createRunController({ adapters: [adapter] })
const hooked = createRunController({ adapters: [adapter], hooks: { onAttempt() {}, onResult() {} } })
const handle = { provider: 'memory', id: 'x' }
const signal = new AbortController().signal
const mustOk = (result) => {
  if (result.isErr()) throw result.error
}
const BATCH = 1000
const batchHandles = Array.from({ length: BATCH }, (_, i) => ({ provider: 'memory', id: `r${i}` }))

const variants = [
  ['adapter doGet (direct)', async () => mustOk(await adapter.doGet(handle, { signal }))],
  ['adapter doStop (direct)', async () => mustOk(await adapter.doStop(handle, { signal }))],
  ['controller get', async () => mustOk(await plain.get(handle))],
  ['controller stop', async () => mustOk(await plain.stop(handle))],
  ['controller get, 2 hooks', async () => mustOk(await hooked.get(handle))],
  ['controller stop, 2 hooks', async () => mustOk(await hooked.stop(handle))],
]
if (process.env.RUNSTOP_BEFORE) {
  const before = await import(`${process.env.RUNSTOP_BEFORE}/packages/core/dist/index.js`)
  const old = before.createRunController({ adapters: [adapter] })
  const oldHooked = before.createRunController({
    adapters: [adapter],
    hooks: { onAttempt() {}, onResult() {} },
  })
  variants.push(
    ['before: controller get', async () => mustOk(await old.get(handle))],
    ['before: controller stop', async () => mustOk(await old.stop(handle))],
    ['before: controller get, 2 hooks', async () => mustOk(await oldHooked.get(handle))],
    ['before: controller stop, 2 hooks', async () => mustOk(await oldHooked.stop(handle))],
  )
}

async function cpuOf(call, calls) {
  const start = process.cpuUsage()
  for (let i = 0; i < calls; i++) await call()
  const used = process.cpuUsage(start)
  return used.user + used.system
}
/** A batch's CPU per handle: BATCH_RUNS stopMany of BATCH handles each, counted per handle. */
const BATCH_RUNS = 10
async function batchPerHandle() {
  const start = process.cpuUsage()
  for (let i = 0; i < BATCH_RUNS; i++) {
    const report = await plain.stopMany(batchHandles, { keep: 'none' })
    if (report.counts.stopped !== BATCH) throw new Error('batch did not stop every run')
  }
  const used = process.cpuUsage(start)
  return (used.user + used.system) / (BATCH * BATCH_RUNS)
}

for (const [, call] of variants) await cpuOf(call, 5_000)
// Enough batches that the batch engine is measured warm (one batch per round would measure the JIT).
for (let i = 0; i < 3; i++) await batchPerHandle()
const perCall = variants.map(() => [])
const batch = []
for (let round = 0; round < ROUNDS; round++) {
  const used = variants.map(() => 0)
  for (let done = 0, turn = 0; done < CALLS; done += BLOCK, turn++)
    for (let k = 0; k < variants.length; k++) {
      const index = (k + turn) % variants.length
      used[index] += await cpuOf(variants[index][1], BLOCK)
    }
  for (const [i, u] of used.entries()) perCall[i].push(u / CALLS)
  batch.push(await batchPerHandle())
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
const direct = { get: median(perCall[0]), stop: median(perCall[1]) }
console.log(
  `controller overhead, in-memory adapter: CPU µs per call, median of ${ROUNDS} rounds × ${CALLS} calls`,
)
console.log('| call | µs per call | over the direct adapter call |')
console.log('|---|---|---|')
for (const [index, [name]] of variants.entries()) {
  const us = median(perCall[index])
  const base = name.includes('get') ? direct.get : direct.stop
  console.log(`| ${name} | ${us.toFixed(2)} | ${index < 2 ? '' : `+${(us - base).toFixed(2)}`} |`)
}
console.log(
  `| stopMany, per handle (${BATCH_RUNS} × ${BATCH} handles, keep 'none') | ${median(batch).toFixed(2)} | +${(median(batch) - direct.stop).toFixed(2)} |`,
)
