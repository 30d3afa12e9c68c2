import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

// The README's example, run as written (an ES module importing the built packages).
const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('the README example runs and prints the span and the metrics', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const example = /## Example[^\n]*\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(example).toContain('createOpenTelemetryHooks')
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', example as string],
    { cwd: packageDir, timeout: 30_000 },
  )
  expect(stdout).toContain("name: 'runstop.stop'")
  expect(stdout).toContain("name: 'runstop.retry'")
  expect(stdout).toContain("'error.type': 'THROTTLED'")
  expect(stdout).toMatch(/^runstop\.calls .*"runstop\.outcome":"stop_requested"\},1\]\]$/m)
  expect(stdout).toMatch(/^runstop\.retries .*"error\.type":"THROTTLED"\},1\]\]$/m)
}, 40_000)
