// Builds a configured source by its connector: the public boundary of `sources/`.
import type { SourceConfig } from './source-config.js';
import { channelByName } from './contracts/index.js';
import { fileSource } from './file/index.js';
import { httpSource } from './http/index.js';
import { postgresSource } from './postgres/index.js';
import type { Source } from './source.js';

export { SourceConfig } from './source-config.js';
export type { Source, StagedBatch, ExtractContext, ExtractMode, LoadWarning, Reject } from './source.js';
export { isoTime } from './incremental.js';

/**
 * The source named `name` in the config, ready to extract. `baseDir` resolves relative paths; `env` supplies
 * the credentials named in a source's config.
 */
export function sourceFromConfig(name: string, config: SourceConfig, baseDir: string, env: NodeJS.ProcessEnv = process.env): Source {
  const channel = channelByName(config.channel);
  switch (config.connector) {
    case 'file':
      return fileSource(name, channel, config, baseDir);
    case 'http':
      return httpSource(name, channel, config, env);
    case 'postgres':
      return postgresSource(name, channel, config, env);
  }
}
