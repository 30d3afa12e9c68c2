import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// Cold start (README "Performance"): a controller with the three adapters, constructed and unused,
// reads only the packages' main modules. The controller's call path (a chunk of @runstop/core, with
// listing) and the batch engine (another),
// @runstop/aws-json, the Alibaba built-in client (a chunk of the CloudFlow adapter, which bundles
// @runstop/alibaba-openapi) and every SDK are loaded on first use. A fresh node process imports the
// published bundles (run `pnpm build` first) with a module hook that writes each module it loads
// to stderr, between marks the program writes at each step.

const run = promisify(execFile)
const here = fileURLToPath(new URL('.', import.meta.url))

const HOOK = `import { writeSync } from 'node:fs'
export async function load(url, context, next) { writeSync(2, 'LOAD ' + url + '\\n'); return next(url, context) }`

const CHILD = `
import { register, createRequire } from 'node:module'
import { writeSync } from 'node:fs'
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}))
const mark = (step) => writeSync(2, 'MARK ' + step + '\\n')
const { createRunController } = await import('@runstop/core')
const { createMwaaServerlessAdapter } = await import('@runstop/mwaa-serverless')
const { createBedrockFlowsAdapter } = await import('@runstop/bedrock-flows')
const { createAlibabaCloudFlowAdapter } = await import('@runstop/alibaba-cloudflow')
const runs = createRunController({
  retry: false,
  adapters: [
    // Port 9 (discard) on loopback: nothing listens, the request fails at once.
    createMwaaServerlessAdapter({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDLAZY', secretAccessKey: 'lazy-secret' } }),
    createBedrockFlowsAdapter({ region: 'us-east-1' }),
    // No credentials: the default chain (@alicloud/credentials, which the adapter's chunk requires) reads the environment.
    createAlibabaCloudFlowAdapter({ region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9' }),
  ],
})
const commonJs = () => Object.keys(createRequire(import.meta.url).cache).length
mark('constructed ' + commonJs())
const refused = await runs.get({ provider: 'nope', runId: 'r' })
mark('refused ' + (refused.isErr() ? refused.error.code : 'ok'))
const report = await runs.stopMany(['not a handle'])
mark('batch ' + report.counts.failed)
for await (const item of runs.listRuns({ provider: 'nope' })) mark('listed ' + (item.isErr() ? item.error.code : 'ok'))
const got = await runs.get({ provider: 'mwaa-serverless', workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-ABCDEFGHIJ', runId: 'run1' })
mark('got ' + (got.isErr() ? got.error.code : 'ok'))
const read = await runs.get({ provider: 'alibaba-cloudflow', flowName: 'etl', executionName: 'run1' })
mark('alibaba ' + (read.isErr() ? read.error.code : 'ok'))
`

/**
 * This process's environment without the `NODE_PATH` that pnpm sets for scripts (every package of
 * the store): a package's bundle must find what it loads through its own dependencies, as installed.
 */
function installedEnvironment(): NodeJS.ProcessEnv {
  const { NODE_PATH: _storeWide, ...environment } = process.env
  return environment
}

/** The child's steps, each with the modules loaded since the previous one (paths from the repo root). */
async function steps(): Promise<{ step: string; loaded: string[] }[]> {
  const { stderr } = await run(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: here,
    env: {
      ...installedEnvironment(),
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAILAZY',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'lazy-secret',
    },
  })
  const root = new URL('..', import.meta.url).href
  const out: { step: string; loaded: string[] }[] = [{ step: 'import', loaded: [] }]
  for (const line of stderr.split('\n')) {
    if (line.startsWith('MARK ')) out.push({ step: line.slice(5), loaded: [] })
    else if (line.startsWith('LOAD ') && !line.startsWith('LOAD node:'))
      out.at(-1)?.loaded.push(line.slice(5).replace(root, ''))
  }
  // Each mark closes the modules loaded before it: shift them onto the step they belong to.
  return out.slice(1).map(({ step }, i) => ({ step, loaded: out[i]?.loaded ?? [] }))
}

describe('cold start: what a constructed, unused controller loads', () => {
  it('only the main modules until first use; the call path chunk, aws-json, the Alibaba client and SDKs after', async () => {
    const [constructed, refused, batch, listed, got, alibaba] = await steps()
    expect(constructed?.step).toBe('constructed 0') // no CommonJS module (every SDK is CommonJS)
    expect(constructed?.loaded).toEqual([
      'packages/core/dist/index.js',
      'adapters/mwaa-serverless/dist/index.js',
      'adapters/bedrock-flows/dist/index.js',
      'adapters/alibaba-cloudflow/dist/index.js',
    ])
    // The first call loads the controller's call path and nothing else (an unknown provider,
    // refused locally): one chunk, which also holds listing.
    expect(refused).toEqual({
      step: 'refused NOT_SUPPORTED',
      loaded: ['packages/core/dist/chunks/controller-calls.js'],
    })
    // The first batch loads the engine and nothing else (the bad handle is reported); the first
    // listing loads nothing more (the unknown provider is refused locally).
    expect(batch).toEqual({ step: 'batch 1', loaded: ['packages/core/dist/chunks/batch.js'] })
    expect(listed).toEqual({ step: 'listed NOT_SUPPORTED', loaded: [] })
    // The first MWAA call imports @runstop/aws-json, then its signing stack.
    expect(got?.step).toBe('got NETWORK')
    expect(got?.loaded[0]).toBe('packages/aws-json/dist/index.js')
    expect(got?.loaded.some((path) => path.includes('@smithy/signature-v4'))).toBe(true)
    // The first CloudFlow call loads the built-in client, a chunk of the adapter, and no SDK; the
    // default credential chain it requires resolves from the adapter (NETWORK: the request left).
    expect(alibaba).toEqual({
      step: 'alibaba NETWORK',
      loaded: ['adapters/alibaba-cloudflow/dist/chunks/alibaba-rpc-client.js'],
    })
  })
})
