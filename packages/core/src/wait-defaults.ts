// What `waitForTerminal` and `stop(…, { wait })` use when not told (public: `DEFAULT_WAIT`); the
// wait loop itself (wait.ts) is in the controller's call path, a chunk read on first use.

/** Wait defaults: 10 minutes in all, first poll interval 1 s, growing ×1.5 up to 15 s. */
export const DEFAULT_WAIT = {
  /** How long a wait lasts before `TIMEOUT`: 10 minutes. */
  timeoutMs: 600_000,
  /** The first poll interval: 1 s. */
  pollIntervalMs: 1_000,
  /** The largest poll interval: 15 s. */
  maxPollIntervalMs: 15_000,
} as const
