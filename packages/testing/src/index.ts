export type { ConformanceFixture, ConformanceOptions, ListingFixture } from './conformance-fixture.js'
export { runAdapterConformance } from './run-adapter-conformance.js'
