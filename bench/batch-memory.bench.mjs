// Peak RSS of large batches, each in its own child process (process.resourceUsage().maxRSS),
// beside a child that only loads runstop and builds the controller. The adapter is in memory and
// answers results shaped like the real ones (a realistic handle, `raw` a ~0.7 KB SDK-like output),
// so what is measured is what the batch keeps. Input is a generator: nothing is held up front.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { spread } from './batch-support.mjs'

const self = fileURLToPath(import.meta.url)

if (process.argv[2] === '--child') {
  const mode = process.argv[3]
  const n = Number(process.argv[4])
  const { createRunController } = await import('@runstop/core')
  const { createMemoryAdapter } = await import('./memory-adapter.mjs')
  const runs = createRunController({
    adapters: [createMemoryAdapter('memory', { realistic: true })],
    retry: false,
  })
  function* handles() {
    for (let i = 0; i < n; i++)
      yield {
        provider: 'memory',
        workflowArn: 'arn:aws:airflow-serverless:us-east-1:123456789012:workflow/etl-nightly-ABCDEFGHIJ',
        runId: `run-2026-11-23T01-00-${i}`,
      }
  }
  const started = performance.now()
  let count = 0
  if (mode === 'stopEach') {
    if (runs.stopEach)
      for await (const entry of runs.stopEach(handles())) count += entry.result.isOk() ? 1 : 0
    else count = (await runs.stopMany(handles())).stopped.length // before stopEach existed
  } else if (mode === 'stopMany') {
    count = (await runs.stopMany(handles())).stopped.length
  }
  process.stdout.write(
    JSON.stringify({ rssMiB: process.resourceUsage().maxRSS / 1024, ms: performance.now() - started, count }),
  )
  process.exit(0)
}

const cases = [
  ['node + runstop, idle', 'idle', 0],
  ['100,000 stops, stopMany (keep: all)', 'stopMany', 100_000],
  ['100,000 stops, stopEach', 'stopEach', 100_000],
  ['1,000,000 stops, stopEach', 'stopEach', 1_000_000],
]
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const figures = cases.map(() => ({ rss: [], ms: [], ok: true }))
for (let round = 0; round < ROUNDS; round++)
  cases.forEach(([, mode, n], i) => {
    const out = JSON.parse(
      execFileSync(process.execPath, [self, '--child', mode, String(n)], { encoding: 'utf8' }),
    )
    figures[i].rss.push(out.rssMiB)
    figures[i].ms.push(out.ms)
    if (out.count !== n) figures[i].ok = false
  })
console.log(`batch memory: peak RSS per child process, ${ROUNDS} interleaved rounds, median (min–max)`)
console.log('| case | peak RSS MiB | × idle | time s | every run stopped |')
console.log('|---|---|---|---|---|')
const idle = figures[0].rss
cases.forEach(([name], i) => {
  const f = figures[i]
  console.log(
    `| ${name} | ${spread(f.rss, 0)} | ${spread(f.rss.map((v, r) => v / idle[r]))} | ${spread(
      f.ms.map((v) => v / 1000),
      1,
    )} | ${f.ok ? 'yes' : 'NO'} |`,
  )
})
