export { runAdapterConformance } from './run-adapter-conformance.js'
