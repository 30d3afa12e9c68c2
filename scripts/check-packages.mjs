// Packs every publishable package (packages/*, adapters/*) as npm would publish it and checks
// each tarball: publint (package.json fields, exports, files) and Are The Types Wrong
// (`--profile esm-only`: the types resolve for node16/nodenext ESM and bundlers). Besides, the
// tarball must not hold build leftovers (.tsbuildinfo) or tests, every bundled source map must
// carry its sources, every declaration map must point at sources in the tarball, every relative
// import of a bundle (a chunk, static or dynamic) must name a file in the tarball, every package
// it imports or requires must be declared in its package.json, and the LICENSE
// must be in it. Exits non-zero on any error. Run after `pnpm build` (`pnpm check:packages` does
// both). Arguments, if any, are directories to check instead of all (`node scripts/check-packages.mjs packages/core`).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const chosen = process.argv.slice(2)
const all = ['packages', 'adapters'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(group, entry.name)),
)
const dirs = chosen.length > 0 ? chosen : all

const out = mkdtempSync(join(tmpdir(), 'runstop-pack-'))
const failures = []
try {
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
    if (pkg.private) continue
    const fail = (what) => failures.push(`${pkg.name}: ${what}`)
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(root, dir), stdio: 'ignore' })
    const tarball = join(out, `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`)
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
    console.log(`== ${pkg.name} (${files.length} files)`)
    for (const file of files) {
      if (/\.tsbuildinfo$|\.test\.ts$|\/test-support\//.test(file)) fail(`tarball holds ${file}`)
      if (file.endsWith('.d.ts.map')) {
        const map = JSON.parse(execFileSync('tar', ['-xzOf', tarball, file], { encoding: 'utf8' }))
        for (const source of map.sources) {
          const path = posix.join(posix.dirname(file), source)
          if (!files.includes(path)) fail(`${file} points at ${source}, which is not in the tarball`)
        }
      }
      if (file.endsWith('.js')) {
        const code = execFileSync('tar', ['-xzOf', tarball, file], { encoding: 'utf8' })
        // Minified output: `from"./x.js"`, `import"./x.js"`, `import(`./x.js`)`.
        for (const [, target] of code.matchAll(/(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
          const path = posix.join(posix.dirname(file), target)
          if (!files.includes(path)) fail(`${file} imports ${target}, which is not in the tarball`)
        }
        // Every package a bundle loads (imports, or requires through createRequire: `)("x")`) must
        // be one it declares: a bundled workspace package brings its own dependencies along.
        const declared = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }
        const bare =
          /(?:\bfrom|\bimport|createRequire\([^()]*\)|\brequire)\s*\(?\s*["'`]([a-z@][a-z0-9@._/:-]*)["'`]/g
        for (const [, specifier] of code.matchAll(bare)) {
          if (specifier.startsWith('node:')) continue
          const name = specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/')
          if (!(name in declared)) fail(`${file} loads ${specifier}, which ${pkg.name} does not declare`)
        }
      }
      if (file.endsWith('.js.map')) {
        const map = JSON.parse(execFileSync('tar', ['-xzOf', tarball, file], { encoding: 'utf8' }))
        if (map.sources.length !== (map.sourcesContent ?? []).filter((s) => typeof s === 'string').length)
          fail(`${file} lacks sourcesContent`)
      }
    }
    if (!files.includes('package/LICENSE')) fail('tarball has no LICENSE')
    for (const [tool, args] of [
      [bin('publint'), ['run', tarball, '--strict']],
      [bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']],
    ]) {
      try {
        execFileSync(tool, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      } catch (error) {
        console.log(`${error.stdout ?? ''}${error.stderr ?? ''}`)
        fail(`${tool.split('/').pop()} failed`)
      }
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
if (failures.length > 0) {
  console.error(`check:packages: ${failures.length} problem(s)\n${failures.join('\n')}`)
  process.exit(1)
}
console.log('check:packages: every package is fit to publish')
