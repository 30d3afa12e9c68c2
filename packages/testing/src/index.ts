export type { ConformanceFixture, ConformanceOptions } from './conformance-fixture.js'
export { runAdapterConformance } from './run-adapter-conformance.js'
