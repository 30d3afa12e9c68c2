import type { RunStatus } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { runAdapterConformance } from '@runstop/testing'
import { createAlibabaCloudFlowAdapter } from './index.js'

// The provider's own status for each normalized one (CloudFlow has no stopping state).
const PROVIDER_STATUS: Partial<Record<RunStatus, string>> = {
  pending: 'Starting',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'TimedOut',
  stopped: 'Stopped',
}

let emulator: Emulator
let scopes = 0

runAdapterConformance({
  name: 'alibaba-cloudflow',
  statuses: ['pending', 'running', 'succeeded', 'failed', 'timed_out', 'stopped'],
  features: { abortInFlight: true, throttling: true },
  listing: {
    createScope(statuses) {
      const flowName = `scope_flow_${++scopes}`
      const handles = statuses.map((status) =>
        emulator.createRun('alibaba-cloudflow', { ids: { flowName }, status: PROVIDER_STATUS[status] }),
      )
      return { scope: { provider: 'alibaba-cloudflow', flowName, region: 'cn-hangzhou' }, handles }
    },
    missingScope: () => ({ provider: 'alibaba-cloudflow', flowName: 'ghost_flow' }),
    invalidScopes: [
      { provider: 'alibaba-cloudflow', flowName: '9flow' },
      { provider: 'alibaba-cloudflow', flowName: 'f'.repeat(129) },
      { provider: 'alibaba-cloudflow' },
      { provider: 'alibaba-cloudflow', flowName: 'flow', region: 'cn hangzhou' },
    ],
  },
  async setup() {
    emulator = await startEmulator({ stopDelayMs: 50 })
    return {
      adapter: createAlibabaCloudFlowAdapter({
        region: 'cn-hangzhou',
        endpoint: emulator.endpoints.alibabaCloudFlow,
        credentials: emulator.credentials.alibaba,
      }),
      createRun: (status) => emulator.createRun('alibaba-cloudflow', { status: PROVIDER_STATUS[status] }),
      missingHandle: () => ({
        provider: 'alibaba-cloudflow',
        flowName: 'ghost_flow',
        executionName: 'no-such-execution',
      }),
      invalidHandles: [
        { provider: 'alibaba-cloudflow', flowName: '9flow', executionName: 'e' },
        { provider: 'alibaba-cloudflow', flowName: 'flow', executionName: 'a/b' },
        { provider: 'alibaba-cloudflow', flowName: 'f'.repeat(129), executionName: 'e' },
        { provider: 'alibaba-cloudflow', flowName: 'flow' },
      ],
      requestCount: () => emulator.requests.length,
      setLatency: (ms) => emulator.setFaults({ provider: 'alibaba-cloudflow', latencyMs: ms }),
      injectThrottle: () =>
        emulator.injectFault({ provider: 'alibaba-cloudflow', code: 'ResourceThrottled' }),
    }
  },
  teardown: () => emulator.close(),
})
