// The config contract of any source: one variant per connector, chosen by its `connector` key.
import { z } from 'zod';
import { FileSourceConfig } from './file/schema.js';
import { HttpSourceConfig } from './http/schema.js';

export const SourceConfig = z.discriminatedUnion('connector', [FileSourceConfig, HttpSourceConfig]);
export type SourceConfig = z.infer<typeof SourceConfig>;
