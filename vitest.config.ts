import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'adapters/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One file more than there are cores (vitest's default is one fewer: a single worker on a
    // 2-core machine): most files spend their time waiting on the processes they start (the bin,
    // Redis, campaign workers) and on rate-limited batches, not on the CPU. 236 s → 158 s for
    // the suite on a 2-core machine.
    maxWorkers: availableParallelism() + 1,
    // The JSON report is what CI counts (.ci/run); the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: process.env.RUNSTOP_VITEST_JSON ?? '.vitest-report.json' },
  },
})
