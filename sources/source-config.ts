// The config contract of any source: one variant per connector, chosen by its `connector` key.
import { z } from 'zod';
import { FileSourceConfig } from './file/schema.js';
import { HttpSourceConfig } from './http/schema.js';
import { PostgresSourceConfig } from './postgres/schema.js';

export const SourceConfig = z.discriminatedUnion('connector', [FileSourceConfig, HttpSourceConfig, PostgresSourceConfig]);
export type SourceConfig = z.infer<typeof SourceConfig>;
