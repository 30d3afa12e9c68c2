import type { RunStatus } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { runAdapterConformance } from '@runstop/testing'
import { createStepFunctionsAdapter } from './index.js'

// The provider's own status for each normalized one (Step Functions has no stopping state).
const PROVIDER_STATUS: Partial<Record<RunStatus, string>> = {
  pending: 'PENDING_REDRIVE',
  running: 'RUNNING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  timed_out: 'TIMED_OUT',
  stopped: 'ABORTED',
}

let emulator: Emulator
let scopes = 0
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine'

runAdapterConformance({
  name: 'step-functions',
  statuses: ['pending', 'running', 'succeeded', 'failed', 'timed_out', 'stopped'],
  features: { abortInFlight: true, throttling: true },
  listing: {
    createScope(statuses) {
      const stateMachineName = `scope${++scopes}`
      const handles = statuses.map((status) =>
        emulator.createRun('step-functions', { ids: { stateMachineName }, status: PROVIDER_STATUS[status] }),
      )
      return {
        scope: { provider: 'step-functions', stateMachineArn: `${MACHINE}:${stateMachineName}` },
        handles,
      }
    },
    missingScope: () => ({ provider: 'step-functions', stateMachineArn: `${MACHINE}:ghost` }),
    invalidScopes: [
      { provider: 'step-functions', stateMachineArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e' },
      { provider: 'step-functions', stateMachineArn: `${MACHINE}:${'m'.repeat(300)}` },
      { provider: 'step-functions', stateMachineArn: `${MACHINE}:a b` },
      { provider: 'step-functions' },
      { provider: 'step-functions', stateMachineArn: `${MACHINE}:m`, region: 'eu-west-1' },
    ],
  },
  async setup() {
    emulator = await startEmulator()
    return {
      adapter: createStepFunctionsAdapter({
        endpoint: emulator.endpoints.stepFunctions,
        credentials: emulator.credentials.aws,
      }),
      createRun: (status) => emulator.createRun('step-functions', { status: PROVIDER_STATUS[status] }),
      missingHandle: () => ({
        provider: 'step-functions',
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:order-pipeline:no-such-execution',
      }),
      invalidHandles: [
        { provider: 'step-functions', executionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m' },
        {
          provider: 'step-functions',
          executionArn: `arn:aws:states:us-east-1:123456789012:execution:m:${'e'.repeat(300)}`,
        },
        { provider: 'step-functions', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:a b' },
        { provider: 'step-functions' },
      ],
      requestCount: () => emulator.requests.length,
      setLatency: (ms) => emulator.setFaults({ provider: 'step-functions', latencyMs: ms }),
      injectThrottle: () => emulator.injectFault({ provider: 'step-functions', code: 'ThrottlingException' }),
    }
  },
  teardown: () => emulator.close(),
})
