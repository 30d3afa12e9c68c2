import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'adapters/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // The JSON report is what CI counts (.ci/run); the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: process.env.RUNSTOP_VITEST_JSON ?? '.vitest-report.json' },
  },
})
