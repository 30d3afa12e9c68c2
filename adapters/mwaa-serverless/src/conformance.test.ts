import type { RunStatus } from '@runstop/core'
import { type Emulator, startEmulator } from '@runstop/emulator'
import { runAdapterConformance } from '@runstop/testing'
import { createMwaaServerlessAdapter } from './index.js'

// The provider's own status for each normalized one the emulator can put a run in.
const PROVIDER_STATUS: Partial<Record<RunStatus, string>> = {
  pending: 'QUEUED',
  running: 'RUNNING',
  stopping: 'STOPPING',
  succeeded: 'SUCCESS',
  failed: 'FAILED',
  timed_out: 'TIMEOUT',
  stopped: 'STOPPED',
}

let emulator: Emulator
let scopes = 0

runAdapterConformance({
  name: 'mwaa-serverless',
  statuses: ['pending', 'running', 'stopping', 'succeeded', 'failed', 'timed_out', 'stopped'],
  features: { abortInFlight: true, throttling: true },
  listing: {
    createScope(statuses) {
      const workflowArn = `arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/scope${++scopes}-ABCDEFGHIJ`
      const handles = statuses.map((status) =>
        emulator.createRun('mwaa-serverless', { ids: { workflowArn }, status: PROVIDER_STATUS[status] }),
      )
      return { scope: { provider: 'mwaa-serverless', workflowArn }, handles }
    },
    missingScope: () => ({
      provider: 'mwaa-serverless',
      workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/ghost-ABCDEFGHIJ',
    }),
    invalidScopes: [
      { provider: 'mwaa-serverless', workflowArn: 'arn:aws:s3:::bucket' },
      { provider: 'mwaa-serverless' },
      {
        provider: 'mwaa-serverless',
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/x-ABCDEFGHIJ',
        workflowVersion: 'a\nb',
      },
      {
        provider: 'mwaa-serverless',
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/x-ABCDEFGHIJ',
        region: 'eu-west-1',
      },
    ],
  },
  async setup() {
    emulator = await startEmulator({ stopDelayMs: 50 })
    return {
      adapter: createMwaaServerlessAdapter({
        endpoint: emulator.endpoints.mwaaServerless,
        credentials: emulator.credentials.aws,
      }),
      createRun: (status) => emulator.createRun('mwaa-serverless', { status: PROVIDER_STATUS[status] }),
      missingHandle: () => ({
        provider: 'mwaa-serverless',
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/ghost-ABCDEFGHIJ',
        runId: 'no-such-run',
      }),
      invalidHandles: [
        { provider: 'mwaa-serverless', workflowArn: 'arn:aws:s3:::bucket', runId: 'r1' },
        {
          provider: 'mwaa-serverless',
          workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/x-ABCDEFGHIJ',
          runId: '-bad',
        },
        {
          provider: 'mwaa-serverless',
          workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/x-ABCDEFGHIJ',
          runId: 'a'.repeat(256),
        },
        { provider: 'mwaa-serverless', runId: 'r1' },
      ],
      requestCount: () => emulator.requests.length,
      setLatency: (ms) => emulator.setFaults({ provider: 'mwaa-serverless', latencyMs: ms }),
      injectThrottle: () =>
        emulator.injectFault({ provider: 'mwaa-serverless', code: 'ThrottlingException' }),
    }
  },
  teardown: () => emulator.close(),
})
