// STOPS (default 2,000) stops shuffled over three providers with no rate limit, fault-free and then
// with ~3 % of requests throttled at random (Retry-After 1 s): the occasional throttle should cost
// a retry, not the batch's throughput. Interleaved rounds; the emulator runs in a child process.
//
// The Retry-After sets a floor no client can beat: a batch cannot end before its last throttled
// stop has waited its Retry-After. So beside the throughput over the fault-free run, each
// throttled run is set against its ideal time, max(fault-free time of the same round, the moment
// the last throttled stop's retry was due), and the time the batch took past that ideal is shown
// (what runstop adds: about one request when the floor sets the ideal and runstop adds nothing). With 2,000 fast stops the floor
// dominates; `STOPS=20000` amortises the 1 s as a batch at the issue's ~60 stops/s would.
// `LATENCY_MS` (default 0) gives every request that much latency in the emulator, in both runs:
// with 16 stops in flight, 250 ms makes the fault-free run the issue's ~60 stops/s, the setting
// in which it measured the collapse (a real provider answers in tens to hundreds of ms).
// A run that takes longer than its cap is aborted there, and its throughput counts the stops done.
import { controllerFor, PROVIDERS, shuffled, spread } from './batch-support.mjs'
import { startEmulatorProcess } from './emulator-process.mjs'

const N = Number(process.env.STOPS ?? 2_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 0)
const CAP_S = Math.max(30, N / 100, (N * LATENCY_MS) / 4_000)
const emulator = await startEmulatorProcess()
/** When the last throttled stop's retry is due (performance.now() ms), in the run being timed. */
let lastRetryDue = 0
/** Stops done so far in the run being timed, and how many were done at its last throttle. */
let done = 0
/** Stops in flight, summed over the progress events of the run being timed (for the mean). */
let inFlightSum = 0
let doneAtLastThrottle = 0
let lastThrottleAt = 0
const runs = controllerFor(emulator, {
  hooks: {
    onRetry: (event) => {
      if (event.error.code !== 'THROTTLED') return
      lastThrottleAt = performance.now()
      doneAtLastThrottle = done
      lastRetryDue = Math.max(lastRetryDue, lastThrottleAt + event.delayMs)
    },
  },
})
const perSecond = { 'fault-free': [], '3 % throttled': [] }
const seconds = { 'fault-free': [], '3 % throttled': [] }
const throttledShare = []
const ratios = []
const idealRatios = []
const pastIdealMs = []
const idealPerSecond = []
const floorSeconds = []
const paceRatios = []
const meanInFlight = { 'fault-free': [], '3 % throttled': [] }
const cpuPerStop = { 'fault-free': [], '3 % throttled': [] }
let failed = 0
let capped = 0
try {
  // Warm-up (connections, JIT), not timed.
  const warm = []
  for (const provider of PROVIDERS) warm.push(...(await emulator.createRuns(provider, 200)))
  await runs.stopMany(warm)
  for (let round = 0; round < ROUNDS; round++) {
    // The emulator slows as the runs it holds pile up (a second run in a round meets more of
    // them): the order alternates between rounds so that neither run always goes second.
    const order = round % 2 === 0 ? ['fault-free', '3 % throttled'] : ['3 % throttled', 'fault-free']
    let throttledRun
    for (const name of order) {
      const handles = []
      for (const provider of PROVIDERS)
        handles.push(...(await emulator.createRuns(provider, Math.ceil(N / 3))))
      await emulator.reset()
      await new Promise((resolve) => setTimeout(resolve, 1_000)) // let the last run's tail settle
      const throttle =
        name === 'fault-free' ? {} : { throttleRate: 0.03, retryAfterSeconds: 1, seed: round + 1 }
      if (name !== 'fault-free' || LATENCY_MS > 0)
        await emulator.setFaults(
          ...PROVIDERS.map((provider) => ({
            provider,
            ...(LATENCY_MS > 0 ? { latencyMs: LATENCY_MS } : {}),
            ...throttle,
          })),
        )
      lastRetryDue = 0
      done = 0
      inFlightSum = 0
      const cpu = process.cpuUsage()
      const started = performance.now()
      const report = await runs.stopMany(shuffled(handles.slice(0, N), round + 1), {
        signal: AbortSignal.timeout(CAP_S * 1000),
        onProgress: (progress) => {
          done = progress.done
          inFlightSum += progress.inFlight
        },
      })
      const wallMs = performance.now() - started
      const cpuUsed = process.cpuUsage(cpu)
      cpuPerStop[name].push((cpuUsed.user + cpuUsed.system) / N)
      // Slots kept busy (of 16): a batch that holds back dispatch shows it here.
      meanInFlight[name].push(inFlightSum / Math.max(1, done))
      const stoppedNow = report.counts.stopped + report.counts.stopRequested + report.counts.alreadyTerminal
      if (report.aborted) capped++
      else failed += report.counts.failed
      perSecond[name].push(stoppedNow / (wallMs / 1000))
      seconds[name].push(wallMs / 1000)
      if (name !== 'fault-free') {
        const stats = await emulator.stats()
        throttledShare.push((stats.throttled / stats.requests) * 100)
        throttledRun = {
          wallMs,
          floorMs: lastRetryDue - started,
          pace: doneAtLastThrottle / ((lastThrottleAt - started) / 1000),
        }
      }
    }
    const faultFree = perSecond['fault-free'].at(-1)
    const { wallMs, floorMs, pace } = throttledRun
    ratios.push(perSecond['3 % throttled'].at(-1) / faultFree)
    const idealMs = Math.max(seconds['fault-free'].at(-1) * 1000, floorMs)
    floorSeconds.push(floorMs / 1000)
    // The pace of the run until its last throttle, over the fault-free pace: below 1, the
    // throttled run was slower throughout, not only in its tail.
    paceRatios.push(pace / faultFree)
    idealPerSecond.push(N / (idealMs / 1000))
    idealRatios.push(idealMs / wallMs)
    pastIdealMs.push(wallMs - idealMs)
  }
} finally {
  await emulator.reset()
  await emulator.close()
}
console.log(
  `random throttling: ${N} stops over 3 providers, no rate limit, ${LATENCY_MS} ms added latency per request, ${ROUNDS} interleaved rounds, median (min–max)`,
)
console.log(
  '| run | time s | stops/s | client CPU µs per stop | mean stops in flight (of 16) | throttled % of requests | throughput / fault-free | pace until the last throttle / fault-free | last Retry-After due, s | ideal stops/s | throughput / ideal | time past ideal, ms |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
console.log(
  `| stopMany, fault-free | ${spread(seconds['fault-free'])} | ${spread(perSecond['fault-free'], 0)} | ${spread(cpuPerStop['fault-free'], 0)} | ${spread(meanInFlight['fault-free'], 1)} | 0 | 1 | 1 | – | – | – | – |`,
)
console.log(
  `| stopMany, ~3 % throttled (Retry-After 1 s) | ${spread(seconds['3 % throttled'])} | ${spread(perSecond['3 % throttled'], 0)} | ${spread(cpuPerStop['3 % throttled'], 0)} | ${spread(meanInFlight['3 % throttled'], 1)} | ${spread(throttledShare, 1)} | ${spread(ratios)}× | ${spread(paceRatios)}× | ${spread(floorSeconds)} | ${spread(idealPerSecond, 0)} | ${spread(idealRatios)}× | ${spread(pastIdealMs, 0)} |`,
)
console.log(`failed stops in all rounds: ${failed}; runs cut at ${CAP_S} s: ${capped}`)
