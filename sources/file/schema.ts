// The config contract of a file source: which files, which format, and how their columns map onto the channel.
import { z } from 'zod';
import { contractNames } from '../contracts/index.js';
import { FieldMapping } from '../field-mapping.js';
import { QuarantineLimit } from '../quarantine-limit.js';

export const FileSourceConfig = z
  .object({
    connector: z.literal('file'),
    channel: z.enum(contractNames),
    /** One file or a glob (`data/exports/*.csv`), relative to the config file; `.gz` files are read as gzip. */
    path: z.string().min(1),
    /** Inferred from the file name when omitted. */
    format: z.enum(['csv', 'ndjson', 'json', 'parquet']).optional(),
    csv: z
      .object({
        delimiter: z.string().min(1).max(4).default(','),
        quote: z.string().max(1).default('"'),
        header: z.literal(true).default(true),
      })
      .strict()
      .default({ delimiter: ',', quote: '"', header: true }),
    /** Contract field -> source column or `{ sql }`; unmapped fields are read from the column of the same name. */
    mapping: z.record(z.string(), FieldMapping).default({}),
    /** Text encoding of CSV and NDJSON files. */
    encoding: z.enum(['utf-8', 'latin-1', 'utf-16']).default('utf-8'),
    /** A new, missing or retyped column: log it and go on (`evolve`), or fail the extract naming it (`stop`). */
    onSchemaDrift: z.enum(['evolve', 'stop']).default('evolve'),
    /** Fail a batch when more than this share of its records is quarantined (0–1, default 0.5). */
    quarantineLimit: QuarantineLimit,
  })
  .strict();
export type FileSourceConfig = z.infer<typeof FileSourceConfig>;
