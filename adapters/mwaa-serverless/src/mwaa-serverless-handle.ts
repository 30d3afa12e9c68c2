import { RunError, type RunHandle } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'

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
 * this pattern matched in full. Capture group 1 is the region.
 */
export const WORKFLOW_ARN_PATTERN =
  /^arn:aws(?:-(?:cn|us-gov|iso|iso-b|iso-e|iso-f))?:airflow-serverless:([a-z]{2}-[a-z]+-[0-9]{1}):([0-9]{12}):workflow\/([a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}-[a-zA-Z0-9]{10})$/
export const WORKFLOW_ARN_MAX_LENGTH = 2048

/** `RunId`: 1–255 characters, this pattern matched in full. */
export const RUN_ID_PATTERN = /^[a-zA-Z0-9]+[a-zA-Z0-9.\-_]*$/
export const RUN_ID_MAX_LENGTH = 255

/** The region named by a workflow ARN (capture group 1), or undefined when the ARN is malformed. */
export function regionOfWorkflowArn(workflowArn: string): string | undefined {
  return WORKFLOW_ARN_PATTERN.exec(workflowArn)?.[1]
}

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

function invalid(message: string, field: string, rule: string, handle?: RunHandle): RunError {
  return new RunError({
    code: 'VALIDATION',
    message,
    provider: PROVIDER,
    details: { field, rule },
    ...(handle === undefined ? {} : { handle }),
  })
}

function checkField(
  handle: RunHandle,
  field: 'workflowArn' | 'runId',
  maxLength: number,
  pattern: RegExp,
  describe: string,
): RunError | undefined {
  const value: unknown = handle[field]
  if (typeof value !== 'string')
    return invalid(
      `MWAA Serverless handle field "${field}" is required and must be a string.`,
      field,
      'required',
      handle,
    )
  if (value.length < 1 || value.length > maxLength)
    return invalid(
      `MWAA Serverless handle field "${field}" must be 1–${maxLength} characters long (got ${value.length}).`,
      field,
      'length',
      handle,
    )
  if (!pattern.test(value))
    return invalid(
      `MWAA Serverless handle field "${field}" must be ${describe} (full match of ${pattern.source}); got ${show(value)}.`,
      field,
      'pattern',
      handle,
    )
  return undefined
}

/**
 * Checks a handle against the service's documented constraints, locally: nothing is sent. A bad
 * handle is a `VALIDATION` RunError naming the field and the rule it breaks.
 */
export function validateHandle(handle: unknown): Result<MwaaServerlessHandle, RunError> {
  if (typeof handle !== 'object' || handle === null || Array.isArray(handle))
    return err(invalid('An MWAA Serverless handle must be an object.', 'handle', 'type'))
  const candidate = handle as RunHandle
  if (candidate.provider !== PROVIDER)
    return err(
      invalid(
        `An MWAA Serverless handle has provider "${PROVIDER}" (got ${show(String(candidate.provider))}).`,
        'provider',
        'value',
        candidate,
      ),
    )
  const problem =
    checkField(
      candidate,
      'workflowArn',
      WORKFLOW_ARN_MAX_LENGTH,
      WORKFLOW_ARN_PATTERN,
      'an MWAA Serverless workflow ARN, arn:aws[-cn|-us-gov|-iso…]:airflow-serverless:<region>:<12-digit account>:workflow/<name>-<10 letters or digits>',
    ) ??
    checkField(
      candidate,
      'runId',
      RUN_ID_MAX_LENGTH,
      RUN_ID_PATTERN,
      'letters and digits, then letters, digits, ".", "-" or "_"',
    )
  if (problem) return err(problem)
  const arnRegion = regionOfWorkflowArn(candidate.workflowArn as string)
  if (candidate.region !== undefined && candidate.region !== arnRegion)
    return err(
      invalid(
        `MWAA Serverless handle field "region" must be omitted or equal the workflow ARN's region "${arnRegion}" (got ${show(String(candidate.region))}).`,
        'region',
        'matchesArn',
        candidate,
      ),
    )
  return ok(candidate as MwaaServerlessHandle)
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
  if (typeof input !== 'object' || input === null)
    return err(
      invalid(
        'mwaaServerlessHandle takes { workflowArn, runId }: workflowArn and runId are required.',
        'handle',
        'type',
      ),
    )
  return validateHandle({ provider: PROVIDER, workflowArn: input.workflowArn, runId: input.runId })
}
