// What the controller adds per call (shape check, validation, signal scope, retry loop, hooks)
// over calling the adapter directly, with an in-memory adapter.
import { createRunController } from '@runstop/core'
import { createMemoryAdapter } from './memory-adapter.mjs'

const adapter = createMemoryAdapter()
const runs = createRunController({ adapters: [adapter], hooks: { onAttempt() {}, onResult() {} } })
const handle = { provider: 'memory', id: 'x' }
const N = 50_000
const signal = new AbortController().signal
let t = performance.now()
for (let i = 0; i < N; i++) await adapter.doGet(handle, { signal })
const direct = (performance.now() - t) / N
t = performance.now()
for (let i = 0; i < N; i++) await runs.get(handle)
const through = (performance.now() - t) / N
console.log(
  `controller overhead: direct adapter get ${(direct * 1000).toFixed(1)} µs, controller get ${(through * 1000).toFixed(1)} µs ` +
    `(+${((through - direct) * 1000).toFixed(1)} µs per call)`,
)
