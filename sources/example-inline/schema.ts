// The config contract of the example connector: a channel's rows written inline in the config.
import { z } from 'zod';
import { contractNames } from '../contracts/index.js';
import { FieldMapping } from '../field-mapping.js';
import { QuarantineLimit } from '../quarantine-limit.js';

export const ExampleInlineSourceConfig = z
  .object({
    connector: z.literal('example-inline'),
    channel: z.enum(contractNames),
    /** The records, one object each, keyed by source column (checked against the channel's contract when loaded). */
    rows: z.array(z.record(z.string(), z.unknown())),
    /** Contract field -> key of the records, or `{ sql }`; unmapped fields are read from the key of the same name. */
    mapping: z.record(z.string(), FieldMapping).default({}),
    onSchemaDrift: z.enum(['evolve', 'stop']).default('evolve'),
    /** Fail the batch when more than this share of its records is quarantined (0–1, default 0.5). */
    quarantineLimit: QuarantineLimit,
  })
  .strict();
export type ExampleInlineSourceConfig = z.infer<typeof ExampleInlineSourceConfig>;
