// Publishes each workspace package as one ESM file per entry point (dist/index.js, and
// dist/bin.js for the packages with a bin), so an import reads one module instead of dozens.
// `tsc -b` runs first: it type-checks and writes the .d.ts files (declarations only); this step
// bundles the package's own sources and leaves every dependency (bare imports, node:*) external,
// so SDKs stay behind their dynamic import()s and load on first use.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { references } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'))
const isExternal = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0')
// neverthrow 8 has no "exports": a bare `import 'neverthrow'` gets its CommonJS `main`, which
// node must scan with cjs-module-lexer and wrap: several ms at start-up, about what all of core
// costs.
// Every 8.x release also ships its ES module build at this path (its "module" field), so the
// bundles import that: one shared copy across the runstop packages. A user's own
// `import 'neverthrow'` still gets the CommonJS copy; see packages/core/README.md for what holds.
const paths = { neverthrow: 'neverthrow/dist/index.es.js' }

/** Removes JavaScript left in dist by older per-file builds: only the bundles belong there. */
function removeStaleJs(dist, keep) {
  if (!existsSync(dist)) return
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name)
    if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !keep.has(file)) rmSync(file)
  }
}

const builds = []
for (const { path } of references) {
  const dist = join(root, path, 'dist')
  removeStaleJs(
    dist,
    new Set(['index', 'bin'].flatMap((e) => [join(dist, `${e}.js`), join(dist, `${e}.js.map`)])),
  )
  for (const entry of ['index', 'bin']) {
    const input = join(root, path, 'src', `${entry}.ts`)
    if (!existsSync(input)) continue
    builds.push(
      build({
        input,
        platform: 'node',
        external: isExternal,
        tsconfig: join(root, path, 'tsconfig.json'),
        logLevel: 'warn',
        write: true,
        output: {
          file: join(root, path, 'dist', `${entry}.js`),
          format: 'esm',
          sourcemap: true,
          codeSplitting: false,
          paths,
          // One non-ASCII character (an ellipsis in a message) makes node decode the whole file
          // into a two-byte string; escaped, the source stays one byte per character.
          charset: 'ascii',
          // Minified (with its source map): parsing is most of what an import costs at start-up,
          // and half the bytes parse in about half the time. Names of classes and functions are
          // kept, so stacks and `error.name` read as in the sources.
          minify: true,
          keepNames: true,
        },
      }),
    )
  }
}
await Promise.all(builds)
