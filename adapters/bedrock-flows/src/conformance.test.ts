import type { RunStatus } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { runAdapterConformance } from '@runstop/testing'
import { createBedrockFlowsAdapter } from './index.js'

// The provider's own status for each normalized one (Bedrock flows have no pending or stopping state).
const PROVIDER_STATUS: Partial<Record<RunStatus, string>> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'TimedOut',
  stopped: 'Aborted',
}

let emulator: Emulator
let scopes = 0

runAdapterConformance({
  name: 'bedrock-flows',
  statuses: ['running', 'succeeded', 'failed', 'timed_out', 'stopped'],
  features: { abortInFlight: true, throttling: true },
  listing: {
    createScope(statuses) {
      const flowIdentifier = `SCOPE${String(++scopes).padStart(5, '0')}`
      const handles = statuses.map((status) =>
        emulator.createRun('bedrock-flows', {
          ids: { flowIdentifier, flowAliasIdentifier: 'ALIAS00001' },
          status: PROVIDER_STATUS[status],
        }),
      )
      return { scope: { provider: 'bedrock-flows', flowIdentifier, region: 'us-east-1' }, handles }
    },
    missingScope: () => ({ provider: 'bedrock-flows', flowIdentifier: 'GHOSTFLOW1' }),
    invalidScopes: [
      { provider: 'bedrock-flows', flowIdentifier: '../admin' },
      { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: 'a/b' },
      { provider: 'bedrock-flows' },
      { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', region: 'us-east-1/x' },
    ],
  },
  async setup() {
    emulator = await startEmulator()
    return {
      adapter: createBedrockFlowsAdapter({
        region: 'us-east-1',
        endpoint: emulator.endpoints.bedrockFlows,
        credentials: emulator.credentials.aws,
      }),
      createRun: (status) => emulator.createRun('bedrock-flows', { status: PROVIDER_STATUS[status] }),
      missingHandle: () => ({
        provider: 'bedrock-flows',
        flowIdentifier: 'GHOSTFLOW1',
        flowAliasIdentifier: 'GHOSTALIAS',
        executionIdentifier: 'no-such-execution',
      }),
      invalidHandles: [
        {
          provider: 'bedrock-flows',
          flowIdentifier: '../admin',
          flowAliasIdentifier: 'ALIAS12345',
          executionIdentifier: 'e',
        },
        {
          provider: 'bedrock-flows',
          flowIdentifier: 'FLOW123456',
          flowAliasIdentifier: 'a/b',
          executionIdentifier: 'e',
        },
        {
          provider: 'bedrock-flows',
          flowIdentifier: 'FLOW123456',
          flowAliasIdentifier: 'ALIAS12345',
          executionIdentifier: 'e?x',
        },
        {
          provider: 'bedrock-flows',
          flowIdentifier: 'FLOW123456',
          flowAliasIdentifier: 'ALIAS12345',
          executionIdentifier: 'e%2e',
        },
        { provider: 'bedrock-flows', flowIdentifier: 'FLOW123456', flowAliasIdentifier: 'ALIAS12345' },
      ],
      requestCount: () => emulator.requests.length,
      setLatency: (ms) => emulator.setFaults({ provider: 'bedrock-flows', latencyMs: ms }),
      injectThrottle: () => emulator.injectFault({ provider: 'bedrock-flows', code: 'ThrottlingException' }),
    }
  },
  teardown: () => emulator.close(),
})
