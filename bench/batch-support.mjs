// Shared pieces of the batch benchmarks: a controller with the three real adapters pointed at an
// emulator, shuffling, a hand-written pool, and the ratio-with-spread printout.
import { createAlibabaCloudFlowAdapter } from '@runstop/alibaba-cloudflow'
import { createBedrockFlowsAdapter } from '@runstop/bedrock-flows'
import { createRunController } from '@runstop/core'
import { createMwaaServerlessAdapter } from '@runstop/mwaa-serverless'

export const PROVIDERS = ['mwaa-serverless', 'bedrock-flows', 'alibaba-cloudflow']

export function controllerFor(emulator, options = {}) {
  return createRunController({
    adapters: [
      createMwaaServerlessAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.mwaaServerless,
        credentials: emulator.credentials.aws,
      }),
      createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
      }),
      createAlibabaCloudFlowAdapter({
        region: 'cn-hangzhou',
        endpoint: emulator.endpoints.alibabaCloudFlow,
        credentials: emulator.credentials.alibaba,
      }),
    ],
    ...options,
  })
}

/** A seeded Fisher–Yates shuffle (same order every run). */
export function shuffled(items, seed = 42) {
  const out = [...items]
  let s = seed >>> 0
  const random = () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** The anchor every careful user writes first: `size` workers pulling from one list. */
export async function pool(items, size, work) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return results
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * The median of per-round differences `a − b` of one figure (`key`), from `samples[name]`, one
 * sample per round: a round's pair shares the machine's speed at that moment, which drifts over a
 * run by more than start-up differences.
 */
export function pairedMedian(samples, a, b, key) {
  return median(samples[a].map((s, i) => s[key] - samples[b][i][key]))
}

/** "median (min–max)" of a list of numbers. */
export function spread(values, digits = 2) {
  const f = (v) => v.toFixed(digits)
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`
}
