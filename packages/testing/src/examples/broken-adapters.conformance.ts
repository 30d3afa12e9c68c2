import { type RunAdapter, RunError, type RunScope, type RunStatus, transportErrorCode } from '@runstop/core'
import { err, ok, ResultAsync } from 'neverthrow'
import { type ConformanceOptions, runAdapterConformance } from '../index.js'
import { type AcmeHandle, createAcmeAdapter } from './acme-adapter.js'
import { ACME_STATE, createFakeAcme } from './fake-acme.js'

// Run in a child vitest by conformance-catches-broken-adapters.test.ts (not part of the main
// run): the conformance suite against the README's Acme adapter with listing added (`control`,
// which must pass) and against three deliberately broken versions of it (which must fail).

type Acme = ReturnType<typeof createFakeAcme>
type Break = 'none' | 'stop-error' | 'no-validation' | 'list-ignores-token'

const refuse = (message: string) =>
  err(new RunError({ code: 'VALIDATION', message, provider: 'acme', operation: 'list' }))

/** The Acme adapter plus a listing of a flow's jobs (offset tokens), broken as asked. */
function acmeAdapter(acme: Acme, broken: Break): RunAdapter<AcmeHandle> {
  const good = createAcmeAdapter({ region: 'eu-1', createClient: (region) => acme.client(region) })
  return {
    ...good,
    capabilities: { ...good.capabilities, list: true },
    // Broken: whatever is given is "valid", so a bad handle reaches the provider.
    validate: broken === 'no-validation' ? (handle) => ok(handle as AcmeHandle) : good.validate,
    // Broken: a stop of a finished run is an error, not already_terminal.
    doStop:
      broken === 'stop-error'
        ? (handle, ctx) =>
            good.doStop(handle, ctx).andThen((result) =>
              result.outcome === 'already_terminal'
                ? err(
                    new RunError({
                      code: 'CONFLICT',
                      message: 'finished',
                      provider: 'acme',
                      operation: 'stop',
                    }),
                  )
                : ok(result),
            )
        : good.doStop,
    validateScope: (scope: RunScope) =>
      scope.provider === 'acme' && /^[a-z0-9-]{1,64}$/.test(scope.flow ?? '')
        ? ok({ provider: 'acme', flow: scope.flow as string })
        : refuse('An acme scope is { provider: "acme", flow } with flow matching [a-z0-9-]{1,64}.'),
    doList: (scope, ctx) =>
      ResultAsync.fromPromise(
        Promise.resolve().then(() => acme.jobsOf('eu-1', scope.flow as string, ctx.signal)),
        (e) =>
          new RunError({
            code: transportErrorCode(e, ctx.signal) ?? 'UNKNOWN',
            message: String(e),
            provider: 'acme',
            operation: 'list',
          }),
      ).map((jobs) => {
        // Broken: every page starts again at the first job.
        const start = broken === 'list-ignores-token' ? 0 : Number(ctx.pageToken ?? 0)
        const end = start + Math.min(ctx.pageSize ?? 50, 50)
        const runs = jobs.slice(start, end).map(({ jobId, state, started }) => ({
          handle: { provider: 'acme' as const, jobId, region: 'eu-1' },
          status: (ACME_STATUS[state] ?? 'unknown') as RunStatus,
          providerStatus: state,
          startedAt: new Date(started),
          raw: { jobId, state },
        }))
        return end < jobs.length ? { runs, nextPageToken: String(end) } : { runs }
      }),
  }
}

const ACME_STATUS = Object.fromEntries(
  Object.entries(ACME_STATE).map(([status, state]) => [state, status]),
) as Record<string, keyof typeof ACME_STATE>

let flows = 0
function suite(broken: Break): ConformanceOptions {
  let acme: Acme
  return {
    name: broken,
    statuses: ['pending', 'running', 'succeeded', 'failed', 'stopped'],
    listing: {
      createScope(statuses) {
        const flow = `flow-${++flows}`
        const handles = statuses.map((status) => ({
          provider: 'acme',
          ...acme.createJob(ACME_STATE[status as keyof typeof ACME_STATE], 'eu-1', flow),
        }))
        return { scope: { provider: 'acme', flow }, handles }
      },
      missingScope: () => ({ provider: 'acme', flow: 'no-such-flow' }),
      invalidScopes: [{ provider: 'acme' }, { provider: 'acme', flow: 'Has Spaces' }],
    },
    async setup() {
      acme = createFakeAcme()
      return {
        adapter: acmeAdapter(acme, broken),
        createRun: (status) => ({
          provider: 'acme',
          ...acme.createJob(ACME_STATE[status as keyof typeof ACME_STATE]),
        }),
        missingHandle: () => ({ provider: 'acme', jobId: 'no-such-job' }),
        invalidHandles: [{ provider: 'acme' }, { provider: 'acme', jobId: 'Has Spaces' }],
        requestCount: () => acme.requests,
      }
    },
  }
}

for (const broken of ['none', 'stop-error', 'no-validation', 'list-ignores-token'] as const)
  runAdapterConformance(suite(broken))
