// A batch against a provider that allows R requests per second: how close to R/s does stopMany
// finish, and how many throttling errors does it take? (The emulator's token bucket answers the
// provider's own throttling error above the rate.)
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createRunController } from '@runstop/core'
import { startEmulator } from '@runstop/emulator'

const RATE = 100
const RUNS = 600
const emulator = await startEmulator({ stopDelayMs: 10 })
try {
  for (const perProvider of [4, 16, 64]) {
    const handles = Array.from({ length: RUNS }, () => emulator.createRun('alibaba-cloudflow'))
    emulator.clearRequests()
    emulator.setFaults({ provider: 'alibaba-cloudflow', rateLimitPerSecond: RATE, seed: 1 })
    const runs = createRunController({
      adapters: [
        createAlibabaCloudFlowAdapter({
          region: 'cn-hangzhou',
          endpoint: emulator.endpoints.alibabaCloudFlow,
          credentials: emulator.credentials.alibaba,
        }),
      ],
      retry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 2_000 },
    })
    const started = performance.now()
    const report = await runs.stopMany(handles, { concurrency: 64, perProvider })
    const seconds = (performance.now() - started) / 1000
    emulator.clearFaults()
    const requests = emulator.requests.length
    const throttled = emulator.requests.filter((r) => r.errorCode === 'ResourceThrottled').length
    const ideal = RUNS / RATE
    console.log(
      `rate limit ${RATE}/s, ${RUNS} stops, perProvider ${perProvider}: ${seconds.toFixed(2)} s ` +
        `(ideal ${ideal.toFixed(2)} s, ${((ideal / seconds) * 100).toFixed(0)} % of the limit's pace); ` +
        `${requests} requests, ${throttled} throttled (${((throttled / requests) * 100).toFixed(1)} %); ` +
        `failed ${report.failed.length}`,
    )
  }
} finally {
  await emulator.close()
}
