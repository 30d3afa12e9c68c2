import { setTimeout as delay } from 'node:timers/promises'
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn'
import type { RunHandle } from '@runstop/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../index.js'

// The real @aws-sdk/client-sfn against the emulator: the wire protocol (awsJson1_0, X-Amz-Target
// AWSStepFunctions.<Op>, SigV4 "states"), the service's answers and its errors.

type Execution = RunHandle & { executionArn: string }

let emulator: Emulator
/** stopDelayMs 0: a stop takes effect at once. */
let instant: Emulator

function client(emu: Emulator, options: { region?: string; secret?: string } = {}) {
  return new SFNClient({
    region: options.region ?? 'us-east-1',
    endpoint: emu.endpoints.stepFunctions,
    credentials: {
      accessKeyId: emu.credentials.aws.accessKeyId,
      secretAccessKey: options.secret ?? emu.credentials.aws.secretAccessKey,
    },
    maxAttempts: 1,
  })
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; message: string; $metadata: { httpStatusCode?: number } }
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

beforeAll(async () => {
  emulator = await startEmulator({ stopDelayMs: 60_000 })
  instant = await startEmulator({ stopDelayMs: 0 })
})
afterAll(async () => {
  await emulator?.close()
  await instant?.close()
})

describe('Step Functions emulator, DescribeExecution and StopExecution', () => {
  it('describes a running execution as the service does', async () => {
    const { executionArn } = emulator.createRun('step-functions', {
      ids: { executionName: 'order-1' },
    }) as Execution
    expect(executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:order-pipeline:order-1$/)
    const out = await client(emulator).send(new DescribeExecutionCommand({ executionArn }))
    expect(out).toMatchObject({ executionArn, status: 'RUNNING', name: 'order-1', redriveCount: 0 })
    expect(out.startDate).toBeInstanceOf(Date)
    expect(out.stopDate).toBeUndefined()
    expect(out.$metadata.requestId).toBeTruthy()
  })

  it('stops a running execution: the reply carries only stopDate; error and cause are recorded', async () => {
    const { executionArn } = instant.createRun('step-functions') as Execution
    const sfn = client(instant)
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Ops.Cancel', cause: 'incident 7' }),
    )
    expect(stopped.stopDate).toBeInstanceOf(Date)
    expect(Object.keys(stopped).sort()).toEqual(['$metadata', 'stopDate'])
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }))
    expect(out).toMatchObject({ status: 'ABORTED', error: 'Ops.Cancel', cause: 'incident 7' })
    expect(out.stopDate?.getTime()).toBe(stopped.stopDate?.getTime())
  })

  it('is eventually consistent: right after a stop, DescribeExecution may still say RUNNING', async () => {
    const { executionArn } = emulator.createRun('step-functions') as Execution
    const sfn = client(emulator)
    await sfn.send(new StopExecutionCommand({ executionArn }))
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING')
  })

  it('answers a stop of a finished execution with success and leaves it as it was', async () => {
    const sfn = client(instant)
    for (const status of ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']) {
      const { executionArn } = instant.createRun('step-functions', { status }) as Execution
      const before = await sfn.send(new DescribeExecutionCommand({ executionArn }))
      await delay(5)
      const stopped = await sfn.send(new StopExecutionCommand({ executionArn, cause: 'too late' }))
      const after = await sfn.send(new DescribeExecutionCommand({ executionArn }))
      expect(after.status).toBe(status)
      expect(after.cause).toBe(before.cause)
      expect(after.stopDate?.getTime()).toBeLessThan(stopped.stopDate?.getTime() ?? 0)
    }
  })

  it('gives a failed execution its error and cause', async () => {
    const { executionArn } = emulator.createRun('step-functions', {
      status: 'FAILED',
      errorMessage: 'boom',
    }) as Execution
    const out = await client(emulator).send(new DescribeExecutionCommand({ executionArn }))
    expect(out).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'boom',
      redriveStatus: 'REDRIVABLE',
    })
  })

  it('moves executions on a clock: one created to finish after a while has SUCCEEDED by then', async () => {
    const { executionArn } = emulator.createRun('step-functions', {
      ids: { finishAfterMs: '10' },
    }) as Execution
    await delay(30)
    expect((await client(emulator).send(new DescribeExecutionCommand({ executionArn }))).status).toBe(
      'SUCCEEDED',
    )
  })

  it('answers the documented errors, all with HTTP 400', async () => {
    const sfn = client(emulator)
    const missing = 'arn:aws:states:us-east-1:123456789012:execution:order-pipeline:nope'
    expect(await failure(sfn.send(new DescribeExecutionCommand({ executionArn: missing })))).toMatchObject({
      name: 'ExecutionDoesNotExist',
      status: 400,
    })
    expect(await failure(sfn.send(new StopExecutionCommand({ executionArn: 'not-an-arn' })))).toMatchObject({
      name: 'InvalidArn',
      status: 400,
    })
    const express = emulator.createRun('step-functions', {
      ids: { stateMachineName: 'fast', type: 'EXPRESS' },
    }) as Execution
    expect(express.executionArn).toContain(':express:fast:')
    for (const command of [
      new StopExecutionCommand({ executionArn: express.executionArn }),
      new DescribeExecutionCommand({ executionArn: express.executionArn }),
    ])
      expect(await failure(sfn.send(command as StopExecutionCommand))).toMatchObject({
        name: 'InvalidArn',
        message: expect.stringContaining('express'),
      })
    const running = emulator.createRun('step-functions') as Execution
    expect(
      await failure(
        sfn.send(new StopExecutionCommand({ executionArn: running.executionArn, error: 'e'.repeat(257) })),
      ),
    ).toMatchObject({ name: 'ValidationException', status: 400 })
    expect(
      await failure(
        sfn.send(new StopExecutionCommand({ executionArn: `${running.executionArn}${'x'.repeat(256)}` })),
      ),
    ).toMatchObject({ name: 'ValidationException' })
  })

  it('checks SigV4 and scopes executions to the signing region', async () => {
    const { executionArn } = emulator.createRun('step-functions', { region: 'eu-west-1' }) as Execution
    expect(
      await failure(
        client(emulator, { region: 'eu-west-1', secret: 'wrong-secret-000' }).send(
          new DescribeExecutionCommand({ executionArn }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidSignatureException',
    })
    expect(
      await failure(client(emulator).send(new DescribeExecutionCommand({ executionArn }))),
    ).toMatchObject({
      name: 'ExecutionDoesNotExist',
    })
    const out = await client(emulator, { region: 'eu-west-1' }).send(
      new DescribeExecutionCommand({ executionArn }),
    )
    expect(out.status).toBe('RUNNING')
  })

  it('injects throttling (HTTP 400 ThrottlingException) and HTML 5xx faults', async () => {
    const { executionArn } = emulator.createRun('step-functions') as Execution
    emulator.injectFault({ provider: 'step-functions', operation: 'get', code: 'ThrottlingException' })
    expect(
      await failure(client(emulator).send(new DescribeExecutionCommand({ executionArn }))),
    ).toMatchObject({
      name: 'ThrottlingException',
      status: 400,
    })
    emulator.injectFault({ provider: 'step-functions', operation: 'StopExecution', code: '503' })
    expect((await failure(client(emulator).send(new StopExecutionCommand({ executionArn })))).status).toBe(
      503,
    )
    expect(emulator.requests.filter((r) => r.provider === 'step-functions').at(-1)).toMatchObject({
      operation: 'StopExecution',
      kind: 'stop',
      status: 503,
    })
  })
})

describe('Step Functions emulator, ListExecutions and RedriveExecution', () => {
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:listing'
  let arns: string[]
  beforeAll(() => {
    arns = ['SUCCEEDED', 'RUNNING', 'FAILED', 'RUNNING', 'ABORTED'].map(
      (status) =>
        (emulator.createRun('step-functions', { status, ids: { stateMachineName: 'listing' } }) as Execution)
          .executionArn,
    )
  })

  it('lists newest first and pages with nextToken', async () => {
    const sfn = client(emulator)
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 2 }))
    expect(first.executions?.map((e) => e.executionArn)).toEqual([arns[4], arns[3]])
    const second = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 2, nextToken: first.nextToken }),
    )
    expect(second.executions?.map((e) => e.executionArn)).toEqual([arns[2], arns[1]])
    const third = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 2, nextToken: second.nextToken }),
    )
    expect(third.executions?.map((e) => e.executionArn)).toEqual([arns[0]])
    expect(third.nextToken).toBeUndefined()
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 0 }))
    expect(all.executions).toHaveLength(5)
    expect(all.executions?.[0]?.startDate).toBeInstanceOf(Date)
  })

  it('filters by one status', async () => {
    const out = await client(emulator).send(
      new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING' }),
    )
    expect(out.executions?.map((e) => e.executionArn)).toEqual([arns[3], arns[1]])
  })

  it('refuses what the service refuses', async () => {
    const sfn = client(emulator)
    expect(
      await failure(
        sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'PENDING_REDRIVE' })),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    })
    expect(
      await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 1001 }))),
    ).toMatchObject({
      name: 'ValidationException',
    })
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 1 }))
    expect(
      await failure(
        sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: machine,
            statusFilter: 'FAILED',
            nextToken: page.nextToken,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidToken' })
    expect(
      await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: `${machine}-gone` }))),
    ).toMatchObject({ name: 'StateMachineDoesNotExist' })
    emulator.createRun('step-functions', { ids: { stateMachineName: 'fastlist', type: 'EXPRESS' } })
    expect(
      await failure(
        sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.replace('listing', 'fastlist') })),
      ),
    ).toMatchObject({ name: 'StateMachineTypeNotSupported' })
  })

  it('redrives a failed execution under the same ARN (PENDING_REDRIVE, then RUNNING) and not a succeeded one', async () => {
    const sfn = client(emulator)
    const failed = emulator.createRun('step-functions', { status: 'FAILED' }) as Execution
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn: failed.executionArn }))
    expect(redriven.redriveDate).toBeInstanceOf(Date)
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }))
    expect(out).toMatchObject({ status: 'PENDING_REDRIVE', redriveCount: 1 })
    expect(out.stopDate).toBeUndefined()
    const fast = instant.createRun('step-functions', { status: 'TIMED_OUT' }) as Execution
    await client(instant).send(new RedriveExecutionCommand({ executionArn: fast.executionArn }))
    expect(
      (await client(instant).send(new DescribeExecutionCommand({ executionArn: fast.executionArn }))).status,
    ).toBe('RUNNING')
    const done = emulator.createRun('step-functions', { status: 'SUCCEEDED' }) as Execution
    expect(
      await failure(sfn.send(new RedriveExecutionCommand({ executionArn: done.executionArn }))),
    ).toMatchObject({
      name: 'ExecutionNotRedrivable',
    })
  })
})
