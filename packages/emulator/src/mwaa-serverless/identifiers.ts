import { randomBytes } from 'node:crypto'
import type { ValidationField } from './errors.js'

/** StopWorkflowRun / GetWorkflowRun `WorkflowArn` (API reference): 1–2048 chars, this pattern, full match. */
export const WORKFLOW_ARN_PATTERN =
  /^arn:aws(?:-(?:cn|us-gov|iso|iso-b|iso-e|iso-f))?:airflow-serverless:([a-z]{2}-[a-z]+-[0-9]{1}):([0-9]{12}):workflow\/([a-zA-Z0-9][a-zA-Z0-9.\-_]{0,254}-[a-zA-Z0-9]{10})$/

/** `RunId`: 1–255 chars, this pattern, full match. */
export const RUN_ID_PATTERN = /^[a-zA-Z0-9]+[a-zA-Z0-9.\-_]*$/

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length]
  return out
}

/** The region an ARN names (capture group 1), or undefined for a malformed ARN. */
export function regionOfArn(arn: string): string | undefined {
  return WORKFLOW_ARN_PATTERN.exec(arn)?.[1]
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

export function workflowArn(region: string, accountId: string, workflowName: string): string {
  return `arn:${partitionOf(region)}:airflow-serverless:${region}:${accountId}:workflow/${workflowName}-${randomAlphanumeric(10)}`
}

/**
 * Checks the request members of StopWorkflowRun / GetWorkflowRun against the service model's
 * constraints and answers the ValidationException FieldList entries for the ones that fail.
 */
export function validateRunRequest(params: Record<string, unknown>): ValidationField[] {
  const fields: ValidationField[] = []
  const check = (name: string, max: number, pattern: RegExp) => {
    const value = params[name]
    if (value === undefined || value === null) fields.push({ Name: name, Message: `${name} is required.` })
    else if (typeof value !== 'string') fields.push({ Name: name, Message: `${name} must be a string.` })
    else if (value.length < 1 || value.length > max)
      fields.push({ Name: name, Message: `${name} must be between 1 and ${max} characters long.` })
    else if (!pattern.test(value))
      fields.push({ Name: name, Message: `${name} must satisfy the pattern ${pattern.source}.` })
  }
  check('WorkflowArn', 2048, WORKFLOW_ARN_PATTERN)
  check('RunId', 255, RUN_ID_PATTERN)
  return fields
}
