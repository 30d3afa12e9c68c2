export { type DemoCommandOptions, runDemo } from './commands/demo.js'
export {
  DEFAULT_EMULATOR_PORT,
  EMULATOR_REGIONS,
  type EmulatorCommandOptions,
  emulatorEnv,
  runEmulator,
  shellQuote,
} from './commands/emulator.js'
export { type GetCommandOptions, runGet } from './commands/get.js'
export { EXIT_INTERRUPTED, runStop, type StopCommandOptions } from './commands/stop.js'
export { runWait, type WaitCommandOptions } from './commands/wait.js'
export { mapWithConcurrency } from './concurrency.js'
export {
  type AlibabaAdapterConfig,
  type AlibabaCredentials,
  type AwsAdapterConfig,
  type AwsCredentials,
  type CliConfig,
  type ConfigFlags,
  configFromEnv,
  ENV_VARS,
  type Env,
  SECRET_ENV_VARS,
} from './config-from-env.js'
export {
  type CliIo,
  type CommandContext,
  checkHandleText,
  type InterruptListener,
  parseHandleArgument,
  UsageError,
} from './context.js'
export {
  type CliAdapter,
  type CliController,
  type CreateCliControllerOptions,
  createCliController,
} from './create-controller.js'
export { type HandleLines, handleLinesFromStream, openHandleLines, withoutComment } from './handle-lines.js'
export { renderJson, toRedactedData } from './output/json.js'
export { createProgressBar, type ProgressBar, progressLine } from './output/progress.js'
export {
  countStops,
  INTERRUPTED_OUTCOME,
  type InterruptedStop,
  renderSnapshot,
  renderStopSummary,
  renderStopTable,
  STOP_COLUMNS,
  type StopCounts,
  type StopEntry,
} from './output/render.js'
export { renderDetails, renderTable } from './output/table.js'
export {
  errorCell,
  errorJson,
  errorLine,
  handleText,
  type SnapshotJson,
  type StopResultJson,
  snapshotJson,
  statusText,
  stopResultJson,
  toRunError,
} from './output/views.js'
export { Output, type OutStream } from './output/writer.js'
export { parseDuration } from './parse-duration.js'
export { buildProgram, EXIT, runCli } from './program.js'
