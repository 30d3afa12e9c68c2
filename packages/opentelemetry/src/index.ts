export { ATTR, INSTRUMENT, NAME } from './attributes.js'
export {
  createOpenTelemetryHooks,
  DURATION_BUCKETS_S,
  INSTRUMENTATION_NAME,
  type OpenTelemetryHooksOptions,
} from './create-open-telemetry-hooks.js'
export { outcomeOf } from './outcome.js'
