// CPU per call of runstop (controller + adapter + client) beside the raw SDK call it wraps, with
// the emulator in a child process so process.cpuUsage() here counts only the client side. In each
// round the sides run in alternating blocks of BLOCK (5) calls, in a shuffled order (so all see the
// same machine load, and none always follows the same side);
// the figure is the median ratio over the rounds with its min–max spread. Also counts the TCP
// connections each side opens per request (at the emulator, through a counting proxy).
//
// Operation: a get (GetFlowExecution / DescribeExecution / GetWorkflowRun) of one running run,
// sequentially, so every variant sends the same requests. ONLY (a regular expression) keeps the
// rows whose name matches, e.g. ONLY=mwaa.
//
// Run with --expose-gc: each round starts after a young-generation collection (the garbage of the
// round before), not a full one: a full `gc()` also throws away the JIT's optimised code, so each
// round would measure recompilation, which costs the side with more code more than a long-running
// process ever pays. FULL_GC=1 restores the full collection (the method of earlier figures).
import http from 'node:http'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { startEmulatorChild } from './emulator-child.mjs'

const require = createRequire(import.meta.url)
const ROUNDS = Number(process.env.ROUNDS ?? 9)
const CALLS = Number(process.env.CALLS ?? 100)
const BLOCK = Number(process.env.BLOCK ?? 5)
const FULL_GC = process.env.FULL_GC === '1'

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
/** runstop's packages: this checkout's, or (RUNSTOP_BEFORE) another built checkout's. */
async function loadRunstop(root) {
  const from = (name, path) => (root ? import(`${root}/${path}/dist/index.js`) : import(name))
  return {
    ...(await from('@runstop/core', 'packages/core')),
    ...(await from('@runstop/bedrock-flows', 'adapters/bedrock-flows')),
    ...(await from('@runstop/alibaba-cloudflow', 'adapters/alibaba-cloudflow')),
    ...(await from('@runstop/mwaa-serverless', 'adapters/mwaa-serverless')),
    // Not a dependency of bench/: read from the checkout's build.
    awsJson: await import(
      `${root ?? fileURLToPath(new URL('..', import.meta.url))}/packages/aws-json/dist/index.js`
    ),
  }
}
const BEFORE = process.env.RUNSTOP_BEFORE

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

/** The four runstop calls measured, built from one checkout's packages. */
function runstopCalls(m) {
  const controllerOf = (adapter) => m.createRunController({ adapters: [adapter] })
  const get = (runs, handle) => async () => mustOk(await runs.get(handle))
  return {
    bedrockSameClient: get(
      controllerOf(m.createBedrockFlowsAdapter({ region: 'us-east-1', client: rawBedrockClient() })),
      bedrockHandle,
    ),
    bedrockBuilt: get(
      controllerOf(
        m.createBedrockFlowsAdapter({
          region: 'us-east-1',
          endpoint: endpoints.bedrockFlows,
          credentials: aws,
        }),
      ),
      bedrockHandle,
    ),
    alibaba: get(
      controllerOf(
        m.createAlibabaCloudFlowAdapter({
          region: 'cn-hangzhou',
          endpoint: endpoints.alibabaCloudFlow,
          credentials: { accessKeyId: ali.accessKeyId, accessKeySecret: ali.accessKeySecret },
        }),
      ),
      alibabaHandle,
    ),
    mwaa: get(
      controllerOf(m.createMwaaServerlessAdapter({ endpoint: endpoints.mwaaServerless, credentials: aws })),
      mwaaHandle,
    ),
    mwaaClient: mwaaClientCall(m.awsJson),
  }
}

/** runstop's awsJson1_0 client alone (no controller, no adapter), set up as the MWAA adapter sets it up. */
function mwaaClientCall(awsJson) {
  const service = {
    name: 'MWAA Serverless',
    target: 'AmazonMWAAServerless',
    signingName: 'airflow-serverless',
    endpoint: () => endpoints.mwaaServerless,
    timestamps: {
      RunDetail: ['StartedOn', 'CreatedAt', 'CompletedOn', 'ModifiedAt'],
      'WorkflowRuns[].RunDetailSummary': ['CreatedOn', 'StartedAt', 'EndedAt'],
    },
  }
  const client = awsJson
    .createAwsJsonTransport(service, { endpoint: endpoints.mwaaServerless, credentials: aws })
    .client('us-east-1')
  const input = { WorkflowArn: mwaaHandle.workflowArn, RunId: mwaaHandle.runId }
  return () => client.call('GetWorkflowRun', input)
}
const nowModules = await loadRunstop(undefined)
const beforeModules = BEFORE ? await loadRunstop(BEFORE) : undefined
const now = runstopCalls(nowModules)
const before = beforeModules ? runstopCalls(beforeModules) : undefined

const groups = [
  {
    name: 'Bedrock: controller + adapter over the same client',
    endpoint: 'bedrockFlows',
    anchor: [
      'raw SDK send (keep-alive handler)',
      () => bedrockRaw.send(new GetFlowExecutionCommand(bedrockInput)),
    ],
    runstop: ['runs.get, adapter given that client', 'bedrockSameClient'],
  },
  {
    name: 'Bedrock: the client the adapter builds',
    endpoint: 'bedrockFlows',
    anchor: [
      'raw SDK send (keep-alive handler)',
      () => bedrockRaw.send(new GetFlowExecutionCommand(bedrockInput)),
    ],
    runstop: ['runs.get, default adapter settings', 'bedrockBuilt'],
  },
  {
    name: 'Alibaba: controller + adapter + built-in client',
    endpoint: 'alibabaCloudFlow',
    anchor: [
      'raw openapi-client callApi',
      () => aliRaw.callApi(aliParams, new OpenApi.OpenApiRequest({ query: aliQuery }), aliRuntime),
    ],
    runstop: ['runs.get, default adapter settings', 'alibaba'],
  },
  {
    name: 'MWAA: controller + adapter + runstop client',
    endpoint: 'mwaaServerless',
    anchor: ['SigV4 (@smithy/signature-v4) + node:http keep-alive', mwaaMinimal],
    runstop: ['runs.get, default adapter settings', 'mwaa'],
  },
  {
    name: 'MWAA: runstop client alone',
    endpoint: 'mwaaServerless',
    anchor: ['SigV4 (@smithy/signature-v4) + node:http keep-alive', mwaaMinimal],
    runstop: ['awsJson1_0 client call', 'mwaaClient'],
  },
].filter((group) => new RegExp(process.env.ONLY ?? '', 'i').test(group.name))

/**
 * CPU per call of each side, measured in alternating blocks of BLOCK calls so that every side sees
 * the same machine load (a shared machine's load drifts within seconds).
 */
async function measureSides(sides, calls, block = BLOCK) {
  const used = sides.map(() => ({ user: 0, system: 0 }))
  const order = sides.map((_, index) => index)
  for (let done = 0; done < calls; done += block) {
    // A new order of the sides for every set of blocks: a side's block costs a few percent more
    // after some sides' blocks than after others' (caches, the JIT, the GC), and a rotation keeps
    // the same successor (runstop always after the anchor), which a shuffle does not.
    shuffle(order)
    for (const index of order) {
      const call = sides[index]
      const start = process.cpuUsage()
      for (let i = 0; i < block; i++) await call()
      const delta = process.cpuUsage(start)
      used[index].user += delta.user
      used[index].system += delta.system
    }
  }
  return used.map((u) => ({ cpuUs: (u.user + u.system) / calls, userUs: u.user / calls }))
}

/** The same sequence of orders in every run (a fixed seed), each a Fisher–Yates shuffle. */
let seed = 0x2f6b_3a91
function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    // The high bits: an LCG's low bits repeat with a short period.
    const j = Math.floor((seed / 2 ** 32) * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
}

/** TCP connections opened per call by `call`, counted at the emulator. */
async function connectionsPerCall(call, endpoint, calls) {
  const start = (await emulator.connections())[endpoint]
  for (let i = 0; i < calls; i++) await call()
  return ((await emulator.connections())[endpoint] - start) / calls
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const sidesOf = (group) => [
  group.anchor[1],
  now[group.runstop[1]],
  ...(before ? [before[group.runstop[1]]] : []),
]

// Warm-up: load the SDKs, open the first connections, let the JIT settle.
for (const group of groups) await measureSides(sidesOf(group), 100)

const rows = groups.map(() => ({ anchor: [], runstop: [], ratios: [], userRatios: [], beforeRatios: [] }))
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, group] of groups.entries()) {
    globalThis.gc?.(FULL_GC ? undefined : { type: 'minor' })
    const [anchor, runstop, old] = await measureSides(sidesOf(group), CALLS)
    const row = rows[index]
    row.anchor.push(anchor.cpuUs)
    row.runstop.push(runstop.cpuUs)
    row.ratios.push(runstop.cpuUs / anchor.cpuUs)
    row.userRatios.push(runstop.userUs / anchor.userUs)
    if (old) row.beforeRatios.push(old.cpuUs / anchor.cpuUs)
  }
}
for (const [index, group] of groups.entries()) {
  rows[index].conn = await connectionsPerCall(now[group.runstop[1]], group.endpoint, 50)
  rows[index].anchorConn = await connectionsPerCall(group.anchor[1], group.endpoint, 50)
  if (before) rows[index].beforeConn = await connectionsPerCall(before[group.runstop[1]], group.endpoint, 50)
}

const spread = (values) =>
  `${median(values).toFixed(2)}× (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`
console.log(
  `per-call CPU (user + system), ${ROUNDS} rounds × ${CALLS} sequential gets per side in blocks of ${BLOCK}, the sides' order shuffled for every set of blocks, ` +
    `emulator in a child process, ${FULL_GC ? 'a full' : 'a young-generation'} gc() before each round${BEFORE ? `; "before" is the build in ${BEFORE}, measured in the same blocks` : ''}`,
)
const beforeHead = BEFORE ? ' before: ratio | before: connections per call |' : ''
console.log(
  `| what | anchor | anchor CPU µs/call | runstop CPU µs/call | ratio (median, min–max) | user CPU only | connections per call: runstop / anchor |${beforeHead}`,
)
console.log(`|---|---|---|---|---|---|---|${BEFORE ? '---|---|' : ''}`)
for (const [index, group] of groups.entries()) {
  const row = rows[index]
  console.log(
    `| ${group.name} | ${group.anchor[0]} | ${median(row.anchor).toFixed(0)} | ${median(row.runstop).toFixed(0)} | ` +
      `${spread(row.ratios)} | ${spread(row.userRatios)} | ${row.conn.toFixed(2)} / ${row.anchorConn.toFixed(2)} |` +
      (BEFORE ? ` ${spread(row.beforeRatios)} | ${row.beforeConn.toFixed(2)} |` : ''),
  )
}

// runstop's own CPU per Bedrock get, without the SDK's: the same controller and adapter over a
// client that answers at once with the SDK's own answer (one captured from the emulator), beside
// that client's bare `send` of the same command. The difference is what runstop adds to each call
// (the handle's copy and validation, the command's input, the snapshot, the Result), measured far
// below the noise of a whole request; the interleaved ratios above carry that noise (and what
// switching between two code paths every few calls costs the caches).
if (groups.some((group) => group.endpoint === 'bedrockFlows')) {
  const OWN_ROUNDS = Number(process.env.OWN_ROUNDS ?? 7)
  const OWN_CALLS = 20_000
  const answer = await bedrockRaw.send(new GetFlowExecutionCommand(bedrockInput))
  const answering = { send: () => Promise.resolve(answer) }
  const ownGet = (m) => {
    const runs = m.createRunController({
      adapters: [m.createBedrockFlowsAdapter({ region: 'us-east-1', client: answering })],
    })
    return async () => mustOk(await runs.get(bedrockHandle))
  }
  const sides = [
    () => answering.send(new GetFlowExecutionCommand(bedrockInput)),
    ownGet(nowModules),
    ...(beforeModules ? [ownGet(beforeModules)] : []),
  ]
  await measureSides(sides, OWN_CALLS, 1000)
  const own = { now: [], before: [] }
  for (let round = 0; round < OWN_ROUNDS; round++) {
    const [bare, runstop, old] = await measureSides(sides, OWN_CALLS, 1000)
    own.now.push(runstop.cpuUs - bare.cpuUs)
    if (old) own.before.push(old.cpuUs - bare.cpuUs)
  }
  const rawUs = median(rows[groups.findIndex((group) => group.endpoint === 'bedrockFlows')].anchor)
  const line = (name, values) =>
    `| ${name} | ${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}) | ` +
    `${(1 + median(values) / rawUs).toFixed(3)}× |`
  console.log(
    `\nrunstop's own CPU per Bedrock get (controller + adapter over a client answering at once with the SDK's answer, ` +
      `minus that client's bare send), ${OWN_ROUNDS} rounds × ${OWN_CALLS} gets in blocks of 1000; ` +
      `over the raw SDK send's ${rawUs.toFixed(0)} µs/call measured above`,
  )
  console.log('| build | own µs per get (median, min–max) | (raw SDK + own) / raw SDK |')
  console.log('|---|---|---|')
  console.log(line('now', own.now))
  if (BEFORE) console.log(line('before', own.before))
}
await emulator.close()
process.exit(0)
