// stopMany over 100,000 handles from a generator: throughput and heap growth. The batch streams,
// so heap should stay flat-ish (the report keeps one small result per handle, nothing more).
import { createRunController } from '@runstop/core'
import { createMemoryAdapter } from './memory-adapter.mjs'

const N = 100_000
const adapter = createMemoryAdapter('memory', { latencyMs: 1 })
const runs = createRunController({ adapters: [adapter], retry: false })
let pulled = 0
function* handles() {
  for (let i = 0; i < N; i++) {
    pulled++
    yield { provider: 'memory', id: `run-${i}` }
  }
}
global.gc?.()
const heapBefore = process.memoryUsage().heapUsed
let peak = heapBefore
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed)
}, 20)
const started = performance.now()
let maxAhead = 0
const report = await runs.stopMany(handles(), {
  concurrency: 64,
  perProvider: 64,
  onProgress: (p) => {
    maxAhead = Math.max(maxAhead, pulled - p.done)
  },
})
const ms = performance.now() - started
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().heapUsed)
console.log(
  `stopMany streaming: ${N} handles in ${ms.toFixed(0)} ms = ${Math.round(N / (ms / 1000))} handles/s; ` +
    `max in flight ${adapter.maxInFlight}; max pulled ahead of completion ${maxAhead}; ` +
    `heap growth ${((peak - heapBefore) / 1024 / 1024).toFixed(1)} MiB (${((peak - heapBefore) / N).toFixed(0)} B/handle, report included); ` +
    `reported ${report.stopped.length + report.failed.length}/${N}`,
)
