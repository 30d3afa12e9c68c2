// formatHandle / parseHandle throughput on realistic handles.
import { formatHandle, parseHandle } from '@runstop/core'

const handles = [
  {
    provider: 'mwaa-serverless',
    workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-nightly-ABCDEFGHIJ',
    runId: 'run-2026-11-23T01-00',
  },
  {
    provider: 'bedrock-flows',
    flowIdentifier: 'FLOW123456',
    flowAliasIdentifier: 'ALIAS12345',
    executionIdentifier: 'exec-1',
    region: 'eu-west-1',
  },
  {
    provider: 'alibaba-cloudflow',
    flowName: 'nightly_etl',
    executionName: 'exec-2026-11-23',
    region: 'cn-hangzhou',
  },
]
const N = 200_000
let t = performance.now()
let strings = []
for (let i = 0; i < N; i++) strings.push(formatHandle(handles[i % 3]))
const formatMs = performance.now() - t
t = performance.now()
let ok = 0
for (const s of strings) if (parseHandle(s).isOk()) ok++
const parseMs = performance.now() - t
strings = null
console.log(
  `handle codec: format ${Math.round(N / (formatMs / 1000))} ops/s, parse ${Math.round(N / (parseMs / 1000))} ops/s (${ok}/${N} parsed)`,
)
