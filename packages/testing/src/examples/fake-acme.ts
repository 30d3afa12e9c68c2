import type { AcmeClient } from './acme-adapter.js'

const PROVIDER_ERROR = (name: string, status: number, message: string) =>
  Object.assign(new Error(message), { name, status, requestId: `req-${name}` })

/**
 * An in-memory Acme service for the README example's tests: jobs by region and id, every call
 * counted. `cancel` of a finished job answers 409 JobFinished (the ambiguous refusal the example
 * settles with one get); a missing job is 404 JobNotFound; an aborted signal rejects with its reason.
 */
export function createFakeAcme() {
  const jobs = new Map<string, { state: string; started: string; flow: string }>()
  let requests = 0
  let ids = 0
  const key = (region: string, jobId: string) => `${region}/${jobId}`
  const find = (region: string, jobId: string, signal: AbortSignal) => {
    requests++
    if (signal.aborted) throw signal.reason
    const job = jobs.get(key(region, jobId))
    if (job === undefined) throw PROVIDER_ERROR('JobNotFound', 404, `No job ${jobId}.`)
    return job
  }
  return {
    get requests() {
      return requests
    },
    /** A new job in this state; `flow` groups jobs for the listing variants. */
    createJob(state: string, region = 'eu-1', flow = 'default'): { jobId: string; region: string } {
      const jobId = `job-${++ids}`
      jobs.set(key(region, jobId), {
        state,
        started: new Date(1_700_000_000_000 + ids * 1000).toISOString(),
        flow,
      })
      return { jobId, region }
    },
    /** The jobs of a flow, newest first. */
    jobsOf(region: string, flow: string, signal: AbortSignal) {
      requests++
      if (signal.aborted) throw signal.reason
      return [...jobs.entries()]
        .filter(([k, job]) => k.startsWith(`${region}/`) && job.flow === flow)
        .map(([k, job]) => ({ jobId: k.slice(region.length + 1), ...job }))
        .reverse()
    },
    client(region: string): AcmeClient {
      return {
        describe: async (jobId, { signal }) => {
          const { state, started } = find(region, jobId, signal)
          return { state, started }
        },
        cancel: async (jobId, { signal }) => {
          const job = find(region, jobId, signal)
          if (job.state !== 'QUEUED' && job.state !== 'RUNNING')
            throw PROVIDER_ERROR('JobFinished', 409, `Job ${jobId} has finished.`)
          job.state = 'CANCELLED'
          return { state: job.state }
        },
        destroy: () => {},
      }
    },
  }
}

/** The Acme state for each RunStatus the conformance suite creates runs in. */
export const ACME_STATE = {
  pending: 'QUEUED',
  running: 'RUNNING',
  succeeded: 'DONE',
  failed: 'ERROR',
  stopped: 'CANCELLED',
} as const
