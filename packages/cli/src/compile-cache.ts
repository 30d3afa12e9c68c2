import nodeModule from 'node:module'

/**
 * Turns on node's on-disk compile cache (Node ≥ 22.1), as tools like `tsc` do for their own bin: a
 * command's first call loads its provider's SDK (0.8–1.2 MB of JavaScript for the AWS ones), and
 * with the cache a later command reads V8's compiled code of it instead (a Bedrock `get` takes
 * 0.88× the CPU; README "Start-up"). The cache holds compiled code only, in
 * `os.tmpdir()/node-compile-cache` unless `NODE_COMPILE_CACHE` names a directory;
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off. Node 20 has no such cache: there this does nothing.
 * Only the bin calls it: a library must not change how its host process compiles. Modules loaded
 * before the call (the CLI's own file, commander, runstop's packages: small) are not cached; the
 * SDKs load later, on a command's first call.
 */
export function enableCompileCache(): void {
  // Not in @types/node 20, which this repository builds against (Node 20 is supported).
  const { enableCompileCache: enable } = nodeModule as { enableCompileCache?: () => unknown }
  enable?.()
}
