import { describe, expect, it } from 'vitest'
import { jobIdFor } from './keys.js'
import { queueRoute } from './queue-route.js'

describe('queueRoute', () => {
  it.each([
    [
      'MWAA: region and account from the workflow ARN',
      {
        provider: 'mwaa-serverless',
        workflowArn: 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/wf-abcdefghij',
        runId: 'r1',
      },
      'stop.mwaa-serverless.eu-west-1.123456789012',
    ],
    [
      'a handle region wins over the ARN region',
      {
        provider: 'mwaa-serverless',
        region: 'us-east-2',
        workflowArn: 'arn:aws:airflow-serverless:eu-west-1:123456789012:workflow/wf-abcdefghij',
        runId: 'r1',
      },
      'stop.mwaa-serverless.us-east-2.123456789012',
    ],
    [
      'Bedrock ids and a region',
      {
        provider: 'bedrock-flows',
        flowIdentifier: 'F',
        flowAliasIdentifier: 'A',
        executionIdentifier: 'e',
        region: 'us-west-2',
      },
      'stop.bedrock-flows.us-west-2',
    ],
    [
      'Step Functions: region and account from the execution ARN',
      {
        provider: 'step-functions',
        executionArn: 'arn:aws:states:ap-south-1:210987654321:execution:sm:run-1',
      },
      'stop.step-functions.ap-south-1.210987654321',
    ],
    [
      'no region: the default queue',
      { provider: 'alibaba-cloudflow', flowName: 'f', executionName: 'e' },
      'stop.alibaba-cloudflow.default',
    ],
    ['odd characters are escaped, never ":"', { provider: 'x', region: 'a:b.c' }, 'stop.x.a~3ab~2ec'],
  ])('%s', (_, handle, queue) => {
    expect(queueRoute(handle).queue).toBe(queue)
  })
})

describe('jobIdFor', () => {
  it('drops the scheme so the id has no ":" (BullMQ forbids it) and puts the campaign first', () => {
    const id = jobIdFor('c1', 'runstop:mwaa-serverless?runId=r1&workflowArn=arn%3Aaws%3Aairflow')
    expect(id).toBe('c1|mwaa-serverless?runId=r1&workflowArn=arn%3Aaws%3Aairflow')
    expect(id).not.toContain(':')
  })
})
