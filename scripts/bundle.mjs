// Publishes each workspace package as one ESM file per entry point (dist/index.js, and
// dist/bin.js for the packages with a bin), so an import reads one module instead of dozens.
// `tsc -b` runs first: it type-checks and writes the .d.ts files (declarations only); this step
// bundles the package's own sources and leaves every dependency (bare imports, node:*) external,
// so SDKs stay behind their dynamic import()s and load on first use.
//
// Each package's own dynamic `import()`s become chunks (dist/chunks/*.js; not in the two packages
// with a bin): what a controller that is only constructed never runs (core's call path: the
// controller's calls, retries, waiting, listing and batch engine; the Alibaba built-in client) is
// read and parsed on first use (cold start; README "Performance"). The build fails when a main
// file imports a chunk statically: that chunk would be one more file at start-up. Two packages
// differ from the rule that dependencies stay external, for the same reason:
// - @runstop/alibaba-openapi is bundled into the packages that import it (the CloudFlow
//   adapter): at start-up the adapter needs only its small shared part (the gateway's error
//   codes, the region rule, `bodyOf`), and one package more is one more file and two module
//   resolutions (its own, and its import of @runstop/core) for every program that constructs the
//   adapter. Its built-in client becomes a chunk of the adapter. The adapter keeps the dependency
//   for its .d.ts (which import the package's types); the package is still published whole for
//   anyone who wants the client itself.
// - neverthrow is bundled into @runstop/core, and core re-exports the values runstop uses (`ok`,
//   `err`, `okAsync`, `errAsync`, `ResultAsync`): the other packages' `import … from 'neverthrow'`
//   are pointed at @runstop/core, so the runstop packages share that one copy. neverthrow 8 has no
//   `exports` map: its own module would be one more file and resolution at start-up.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { references } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'))
const CORE = 'packages/core'
/** Workspace packages bundled into the packages that import them (see above), and their sources. */
const INLINED = { '@runstop/alibaba-openapi': 'packages/alibaba-openapi/src/index.ts' }
/** The neverthrow values @runstop/core re-exports (packages/core/src/index.ts). */
const SHARED_NEVERTHROW = new Set(['ok', 'err', 'okAsync', 'errAsync', 'ResultAsync'])
const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0')

/** Removes JavaScript in dist that this build did not write (older per-file builds, old chunks). */
function removeStaleJs(dist, keep) {
  if (!existsSync(dist)) return
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name)
    if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !keep.has(file)) rmSync(file)
  }
}

/** Fails the build when a package takes from neverthrow a value core does not re-export. */
const checkNeverthrowImports = (path) => ({
  name: 'runstop:shared-neverthrow',
  transform: {
    filter: { code: 'neverthrow' },
    handler(code, id) {
      for (const [, names] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]neverthrow['"]/g))
        for (const name of names.split(',').map((part) => part.trim())) {
          if (name === '' || name.startsWith('type ')) continue
          if (!SHARED_NEVERTHROW.has(name.split(/\s+as\s+/)[0]))
            this.error(
              `${path}: ${id} imports \`${name}\` from neverthrow, which @runstop/core does not re-export (add it to core's index and to SHARED_NEVERTHROW)`,
            )
        }
      return null
    },
  },
})

const builds = []
for (const { path } of references) {
  const dist = join(root, path, 'dist')
  const core = path === CORE
  const pkg = JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8'))
  if (!core && !('@runstop/core' in { ...pkg.dependencies, ...pkg.peerDependencies }))
    throw new Error(`${path} does not depend on @runstop/core, where its neverthrow imports would go`)
  const hasBin = existsSync(join(root, path, 'src', 'bin.ts'))
  for (const entry of ['index', 'bin']) {
    const input = join(root, path, 'src', `${entry}.ts`)
    if (!existsSync(input)) continue
    builds.push(
      build({
        input,
        platform: 'node',
        external: core ? (id) => isBare(id) && id !== 'neverthrow' : (id) => isBare(id) && !(id in INLINED),
        // neverthrow's ES module build (its "module" field), not its CommonJS `main`; an inlined
        // package from its sources (its dist may not be built yet: the bundles build side by side).
        resolve: core
          ? { mainFields: ['module', 'main'] }
          : { alias: Object.fromEntries(Object.entries(INLINED).map(([id, src]) => [id, join(root, src)])) },
        // Lets the modules the chunks share with the main module stay in dist/index.js (one file
        // at start-up, not a common chunk besides): index.js then also exports, under one-letter
        // names that no .d.ts declares, the few internals the chunks import.
        preserveEntrySignatures: 'allow-extension',
        // @runstop/alibaba-openapi's own bundle exports its built-in client too, so the import()
        // that makes the client a chunk of the CloudFlow adapter stays in one file there (known).
        checks: { ineffectiveDynamicImport: path !== 'packages/alibaba-openapi' },
        tsconfig: join(root, path, 'tsconfig.json'),
        logLevel: 'warn',
        write: true,
        plugins: core ? [] : [checkNeverthrowImports(path)],
        output: {
          // One file per entry and the lazy chunks (see above); a package with a bin (the CLI, the
          // emulator) builds two entries side by side, whose chunks would collide: one file each.
          ...(hasBin
            ? { file: join(dist, `${entry}.js`), codeSplitting: false }
            : { dir: dist, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' }),
          format: 'esm',
          sourcemap: true,
          ...(core ? {} : { paths: { neverthrow: '@runstop/core' } }),
          // One non-ASCII character (an ellipsis in a message) makes node decode the whole file
          // into a two-byte string; escaped, the source stays one byte per character.
          charset: 'ascii',
          // Minified (with its source map): parsing is most of what an import costs at start-up,
          // and half the bytes parse in about half the time. Names of classes and functions are
          // kept, so stacks and `error.name` read as in the sources.
          minify: true,
          keepNames: true,
        },
      }).then((result) => ({
        dist,
        files: result.output.flatMap(({ fileName }) =>
          [fileName, `${fileName}.map`].map((f) => join(dist, f)),
        ),
      })),
    )
  }
}
const written = await Promise.all(builds)
// A module that a package's main file and its chunks share must stay in the main file: the
// bundler splits one into a common chunk when two chunks share it (and when it cannot prove the
// main file always loads first), and the main file would then import that chunk at start-up.
for (const { files } of written)
  for (const file of files.filter((f) => f.endsWith('.js') && !f.includes('/chunks/'))) {
    const chunk = readFileSync(file, 'utf8').match(/(?:from|import)\s*["']\.\/chunks\/[^"']+["']/)
    if (chunk)
      throw new Error(`${file} imports a chunk at start-up (${chunk[0]}): keep that module in the main file`)
  }
const keep = new Set(written.flatMap(({ files }) => files))
for (const dist of new Set(written.map(({ dist }) => dist))) removeStaleJs(dist, keep)
