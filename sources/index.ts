// Builds a configured source by its connector: the public boundary of `sources/`.
import { contractByName } from './contracts/index.js';
import { connectors, type CreateSource } from './registry.js';
import type { SourceConfig } from './source-config.js';
import { defineSource } from './define-source.js';
import type { Source } from './source.js';

export { SourceConfig } from './source-config.js';
export type { Batch, ExtractContext, ExtractMode, LoadWarning, Reject, Source } from './source.js';
export { isoTime } from './incremental.js';

/**
 * The source named `name` in the config, ready to extract. `baseDir` resolves relative paths; `env` supplies
 * the credentials named in a source's config. Its connector's code is imported when it first extracts.
 */
export function sourceFromConfig(name: string, config: SourceConfig, baseDir: string, env: NodeJS.ProcessEnv = process.env): Source {
  const channel = contractByName(config.channel);
  const entry = connectors[config.connector];
  return defineSource(name, channel, config, async function* extract(ctx) {
    const { createSource } = (await entry.load()) as { createSource: CreateSource<SourceConfig> };
    yield* createSource(name, channel, config, { baseDir, env }).extract(ctx);
  });
}
