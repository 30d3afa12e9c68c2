export type {
  ConformanceFixture,
  ConformanceOptions,
  CreatedScope,
  ListingFixture,
} from './conformance-fixture.js'
export { runAdapterConformance } from './run-adapter-conformance.js'
