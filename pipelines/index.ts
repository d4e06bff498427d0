// The pipelines Rapport knows, by name.
import type { LoadedConfig } from '../config/load-config.js';
import type { Pipeline } from '../runner/pipeline.js';
import { dailyPipeline } from './daily.js';

const registry: Readonly<Record<string, (loaded: LoadedConfig) => Pipeline>> = Object.freeze({ daily: dailyPipeline });

export const pipelineNames = Object.keys(registry);

/** Builds the named pipeline for this config. @throws Error listing the known pipelines. */
export function pipelineByName(name: string, loaded: LoadedConfig): Pipeline {
  const build = registry[name];
  if (!build) throw new Error(`unknown pipeline "${name}": expected one of ${pipelineNames.join(', ')}`);
  return build(loaded);
}
