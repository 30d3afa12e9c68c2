import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createAcmeAdapter } from './examples/acme-adapter.js'
import { ACME_STATE, createFakeAcme } from './examples/fake-acme.js'
import { runAdapterConformance } from './index.js'

// packages/core/README.md, "Writing an adapter": its example is this package's
// examples/acme-adapter.ts, byte for byte (so what readers copy compiles and passes the suite).
// This is the README's own snippet check for that block; other README blocks are not covered here.
const readme = readFileSync(fileURLToPath(new URL('../../core/README.md', import.meta.url)), 'utf8')
const example = readFileSync(fileURLToPath(new URL('./examples/acme-adapter.ts', import.meta.url)), 'utf8')

describe('packages/core/README.md "Writing an adapter"', () => {
  it('shows examples/acme-adapter.ts exactly', () => {
    const section = readme.slice(readme.indexOf('## Writing an adapter'))
    const block = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1]
    expect(block).toBe(example.trimEnd())
  })
})

let acme: ReturnType<typeof createFakeAcme>
runAdapterConformance({
  name: 'README example (acme)',
  statuses: ['pending', 'running', 'succeeded', 'failed', 'stopped'],
  async setup() {
    acme = createFakeAcme()
    return {
      adapter: createAcmeAdapter({ region: 'eu-1', createClient: (region) => acme.client(region) }),
      createRun: (status) => ({
        provider: 'acme',
        ...acme.createJob(ACME_STATE[status as keyof typeof ACME_STATE]),
      }),
      missingHandle: () => ({ provider: 'acme', jobId: 'no-such-job' }),
      invalidHandles: [
        { provider: 'acme' },
        { provider: 'acme', jobId: 'Has Spaces' },
        { provider: 'acme', jobId: 'x'.repeat(65) },
      ],
      requestCount: () => acme.requests,
    }
  },
})
