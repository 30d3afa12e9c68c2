// What a cold-start program prints as it ends: its RSS, the CommonJS modules loaded, and the
// process's CPU time so far. In a program with static imports the first line runs after every
// import has been loaded, so there is no "in-program" time to report (null).
import { createRequire } from 'node:module'

export async function report() {
  const cpu = process.cpuUsage()
  const cjs = Object.keys(createRequire(import.meta.url).cache).length
  console.log(
    JSON.stringify({ rss: process.memoryUsage().rss, cjs, cpu: (cpu.user + cpu.system) / 1000, own: null }),
  )
}
