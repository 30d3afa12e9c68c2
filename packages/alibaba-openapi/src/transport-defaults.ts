// The built-in clients' defaults, apart from the client itself: adapters read them at import
// while the client (signing, connections) is loaded on first use (alibaba-rpc-clients.ts).

import { MAX_TIMER_MS } from '@runstop/core'

/** The longest timer Node keeps (2^31 - 1 ms, ~24.8 days, core's `MAX_TIMER_MS`): the most a time limit may be. */
export const NO_LIMIT_MS = MAX_TIMER_MS
/** Connections the built-in clients open at most per endpoint, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50
/** The built-in clients' limit for opening a connection, unless `connectTimeoutMs` says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000
