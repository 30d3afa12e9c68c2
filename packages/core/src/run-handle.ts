/**
 * A reference to one run on one provider. Plain, JSON-serialisable data: creating one does no I/O.
 * Each adapter documents its own flat fields (for example `workflowArn` and `runId`).
 */
export interface RunHandle {
  /** The adapter's provider name, e.g. `mwaa-serverless`. */
  readonly provider: string
  /** Overrides the adapter's default region for this run. */
  readonly region?: string
  readonly [field: string]: string | undefined
}
