// The one-source pipeline behind `rapport extract`: extracts and loads a single source, nothing else.
import type { LoadedConfig } from '../config/load-config.js';
import type { Pipeline } from '../runner/pipeline.js';
import { extractStep } from './steps.js';

/**
 * A pipeline of one step, `extract:<source>`, so an extract is recorded in `pipeline_runs` like any run.
 * @throws Error listing the configured sources when `source` is not one of them.
 * @example await runPipeline(extractPipeline(loaded, 'orders'), { warehouse, loaded, params: { fullRefresh: true } });
 */
export function extractPipeline(loaded: LoadedConfig, source: string): Pipeline {
  if (!(source in loaded.config.sources)) {
    throw new Error(`unknown source "${source}": expected one of ${Object.keys(loaded.config.sources).join(', ')}`);
  }
  return Object.freeze({ name: `extract-${source}`, schedule: '', timezone: 'UTC', steps: [extractStep(source)] });
}
