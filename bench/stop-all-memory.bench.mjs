// Peak RSS of the real CLI stopping every run of one 20,000-run scope against the emulator:
// `runstop stop --all <scope> --yes --output jsonl` (streamed, one line per run) beside its anchor,
// the same runs through `--json` (one document holding every result), and bare `node -e ''` as the
// floor. The emulator runs in its own child process; each CLI run is a child of /usr/bin/time (its
// "maximum resident set size"), or, without it, sampled from /proc/<pid>/status VmHWM.
// Interleaved rounds, a fresh scope of RUNNING runs for every CLI run. Not part of `pnpm test`.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spread } from './batch-support.mjs'

const self = fileURLToPath(import.meta.url)
const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BIN = join(ROOT, 'packages/cli/dist/bin.js')
const RUNS = Number(process.env.BENCH_RUNS ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONCURRENCY = '32'

if (process.argv[2] === '--emulator') {
  const { startEmulator, emulatorEnvironment } = await import('@runstop/emulator')
  const emulator = await startEmulator({ stopDelayMs: 0 })
  const ops = {
    // Runs are created straight into the emulator's store: 20,000 take well under a second.
    createRuns: ({ workflowArn, n }) => {
      for (let i = 0; i < n; i++) emulator.createRun('mwaa-serverless', { ids: { workflowArn } })
    },
    stopped: ({ workflowArn }) =>
      emulator
        .runs('mwaa-serverless')
        .filter((run) => run.extra.workflowArn === workflowArn && run.status === 'STOPPED').length,
    clearRequests: () => emulator.clearRequests(),
    close: async () => {
      await emulator.close()
      setImmediate(() => process.exit(0))
    },
  }
  process.on('message', async ({ id, op, args }) => process.send({ id, value: await ops[op](args ?? {}) }))
  process.send({ ready: emulatorEnvironment(emulator) })
} else {
  await main()
}

function startEmulatorChild() {
  const child = spawn(process.execPath, [self, '--emulator'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map()
  let nextId = 0
  const call = (op, args) =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      child.send({ id, op, args })
    })
  return new Promise((resolve) => {
    child.on('message', (message) => {
      if (message.ready) return resolve({ env: message.ready, call })
      pending.get(message.id)?.(message.value)
      pending.delete(message.id)
    })
  })
}

/** Runs `node ...args`; resolves to its peak RSS (MiB), exit code, stdout line count and time. */
function measure(args, env) {
  const useTime = existsSync('/usr/bin/time')
  const out = join(tmpdir(), `runstop-bench-rss-${process.pid}`)
  const command = useTime ? '/usr/bin/time' : process.execPath
  const argv = useTime ? ['-f', '%M', '-o', out, process.execPath, ...args] : args
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] })
    let lines = 0
    let lastLine = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      for (const c of chunk) if (c === '\n') lines++
      lastLine = (lastLine + chunk).slice(-2000)
    })
    let peakKiB = 0
    // Without /usr/bin/time: the child's own high-water mark, sampled while it lives.
    const sampler = useTime
      ? undefined
      : setInterval(() => {
          try {
            const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
            if (match) peakKiB = Math.max(peakKiB, Number(match[1]))
          } catch {}
        }, 20)
    child.on('error', reject)
    child.on('close', (code) => {
      if (sampler) clearInterval(sampler)
      if (useTime) {
        peakKiB = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1))
        rmSync(out, { force: true })
      }
      resolve({ rssMiB: peakKiB / 1024, code, lines, lastLine, ms: performance.now() - started })
    })
  })
}

async function main() {
  const emulator = await startEmulatorChild()
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    AWS_REGION: 'us-east-1',
    ...emulator.env,
    // e.g. --max-old-space-size=40: a CLI that holds every result would die; a flat one does not.
    ...(process.env.BENCH_CLI_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_CLI_NODE_OPTIONS } : {}),
  }
  const cases = [
    ['node -e "" (floor)', () => ['-e', '']],
    ['stop --all --output jsonl', (scope) => [BIN, 'stop', '--all', scope, '--yes', '--output', 'jsonl']],
    ['stop --all --json (anchor)', (scope) => [BIN, 'stop', '--all', scope, '--yes', '--json']],
  ]
  const figures = cases.map(() => ({ rss: [], s: [], ok: true }))
  let scopes = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, argsOf]] of cases.entries()) {
      const workflowArn = `arn:aws:airflow-serverless:us-east-1:123456789012:workflow/bench-stop-all-${++scopes}-ABCDEFGHIJ`
      const scope = `runstop:mwaa-serverless?workflowArn=${encodeURIComponent(workflowArn)}`
      const stopping = i > 0
      if (stopping) await emulator.call('createRuns', { workflowArn, n: RUNS })
      const run = await measure(
        [
          ...argsOf(scope),
          ...(stopping ? ['--concurrency', CONCURRENCY, '--per-provider', CONCURRENCY] : []),
        ],
        env,
      )
      figures[i].rss.push(run.rssMiB)
      figures[i].s.push(run.ms / 1000)
      if (stopping) {
        const stopped = await emulator.call('stopped', { workflowArn })
        if (run.code !== 0 || stopped !== RUNS) figures[i].ok = false
        if (i === 1 && run.lines !== RUNS + 1) figures[i].ok = false
        await emulator.call('clearRequests')
      }
    }
  }
  await emulator.call('close')
  console.log(
    `stop --all memory: peak RSS of the CLI process stopping ${RUNS.toLocaleString('en')} runs of one scope against the emulator (own process), ${ROUNDS} interleaved rounds, median (min–max)`,
  )
  console.log('| case | peak RSS MiB | × floor | × --json | time s | every run stopped and reported |')
  console.log('|---|---|---|---|---|---|')
  const floor = figures[0].rss
  const anchor = figures[2].rss
  cases.forEach(([name], i) => {
    const f = figures[i]
    console.log(
      `| ${name} | ${spread(f.rss, 0)} | ${spread(f.rss.map((v, r) => v / floor[r]))} | ${i === 0 ? '-' : spread(f.rss.map((v, r) => v / anchor[r]))} | ${spread(f.s, 1)} | ${i === 0 ? '-' : f.ok ? 'yes' : 'NO'} |`,
    )
  })
}
