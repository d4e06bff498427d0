// customer_360's per-channel part, generated from the channel registry: one aggregate CTE per channel, joined to each customer's identifiers.
import type { Channel, ChannelRegistry } from '../sources/contracts/index.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { linksRecords, rowValue } from './channel-records.js';

/** customer_360's columns before the channels' (from customer-360.sql's c360_ids and c360_primary_email). */
const headColumns = ['customer_id', 'primary_email', 'emails', 'phones', 'handles', 'accounts', 'first_seen', 'last_seen'];
/** ... and after them. */
const tailColumns = ['sentiment', 'preferred_channel', 'last_interaction_at', 'days_since_last_interaction', 'as_of'];

/**
 * customer_360's generated column: computed when read, so an incremental build that moves `as_of` on rewrites one
 * constant column instead of a value per row (at 1M the per-row update made the build's commit 0.8 s).
 */
export const daysSinceLastInteraction = "date_diff('day', last_interaction_at::DATE, as_of)";

/**
 * The names of customer_360's columns, in order, for the channels of `registry`.
 * @throws Error naming the channel when one of its columns has the name of another column of customer_360.
 */
export function customer360ColumnNames(registry: ChannelRegistry): string[] {
  const owner = new Map([...headColumns, ...tailColumns].map((name) => [name, 'customer_360 itself']));
  for (const c of Object.values(registry)) {
    for (const { name } of c.customer360.columns) {
      const taken = owner.get(name);
      if (taken) throw new Error(`channel ${c.name}: customer_360 column "${name}" is already declared by ${taken}`);
      owner.set(name, `channel ${c.name}`);
    }
  }
  return [...headColumns, ...Object.values(registry).flatMap((c) => c.customer360.columns.map((col) => col.name)), ...tailColumns];
}

const asOf = `getvariable('as_of')::DATE`;

/** One customer's rows of a channel before the as-of date, as `_customer_id` plus the channel's own columns. */
function customerRows(c: Channel, full: boolean): string {
  const before = `${ident(c.timeField)} < ${asOf}`;
  if (c.customer360.from !== undefined) {
    // Built from the channel's rows by customer-360.sql, already limited to the as-of date and the customers rebuilt.
    return `SELECT customer_id AS _customer_id, * FROM ${c.customer360.from} WHERE customer_id IS NOT NULL`;
  }
  if (!linksRecords(c)) {
    // A record with one identifier is that identifier's customer's: joining through the distinct raw values
    // (identity_values) avoids a join of two tables with a row per record.
    const [id] = c.identifiers;
    // An incremental build reads only the rows of the raw values of the customers rebuilt; c360_raw_owners
    // (customer-360.ts) holds those values' customers, or every raw value's in a full build.
    return `SELECT o.customer_id AS _customer_id, r.*
      FROM (SELECT *, ${rowValue(c, id!.value)}::VARCHAR AS _raw FROM ${ident(c.table)} WHERE ${before}
            AND (getvariable('full_build') OR ${rowValue(c, id!.value)}::VARCHAR IN (SELECT raw FROM c360_raws WHERE kind = ${literal(id!.kind)}))) r
      JOIN c360_raw_owners o ON o.kind = ${literal(id!.kind)} AND o.raw = r._raw`;
  }
  // An incremental build's c360_rows_<channel> holds the rows concerned and record_owners their records' customers
  // (customer-360.ts), so this is scoped already.
  return `SELECT o.customer_id AS _customer_id, r.*
      FROM (SELECT *, ${rowValue(c, c.recordId)}::VARCHAR AS _record_id FROM ${ident(full ? c.table : `c360_rows_${c.name}`)} WHERE ${before}) r
      JOIN record_owners o ON o.channel = ${literal(c.name)} AND o.record_id = r._record_id`;
}

/**
 * The statement that builds TEMP `customer_360_new` (or, when `into` is given, inserts into that table: a full build
 * writes `customer_360` itself, in the build's transaction, instead of copying the temp table's million rows into it)
 * from customer-360.sql's views and the channels of `registry`:
 * each channel's declared aggregates per customer (its `absent` value when the customer has none, cast to its
 * declared type), then `preferred_channel` (the channel of the latest interaction; an earlier channel in the
 * registry wins ties), `last_interaction_at` and `as_of`: every column of customer_360 but the generated
 * `days_since_last_interaction` (customer360TableSql). Runs after customer-360.sql, in its transaction.
 * Unless `full`, a linking channel's rows are read from customer-360.ts's TEMP `c360_rows_<channel>` (those concerned).
 */
export function customer360Sql(registry: ChannelRegistry, full = true, into?: string): string {
  customer360ColumnNames(registry); // fails on a column declared twice, before DuckDB would say less
  const parts = Object.values(registry).map((c) => ({ c, alias: ident(`ch_${c.name}`) }));
  const ctes = parts.map(({ c, alias }) => `${alias} AS (
    SELECT _customer_id AS customer_id, ${c.customer360.columns.map((col) => `${col.aggregate} AS ${ident(col.name)}`).join(', ')},
           ${c.customer360.lastInteraction} AS _last_interaction_at,
           ${c.customer360.latestSentiment ? `${c.customer360.latestSentiment.value} AS _sentiment, ${c.customer360.latestSentiment.at} AS _sentiment_at` : 'NULL::DOUBLE AS _sentiment, NULL::TIMESTAMP AS _sentiment_at'}
    FROM (${c.customer360.perRecord ? c.customer360.perRecord(`(${customerRows(c, full)})`) : customerRows(c, full)})
    GROUP BY _customer_id)`);
  const columns = parts.flatMap(({ c, alias }) => c.customer360.columns.map((col) => {
    const value = `${alias}.${ident(col.name)}`;
    return `${col.absent === undefined ? value : `coalesce(${value}, ${col.absent})`}::${col.type} AS ${ident(col.name)}`;
  }));
  const last = parts.map(({ alias }) => `${alias}._last_interaction_at`);
  const never = `TIMESTAMP '1900-01-01'`;
  const latest = (xs: string[]) => (xs.length === 1 ? xs[0]! : `greatest(${xs.join(', ')})`);
  const preferred = parts.length === 0 ? 'NULL::VARCHAR' : `CASE ${latest(last.map((l) => `coalesce(${l}, ${never})`))}
         WHEN ${never} THEN NULL
         ${parts.slice(0, -1).map(({ c }, i) => `WHEN ${last[i]} THEN ${literal(c.name)}`).join(' ')}
         ELSE ${literal(parts.at(-1)!.c.name)} END`;
  // The latest scored text across channels (an earlier channel wins a tie, as for preferred_channel).
  const scored = parts.filter(({ c }) => c.customer360.latestSentiment).map(({ alias }) => alias);
  const sentiment = scored.length === 0 ? 'NULL::DOUBLE' : `CASE ${latest(scored.map((a) => `coalesce(${a}._sentiment_at, ${never})`))}
         WHEN ${never} THEN NULL
         ${scored.map((a) => `WHEN ${a}._sentiment_at THEN ${a}._sentiment`).join(' ')} END::DOUBLE`;
  const lastAt = parts.length === 0 ? 'NULL::TIMESTAMP' : `${latest(last)}::TIMESTAMP`;
  return `${into === undefined ? 'CREATE OR REPLACE TEMP TABLE customer_360_new AS' : `INSERT INTO ${ident(into)}`}
    ${ctes.length ? `WITH ${ctes.join(',\n    ')}` : ''}
    SELECT ${headColumns.map((h) => (h === 'primary_email' ? 'pe.primary_email' : `ids.${h}`)).join(', ')},
           ${[...columns, `${sentiment} AS sentiment`, `${preferred} AS preferred_channel`, `${lastAt} AS last_interaction_at`, `${asOf} AS as_of`].join(',\n           ')}
    FROM c360_ids ids
    ${parts.map(({ alias }) => `LEFT JOIN ${alias} USING (customer_id)`).join('\n    ')}
    LEFT JOIN c360_primary_email pe USING (customer_id);`;
}

/**
 * `CREATE OR REPLACE TABLE customer_360` with the columns of `registry`'s channels: the declared types of
 * customer_360's own columns (`types`, the contract's) and of each channel's, and `days_since_last_interaction`
 * generated from `last_interaction_at` and `as_of`. customer_360_new's rows are inserted as they are (every column
 * but the generated one, in order).
 */
export function customer360TableSql(registry: ChannelRegistry, types: Readonly<Record<string, { readonly type: string }>>): string {
  const own = (name: string) => {
    const type = types[name]?.type;
    if (!type) throw new Error(`customer_360: no declared type for column ${name}`);
    return `${ident(name)} ${type}`;
  };
  const columns = [
    ...headColumns.map(own),
    ...Object.values(registry).flatMap((c) => c.customer360.columns.map((col) => `${ident(col.name)} ${col.type}`)),
    ...tailColumns.map((name) => (name === 'days_since_last_interaction'
      ? `${ident(name)} BIGINT GENERATED ALWAYS AS (${daysSinceLastInteraction}) VIRTUAL` : own(name))),
  ];
  return `CREATE OR REPLACE TABLE customer_360 (${columns.join(', ')})`;
}
