// 2,000 stops shuffled over three providers with no rate limit, fault-free and then with ~3 % of
// requests throttled at random (Retry-After 1 s): the occasional throttle should cost a retry, not
// the batch's throughput. Interleaved rounds; the emulator runs in a child process. A run that
// takes longer than CAP_S is aborted there, and its throughput counts the stops done by then.
import { controllerFor, PROVIDERS, shuffled, spread } from './batch-support.mjs'
import { startEmulatorProcess } from './emulator-process.mjs'

const N = 2_000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CAP_S = 30
const emulator = await startEmulatorProcess()
const runs = controllerFor(emulator)
const perSecond = { 'fault-free': [], '3 % throttled': [] }
const throttledShare = []
const ratios = []
let failed = 0
let capped = 0
try {
  // Warm-up (connections, JIT), not timed.
  const warm = []
  for (const provider of PROVIDERS) warm.push(...(await emulator.createRuns(provider, 200)))
  await runs.stopMany(warm)
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(perSecond)) {
      const handles = []
      for (const provider of PROVIDERS)
        handles.push(...(await emulator.createRuns(provider, Math.ceil(N / 3))))
      await emulator.reset()
      await new Promise((resolve) => setTimeout(resolve, 1_000)) // let the last run's tail settle
      if (name !== 'fault-free')
        await emulator.setFaults(
          ...PROVIDERS.map((provider) => ({
            provider,
            throttleRate: 0.03,
            retryAfterSeconds: 1,
            seed: round + 1,
          })),
        )
      const started = performance.now()
      const report = await runs.stopMany(shuffled(handles.slice(0, N), round + 1), {
        signal: AbortSignal.timeout(CAP_S * 1000),
      })
      const seconds = (performance.now() - started) / 1000
      const done = report.stopped.length + report.stopRequested.length + report.alreadyTerminal.length
      if (report.aborted) capped++
      else failed += report.failed.length
      perSecond[name].push(done / seconds)
      if (name !== 'fault-free') {
        const stats = await emulator.stats()
        throttledShare.push((stats.throttled / stats.requests) * 100)
        ratios.push(perSecond[name].at(-1) / perSecond['fault-free'].at(-1))
      }
    }
  }
} finally {
  await emulator.reset()
  await emulator.close()
}
console.log(
  `random throttling: ${N} stops over 3 providers, no rate limit, ${ROUNDS} interleaved rounds, median (min–max)`,
)
console.log('| run | stops/s | throttled % of requests | throughput / fault-free |')
console.log('|---|---|---|---|')
console.log(`| stopMany, fault-free | ${spread(perSecond['fault-free'], 0)} | 0 | 1 |`)
console.log(
  `| stopMany, ~3 % throttled (Retry-After 1 s) | ${spread(perSecond['3 % throttled'], 0)} | ${spread(throttledShare, 1)} | ${spread(ratios)}× |`,
)
console.log(`failed stops in all rounds: ${failed}; runs cut at ${CAP_S} s: ${capped}`)
