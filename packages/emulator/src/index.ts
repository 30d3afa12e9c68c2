export { emulatorEnvironment, formatExportLines } from './environment.js'
export type { FaultMix, InjectedFault } from './faults.js'
export {
  DEFAULT_EMULATOR_CREDENTIALS,
  type Emulator,
  type EmulatorEndpoints,
  type EmulatorOptions,
  startEmulator,
} from './start-emulator.js'
export type {
  CreateRunOptions,
  EmulatedProvider,
  EmulatorCredentials,
  LoggedRequest,
  StoredRun,
} from './types.js'
export { EMULATED_PROVIDERS } from './types.js'
