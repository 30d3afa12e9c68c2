import { randomUUID } from 'node:crypto'

/**
 * An execution ARN as Step Functions writes it:
 * `arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<name>` (Standard), or
 * `…:express:<stateMachine>:<name>:<id>` (Express). Group 1 is the region, 2 the account, 3 the
 * resource type, 4 the state machine name, 5 the rest.
 */
export const EXECUTION_ARN =
  /^arn:aws(?:-[a-z-]+)?:states:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(execution|express):([^:\s]{1,80}):(.+)$/

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`; group 1 region, 3 name. */
export const STATE_MACHINE_ARN =
  /^arn:aws(?:-[a-z-]+)?:states:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):stateMachine:([^:\s]{1,80})$/

/** The `Arn` shape of the service model: 1 to 256 characters. */
export const ARN_MAX_LENGTH = 256

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

export function stateMachineArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:states:${region}:${account}:stateMachine:${name}`
}

/** A new execution ARN of a state machine (Express ones carry an extra id, as the service's do). */
export function executionArn(
  machineArn: string,
  type: 'STANDARD' | 'EXPRESS',
  name: string = randomUUID(),
): string {
  const [, , , region, account, , machine] = machineArn.split(':') as string[]
  const base = `arn:${partitionOf(region as string)}:states:${region}:${account}`
  return type === 'EXPRESS'
    ? `${base}:express:${machine}:${name}:${randomUUID()}`
    : `${base}:execution:${machine}:${name}`
}

/** The problem with an ARN as the service reports it (`InvalidArn`), or undefined when it is fine. */
export function invalidExecutionArn(arn: string): string | undefined {
  const match = EXECUTION_ARN.exec(arn)
  if (!match)
    return `Invalid Arn: '${arn.startsWith('arn:') ? 'Resource type not valid in this context' : 'Invalid ARN prefix'}: ${arn}'`
  if (match[3] === 'express') return `Invalid Arn: 'Resource type not valid in this context: express'`
  return undefined
}
