import type { Result } from 'neverthrow'
import { checkRecordShape, formatHandle, parseRecord } from './handle-codec.js'
import type { RunError } from './run-error.js'

/**
 * A set of runs on one provider, named the way a handle names one run: plain data, the provider's
 * own identifiers, no I/O. Each adapter documents its own flat fields:
 * ```ts
 * { provider: 'mwaa-serverless',   workflowArn, workflowVersion? }
 * { provider: 'bedrock-flows',     flowIdentifier, flowAliasIdentifier?, region? }
 * { provider: 'alibaba-cloudflow', flowName, region? }
 * ```
 * The typed forms (`MwaaServerlessScope`, …) and their constructors live in the adapter packages,
 * beside the handle types.
 */
export interface RunScope {
  /** The adapter's provider name, e.g. `mwaa-serverless`. */
  readonly provider: string
  /** Overrides the adapter's default region for this listing. */
  readonly region?: string
  readonly [field: string]: string | undefined
}

/**
 * Checks that a value has the shape of a RunScope: a non-empty `provider` string and every other
 * field a string (or undefined). A provider's own constraints are the adapter's (`validateScope`).
 */
export function checkScopeShape(value: unknown): Result<RunScope, RunError> {
  return checkRecordShape(value, 'scope')
}

/**
 * The string form of a scope, for the CLI and for logs: `runstop:<provider>?<key>=<value>&…`,
 * keys sorted and everything percent-encoded (the handle codec's rules), so equal scopes give
 * equal strings and `parseScope(formatScope(s))` equals `s`. Undefined fields are left out.
 */
export function formatScope(scope: RunScope): string {
  return formatHandle(scope)
}

/** Parses the output of `formatScope`. Never throws: bad input is a `VALIDATION` error. */
export function parseScope(text: unknown): Result<RunScope, RunError> {
  return parseRecord(text, 'scope')
}
