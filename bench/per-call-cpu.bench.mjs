// CPU per call of runstop (controller + adapter + client) beside the raw SDK call it wraps, with
// the emulator in a child process so process.cpuUsage() here counts only the client side. Each
// round runs every variant once, in an order that alternates between rounds; the figure is the
// median ratio over the rounds with its min–max spread. Also counts the TCP connections each
// variant opened per request (at the emulator, through a counting proxy).
//
// Operation: a get (GetFlowExecution / DescribeExecution / GetWorkflowRun) of one running run,
// sequentially, so every variant sends the same requests.
import http from 'node:http'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { createRunController } from '@runstop/core'
import { startEmulatorChild } from './emulator-child.mjs'

const require = createRequire(import.meta.url)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const CALLS = Number(process.env.CALLS ?? 400)

const emulator = await startEmulatorChild()
const { endpoints, credentials } = emulator
const aws = credentials.aws

const { BedrockAgentRuntimeClient, GetFlowExecutionCommand } = await import(
  '@aws-sdk/client-bedrock-agent-runtime'
)
const { NodeHttpHandler } = await import('@smithy/node-http-handler')
const { SignatureV4 } = await import('@smithy/signature-v4')
const { Hash } = await import('@smithy/hash-node')
const OpenApi = require('@alicloud/openapi-client')
const { createBedrockFlowsAdapter } = await import('@runstop/bedrock-flows')
const { createAlibabaCloudFlowAdapter } = await import('@runstop/alibaba-cloudflow')
const { createMwaaServerlessAdapter } = await import('@runstop/mwaa-serverless')

const bedrockHandle = await emulator.createRun('bedrock-flows', { region: 'us-east-1' })
const alibabaHandle = await emulator.createRun('alibaba-cloudflow', { region: 'cn-hangzhou' })
const mwaaHandle = await emulator.createRun('mwaa-serverless', { region: 'us-east-1' })

const keepAliveHandler = () => new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) })
const rawBedrockClient = () =>
  new BedrockAgentRuntimeClient({
    region: 'us-east-1',
    endpoint: endpoints.bedrockFlows,
    credentials: aws,
    maxAttempts: 1,
    requestHandler: keepAliveHandler(),
  })
const controllerOf = (adapter) => createRunController({ adapters: [adapter] })
const mustOk = (result) => {
  if (result.isErr()) throw result.error
}

// --- Bedrock
const bedrockInput = {
  flowIdentifier: bedrockHandle.flowIdentifier,
  flowAliasIdentifier: bedrockHandle.flowAliasIdentifier,
  executionIdentifier: bedrockHandle.executionIdentifier,
}
const bedrockRaw = rawBedrockClient()
const bedrockSameClient = controllerOf(
  createBedrockFlowsAdapter({ region: 'us-east-1', client: rawBedrockClient() }),
)
const bedrockBuilt = controllerOf(
  createBedrockFlowsAdapter({ region: 'us-east-1', endpoint: endpoints.bedrockFlows, credentials: aws }),
)

// --- Alibaba
const ali = credentials.alibaba
const aliHost = new URL(endpoints.alibabaCloudFlow).host
const aliRaw = new OpenApi.default(
  new OpenApi.Config({
    endpoint: aliHost,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    accessKeyId: ali.accessKeyId,
    accessKeySecret: ali.accessKeySecret,
    connectTimeout: 3000,
    readTimeout: 10000,
  }),
)
const aliParams = new OpenApi.Params({
  action: 'DescribeExecution',
  version: '2019-03-15',
  protocol: 'http',
  pathname: '/',
  method: 'GET',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
})
const aliRuntime = { autoretry: false, maxAttempts: 1, connectTimeout: 3000, readTimeout: 10000 }
const aliQuery = { FlowName: alibabaHandle.flowName, ExecutionName: alibabaHandle.executionName }
const alibabaRunstop = controllerOf(
  createAlibabaCloudFlowAdapter({
    region: 'cn-hangzhou',
    endpoint: endpoints.alibabaCloudFlow,
    credentials: { accessKeyId: ali.accessKeyId, accessKeySecret: ali.accessKeySecret },
  }),
)

// --- MWAA: the minimal signed keep-alive request runstop's own client is measured against
const mwaaUrl = new URL(endpoints.mwaaServerless)
const mwaaAgent = new http.Agent({ keepAlive: true })
const signer = new SignatureV4({
  service: 'airflow-serverless',
  region: 'us-east-1',
  sha256: Hash.bind(null, 'sha256'),
  credentials: aws,
})
async function mwaaMinimal() {
  const body = JSON.stringify({ WorkflowArn: mwaaHandle.workflowArn, RunId: mwaaHandle.runId })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: mwaaUrl.hostname,
    port: Number(mwaaUrl.port),
    path: '/',
    query: {},
    headers: {
      host: mwaaUrl.host,
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': 'AmazonMWAAServerless.GetWorkflowRun',
    },
    body,
  })
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: mwaaUrl.hostname,
        port: mwaaUrl.port,
        method: 'POST',
        path: '/',
        headers: signed.headers,
        agent: mwaaAgent,
      },
      (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`))
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}
const mwaaRunstop = controllerOf(
  createMwaaServerlessAdapter({ endpoint: endpoints.mwaaServerless, credentials: aws }),
)

const groups = [
  {
    name: 'Bedrock: controller + adapter over the same client',
    endpoint: 'bedrockFlows',
    anchor: [
      'raw SDK send (keep-alive handler)',
      () => bedrockRaw.send(new GetFlowExecutionCommand(bedrockInput)),
    ],
    runstop: [
      'runs.get, adapter given that client',
      async () => mustOk(await bedrockSameClient.get(bedrockHandle)),
    ],
  },
  {
    name: 'Bedrock: the client the adapter builds',
    endpoint: 'bedrockFlows',
    anchor: [
      'raw SDK send (keep-alive handler)',
      () => bedrockRaw.send(new GetFlowExecutionCommand(bedrockInput)),
    ],
    runstop: [
      'runs.get, default adapter settings',
      async () => mustOk(await bedrockBuilt.get(bedrockHandle)),
    ],
  },
  {
    name: 'Alibaba: controller + adapter + built-in client',
    endpoint: 'alibabaCloudFlow',
    anchor: [
      'raw openapi-client callApi',
      () => aliRaw.callApi(aliParams, new OpenApi.OpenApiRequest({ query: aliQuery }), aliRuntime),
    ],
    runstop: [
      'runs.get, default adapter settings',
      async () => mustOk(await alibabaRunstop.get(alibabaHandle)),
    ],
  },
  {
    name: 'MWAA: controller + adapter + runstop client',
    endpoint: 'mwaaServerless',
    anchor: ['SigV4 (@smithy/signature-v4) + node:http keep-alive', mwaaMinimal],
    runstop: ['runs.get, default adapter settings', async () => mustOk(await mwaaRunstop.get(mwaaHandle))],
  },
]

/** CPU µs per call and TCP connections per call of `calls` sequential calls. */
async function measure(call, endpoint, calls) {
  const before = (await emulator.connections())[endpoint]
  const cpu = process.cpuUsage()
  const t = performance.now()
  for (let i = 0; i < calls; i++) await call()
  const wall = performance.now() - t
  const used = process.cpuUsage(cpu)
  const after = (await emulator.connections())[endpoint]
  return {
    cpuUs: (used.user + used.system) / calls,
    wallMs: wall / calls,
    connections: (after - before) / calls,
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// Warm-up: load the SDKs, open the first connections, let the JIT settle.
for (const group of groups) {
  await measure(group.anchor[1], group.endpoint, 100)
  await measure(group.runstop[1], group.endpoint, 100)
}

const rows = groups.map(() => ({ ratios: [], anchor: [], runstop: [], conn: [], anchorConn: [] }))
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, group] of groups.entries()) {
    const order = round % 2 === 0 ? ['anchor', 'runstop'] : ['runstop', 'anchor']
    const figures = {}
    for (const side of order) figures[side] = await measure(group[side][1], group.endpoint, CALLS)
    const row = rows[index]
    row.anchor.push(figures.anchor.cpuUs)
    row.runstop.push(figures.runstop.cpuUs)
    row.ratios.push(figures.runstop.cpuUs / figures.anchor.cpuUs)
    row.conn.push(figures.runstop.connections)
    row.anchorConn.push(figures.anchor.connections)
  }
}

console.log(
  `per-call CPU, ${ROUNDS} interleaved rounds × ${CALLS} sequential gets, emulator in a child process`,
)
console.log(
  '| what | anchor | anchor CPU µs/call | runstop CPU µs/call | ratio (median, min–max) | TCP connections per call: runstop / anchor |',
)
console.log('|---|---|---|---|---|---|')
for (const [index, group] of groups.entries()) {
  const row = rows[index]
  console.log(
    `| ${group.name} | ${group.anchor[0]} | ${median(row.anchor).toFixed(0)} | ${median(row.runstop).toFixed(0)} | ` +
      `${median(row.ratios).toFixed(2)}× (${Math.min(...row.ratios).toFixed(2)}–${Math.max(...row.ratios).toFixed(2)}) | ` +
      `${median(row.conn).toFixed(3)} / ${median(row.anchorConn).toFixed(3)} |`,
  )
}
await emulator.close()
process.exit(0)
