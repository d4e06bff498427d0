// The config contract of a PostgreSQL source: how to connect, which table or query, and its incremental column.
import { z } from 'zod';
import { contractNames } from '../contracts/index.js';
import { QuarantineLimit } from '../quarantine-limit.js';
import { FieldMapping } from '../field-mapping.js';
import { Lookback, StartDate } from '../incremental-config.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable, not its value');

/** A connection URL held whole in an env var (it carries the password), or its parts with the password in one. */
export const PostgresConnection = z.union([
  z.object({ urlEnv: envName }).strict(),
  z
    .object({
      host: z.string().min(1).default('localhost'),
      port: z.int().positive().default(5432),
      database: z.string().min(1),
      user: z.string().min(1),
      passwordEnv: envName.optional(),
    })
    .strict(),
]);
export type PostgresConnection = z.infer<typeof PostgresConnection>;

export const PostgresSourceConfig = z
  .object({
    connector: z.literal('postgres'),
    channel: z.enum(contractNames),
    connection: PostgresConnection,
    /** A table or view (`schema.table`), read whole or from the cursor. */
    table: z.string().regex(/^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/, 'expected table or schema.table').optional(),
    /** A SELECT whose columns are the source columns; wrapped as a subquery, so it needs no WHERE for the cursor. */
    query: z.string().min(1).optional(),
    incremental: z
      .object({
        /** A timestamp, timestamptz, date or integer column of the table or query; rows are read in its order. */
        column: z.string().min(1),
        /** A duration ("2 days") for time columns, or a number for integer columns. */
        lookback: Lookback.default('0 days'),
        start: StartDate.optional(),
      })
      .strict()
      .optional(),
    /** Contract field -> source column, or `{ sql }`: a DuckDB expression over the source columns (all text). */
    mapping: z.record(z.string(), FieldMapping).default({}),
    /** Rows fetched from the server cursor and committed per load transaction. */
    batchRows: z.int().positive().default(10_000),
    onSchemaDrift: z.enum(['evolve', 'stop']).default('evolve'),
    /** Fail a batch when more than this share of its records is quarantined (0–1, default 0.5). */
    quarantineLimit: QuarantineLimit,
  })
  .strict()
  .refine((c) => (c.table === undefined) !== (c.query === undefined), { message: 'set exactly one of "table" or "query"', path: ['table'] });
export type PostgresSourceConfig = z.infer<typeof PostgresSourceConfig>;
