// 3,000 stops over three providers that each allow RATE requests per second (the emulator's token
// bucket answers each provider's own throttling error above it; no Retry-After). Wall time is given
// as a ratio to the rate bound (1,000 / RATE s: the providers run side by side), for runstop's
// batch on the handles shuffled and sorted by provider, beside two anchors on the same
// controller's single `stop`: `Promise.all` over every handle and a fixed pool of 16. Interleaved
// rounds; the emulator runs in a child process. Default retry policy everywhere.
import { controllerFor, PROVIDERS, pool, shuffled, spread } from './batch-support.mjs'
import { startEmulatorProcess } from './emulator-process.mjs'

const RATE = Number(process.env.BENCH_RATE ?? 100)
const PER_PROVIDER = 1_000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const bound = PER_PROVIDER / RATE

const emulator = await startEmulatorProcess()
const runs = controllerFor(emulator)
// Each failure's code is kept, so that a failed stop is told apart (THROTTLED after the retries,
// or something else) in the summary below the table.
const codes = (errors) => errors.map((error) => error.code)
const collect = async (report) => {
  const r = await report
  return { failed: r.failed.length, codes: codes(r.failed.map((f) => f.error)) }
}
const failuresOf = (results) => {
  const errors = results.filter((r) => r.isErr()).map((r) => r.error)
  return { failed: errors.length, codes: codes(errors) }
}
const contenders = {
  'stopMany, shuffled': (h) => collect(runs.stopMany(shuffled(h))),
  'stopMany, sorted by provider': (h) => collect(runs.stopMany(h)),
  'Promise.all(stop)': async (h) => failuresOf(await Promise.all(h.map((x) => runs.stop(x)))),
  'pool of 16 (stop)': async (h) => failuresOf(await pool(shuffled(h), 16, (x) => runs.stop(x))),
}
const figures = Object.fromEntries(
  Object.keys(contenders).map((k) => [k, { ratio: [], throttled: [], stopped: [], failed: [], codes: {} }]),
)
try {
  // Warm-up (connections, JIT), not timed.
  const warm = []
  for (const provider of PROVIDERS) warm.push(...(await emulator.createRuns(provider, 200)))
  await runs.stopMany(warm)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const handles = []
      for (const provider of PROVIDERS) handles.push(...(await emulator.createRuns(provider, PER_PROVIDER)))
      await emulator.reset()
      await new Promise((resolve) => setTimeout(resolve, 1_000)) // let the last run's tail settle
      await emulator.setFaults(
        ...PROVIDERS.map((provider) => ({ provider, rateLimitPerSecond: RATE, seed: round + 1 })),
      )
      const before = await emulator.stats()
      const started = performance.now()
      const { failed, codes: failedCodes } = await run(handles)
      const seconds = (performance.now() - started) / 1000
      const after = await emulator.stats()
      const f = figures[name]
      f.ratio.push(seconds / bound)
      f.failed.push(failed)
      for (const code of failedCodes) f.codes[code] = (f.codes[code] ?? 0) + 1
      f.throttled.push((after.throttled / Math.max(1, after.requests)) * 100)
      f.stopped.push(((after.stopped - before.stopped) / handles.length) * 100)
    }
  }
} finally {
  await emulator.reset()
  await emulator.close()
}
console.log(
  `rate-limited batch: 3 providers × ${PER_PROVIDER} stops, ${RATE}/s each (bound ${bound.toFixed(2)} s), ` +
    `${ROUNDS} interleaved rounds, median (min–max)`,
)
console.log('| contender | wall / rate bound | throttled % of requests | runs stopped % | failed |')
console.log('|---|---|---|---|---|')
for (const [name, f] of Object.entries(figures))
  console.log(
    `| ${name} | ${spread(f.ratio)}× | ${spread(f.throttled, 1)} | ${spread(f.stopped, 1)} | ${spread(f.failed, 0)} |`,
  )
for (const [name, f] of Object.entries(figures)) {
  const byCode = Object.entries(f.codes).map(([code, count]) => `${code} ${count}`)
  if (byCode.length > 0) console.log(`${name}: failures over all rounds by code: ${byCode.join(', ')}`)
}
