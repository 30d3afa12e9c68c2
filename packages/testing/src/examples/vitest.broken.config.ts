import { defineConfig } from 'vitest/config'

// The child run of conformance-catches-broken-adapters.test.ts: only the broken-adapter suites,
// a JSON report where the parent says.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['src/examples/broken-adapters.conformance.ts'],
    testTimeout: 20_000,
    reporters: ['json'],
    outputFile: { json: process.env.RUNSTOP_BROKEN_REPORT ?? 'broken-report.json' },
  },
})
