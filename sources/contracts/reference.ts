// What a reference contract declares (a table of facts about things, not people: products), loaded like a channel.
import type { z } from 'zod';
import type { Channel } from './channel.js';

/**
 * A reference source's contract: row schema, table, key (a re-read replaces the row with the same key: a price change
 * updates it) and the time the row last changed (optional in the data; cursors and freshness read it as they read a
 * channel's event time). It carries no customer identifiers.
 */
export type ReferenceSpec<S extends z.ZodObject = z.ZodObject> = Pick<Channel<S>, 'name' | 'description' | 'table' | 'schema' | 'key' | 'timeField' | 'rowChecks'>;

/** A reference contract in the shape the loader takes, marked so nothing mistakes it for a channel of people. */
export type Reference<S extends z.ZodObject = z.ZodObject> = Channel<S> & { readonly reference: true };

/**
 * Declares a reference contract (frozen). The loader validates, quarantines and merges its rows with lineage exactly
 * as it does a channel's; it declares no identifiers and no customer_360 columns, and it is registered apart from the
 * channels (`references` in ./index.ts), which are all identity resolution and customer_360 read: it never joins the
 * identity graph.
 * @throws Error naming the reference when a row check names a field its schema lacks.
 */
export function defineReference<S extends z.ZodObject>(spec: ReferenceSpec<S>): Reference<S> {
  for (const { field } of spec.rowChecks ?? [])
    if (!(field in spec.schema.shape)) throw new Error(`reference ${spec.name}: a row check names "${field}", which is not a field of its schema`);
  return Object.freeze({
    ...spec,
    key: Object.freeze([...spec.key]),
    recordId: spec.key.map((k) => `CAST("${k}" AS VARCHAR)`).join(" || '|' || "),
    identifiers: Object.freeze([]),
    customer360: Object.freeze({ columns: Object.freeze([]), lastInteraction: 'NULL' }),
    reference: true as const,
  });
}
