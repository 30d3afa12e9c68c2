/**
 * The `runstop` CLI as a function, for embedding it in another program or testing a wrapper:
 * `runCli(argv, io)` runs one command line against the given streams and environment and
 * resolves to its exit code (one of `EXIT`); it never exits the process. Everything else the bin
 * is made of is internal. To stop runs from code, use `@runstop/core` and the adapters.
 *
 * @packageDocumentation
 */
export type { Env } from './config-from-env.js'
export type { CliIo, InterruptListener } from './context.js'
export type { OutStream } from './output/writer.js'
export { EXIT, runCli } from './program.js'
