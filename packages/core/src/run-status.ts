/** The normalized lifecycle of a run, whatever the provider. */
export type RunStatus =
  | 'pending'
  | 'running'
  | 'stopping'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'stopped'
  | 'unknown'

/** Every status, in lifecycle order. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'pending',
  'running',
  'stopping',
  'succeeded',
  'failed',
  'timed_out',
  'stopped',
  'unknown',
]

const TERMINAL: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'timed_out', 'stopped'])

/** True when the run has ended and will not change again: succeeded, failed, timed_out or stopped. */
export function isTerminal(status: RunStatus): boolean {
  return TERMINAL.has(status)
}

/**
 * Builds a case-insensitive status mapper from a provider's table. Providers document mixed
 * casings (Bedrock says both `Aborted` and `ABORTED`), and a value no table knows is `'unknown'`,
 * never a throw.
 */
export function createStatusMapper(
  table: Readonly<Record<string, Exclude<RunStatus, 'unknown'>>>,
): (providerStatus: unknown) => RunStatus {
  const exact = new Map<string, RunStatus>(Object.entries(table))
  const lower = new Map<string, RunStatus>()
  for (const [key, value] of exact) lower.set(key.toLowerCase(), value)
  // The status as the provider documents it is found without making a lowercased copy per call.
  return (providerStatus) =>
    typeof providerStatus === 'string'
      ? (exact.get(providerStatus) ?? lower.get(providerStatus.trim().toLowerCase()) ?? 'unknown')
      : 'unknown'
}
