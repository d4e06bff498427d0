// Public boundary of the sample-data generator behind `rapport sample`.

export { generateSample, SAMPLE_FILES } from './generate-sample.js';
export { MAX_CUSTOMERS } from './resolve-options.js';
export type { MalformedKind, SampleFileSummary, SampleOptions, SampleSummary } from './sample-summary.js';
export { sampleSources } from './sample-sources.js';
