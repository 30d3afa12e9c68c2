import { checkFields, type FieldRule, type RunError, type RunHandle } from '@runstop/core'
import type { Result } from 'neverthrow'

/** The provider string of this adapter. */
export const PROVIDER = 'mwaa-serverless'

/**
 * A run on Amazon MWAA Serverless. The region is part of the workflow ARN, so a handle carries no
 * `region` of its own (one that does must name the ARN's region).
 */
export interface MwaaServerlessHandle extends RunHandle {
  readonly provider: typeof PROVIDER
  /** `arn:aws:airflow-serverless:<region>:<account>:workflow/<name>-<10-character id>` */
  readonly workflowArn: string
  /** The run's id (`RunId` of `StartWorkflowRun`'s output). */
  readonly runId: string
}

/**
 * `WorkflowArn` of StopWorkflowRun / GetWorkflowRun (API reference, seed 001): 1–2048 characters,
 * this pattern matched in full; the region is its fourth field (core's `arnRegion`).
 */
export const WORKFLOW_ARN: FieldRule = {
  max: 2048,
  pattern:
    /^arn:aws(?:-(?:cn|us-gov|iso|iso-b|iso-e|iso-f))?:airflow-serverless:(?<region>[a-z]{2}-[a-z]+-[0-9]{1}):([0-9]{12}):workflow\/([a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}-[a-zA-Z0-9]{10})$/,
  form:
    'an MWAA Serverless workflow ARN, arn:aws[-cn|-us-gov|-iso…]:airflow-serverless:<region>:' +
    '<12-digit account>:workflow/<name>-<10 letters or digits>',
}

/** `RunId`: 1–255 characters, this pattern matched in full. */
const RUN_ID: FieldRule = {
  max: 255,
  pattern: /^[a-zA-Z0-9]+[a-zA-Z0-9.\-_]*$/,
  form: 'letters and digits, then letters, digits, ".", "-" or "_"',
}

/** A handle's rules: one object for every check. */
const HANDLE_RULES = { required: { workflowArn: WORKFLOW_ARN, runId: RUN_ID } }

/**
 * Checks a handle against the service's documented constraints, locally: nothing is sent. A bad
 * handle is a `VALIDATION` RunError naming the field and the rule it breaks.
 */
export function validateHandle(handle: unknown): Result<MwaaServerlessHandle, RunError> {
  // The record checkFields gives back is the handle itself: no `map` (a Result more) per call.
  return checkFields(PROVIDER, 'MWAA Serverless handle', handle, HANDLE_RULES) as Result<
    MwaaServerlessHandle,
    RunError
  >
}

/** What `mwaaServerlessHandle` takes: the `WorkflowArn` and `RunId` of StartWorkflowRun. */
export interface MwaaServerlessHandleInput {
  /** The workflow's ARN, as given to `StartWorkflowRun`. */
  readonly workflowArn: string
  /** `RunId` from `StartWorkflowRun`'s output. */
  readonly runId: string
}

/**
 * Builds the canonical handle of an MWAA Serverless run from what the service gave you: the
 * `workflowArn` you started (`StartWorkflowRun`'s `WorkflowArn` input) and the `RunId` of
 * `StartWorkflowRun`'s output. The region is the ARN's, so the handle carries none. Does no I/O;
 * a value that breaks the service's constraints is `VALIDATION`.
 *
 * @example
 * const { RunId } = await client.startWorkflowRun({ WorkflowArn })
 * const handle = mwaaServerlessHandle({ workflowArn: WorkflowArn, runId: RunId })
 */
export function mwaaServerlessHandle(
  input: MwaaServerlessHandleInput,
): Result<MwaaServerlessHandle, RunError> {
  return validateHandle({ provider: PROVIDER, workflowArn: input?.workflowArn, runId: input?.runId })
}
