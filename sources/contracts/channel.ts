// What every channel contract declares: its zod row schema, the table it lands in, and its natural key.
import type { z } from 'zod';

/** The contract of one channel (email, social, orders). The row schema is the single source of truth. */
export interface Channel<S extends z.ZodObject = z.ZodObject> {
  /** Channel name used in config (`channel: 'email'`). */
  readonly name: string;
  /** Warehouse table the validated rows are merged into. */
  readonly table: string;
  /** The row contract: field names, types, which are required. DuckDB DDL and validation SQL derive from it. */
  readonly schema: S;
  /** Fields that identify a row; re-reads are merged on them, so re-runs never duplicate. */
  readonly key: readonly (keyof z.infer<S> & string)[];
  /** The event time field, used for cursors, lookback windows and freshness. */
  readonly timeField: keyof z.infer<S> & string;
}

/** Metadata on a field that tells the loader which DuckDB type to store it as, when JSON types are too coarse. */
export interface FieldMeta {
  readonly duckdbType?: string;
}

/** Declares a channel contract (frozen); the generic keeps `key` and `timeField` checked against the schema. */
export function defineChannel<S extends z.ZodObject>(channel: Channel<S>): Channel<S> {
  return Object.freeze({ ...channel, key: Object.freeze([...channel.key]) });
}
