// The connectors Rapport knows, one line each: the config contract and (loaded on first use) the code that extracts.
import type { z } from 'zod';
import type { Channel } from './contracts/index.js';
import { ExampleInlineSourceConfig } from './example-inline/schema.js';
import { FileSourceConfig } from './file/schema.js';
import { HttpSourceConfig } from './http/schema.js';
import { PostgresSourceConfig } from './postgres/schema.js';
import type { DriftPolicy, Source } from './source.js';

/** What every connector's config has besides its own keys. */
export interface CommonSourceConfig {
  readonly connector: string;
  readonly channel: string;
  readonly quarantineLimit: number;
  readonly onSchemaDrift?: DriftPolicy;
}

/** Where a source runs: the config file's folder (relative paths) and the environment (credentials by name). */
export interface SourcePlace {
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** What a connector's `index.ts` exports as `createSource`: a configured source of one channel. */
export type CreateSource<C> = (name: string, channel: Channel, config: C, at: SourcePlace) => Source;

/** One registry entry: the config contract (checked with the rest of the config) and the lazily imported code. */
export interface Connector<S extends z.ZodType<CommonSourceConfig>> {
  readonly config: S;
  readonly load: () => Promise<{ readonly createSource: CreateSource<z.output<S>> }>;
}

const connector = <S extends z.ZodType<CommonSourceConfig>>(config: S, load: Connector<S>['load']): Connector<S> => Object.freeze({ config, load });

/**
 * Every connector by the name its config gives as `connector`. Adding one is a folder `sources/<name>/` with
 * `schema.ts` (its config contract) and `index.ts` (its `createSource`), plus one line here. The code is imported
 * only when a source of that kind extracts, so reading the config loads no connector's dependencies.
 */
export const connectors = Object.freeze({
  file: connector(FileSourceConfig, () => import('./file/index.js')),
  http: connector(HttpSourceConfig, () => import('./http/index.js')),
  postgres: connector(PostgresSourceConfig, () => import('./postgres/index.js')),
  'example-inline': connector(ExampleInlineSourceConfig, () => import('./example-inline/index.js')),
});
