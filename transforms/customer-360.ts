// Builds `customer_360` (one row per customer) and `order_values` (one row per order) as of a date, for the customers touched since the last build.
import { channels, type Channel, type ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { linksRecords, matchedChannelsSql, recordIsRow, recordOwnersFromLookupSql, rowValue, scopedRecordIdentifiersSql } from './channel-records.js';
import { customer360 } from './contracts/customer-360.js';
import { customer360ColumnNames, customer360Sql, customer360TableSql } from './customer-360-channels.js';
import { changeLogSql, logCustomer360BuildSql } from './customer-changes.js';
import { runSqlModel } from './sql-model.js';

/** What one build did. */
export interface Customer360Counts {
  readonly customers: number;
  /** Whether every customer was recomputed, and why. */
  readonly full: boolean;
  readonly reason: string;
  /** Customers whose rows were recomputed (all in a full build). */
  readonly recomputed: number;
}

const stateSql = `CREATE TABLE IF NOT EXISTS customer_360_state (built_through TIMESTAMP, as_of DATE);
  CREATE TABLE IF NOT EXISTS customers_touched (customer_id VARCHAR);`;

/**
 * Builds `order_values` and `customer_360` from the channel tables and `identities`, counting only what happened
 * before `asOf` (a 'YYYY-MM-DD' date, exclusive). Incremental unless `full`: only the customers the identity builds
 * since the last run touched (`customers_touched`), those with events in [previous as-of, `asOf`), and the orders
 * with lines loaded since are recomputed; every other row only has its `as_of` moved on (`days_since_last_interaction`
 * is a generated column). A first build, an earlier `asOf` than the last, or an identity build that recomputed everything
 * rebuilds every row, and so does a change in the channels' columns. The result equals a full build. Each channel of
 * `channels` (default: the registry) adds the columns its contract declares (`customer-360-channels.ts`).
 * @throws Error naming the model when the SQL fails; the previous tables are kept.
 * @example await buildCustomer360(wh, { asOf: '2026-11-01' });
 */
export async function buildCustomer360(wh: Warehouse, params: { asOf: string; full?: boolean; channels?: ChannelRegistry }): Promise<Customer360Counts> {
  const registry = params.channels ?? channels;
  await wh.run(stateSql + changeLogSql);
  const [state] = await wh.all<{ built_through: string | null; as_of: string; all_touched: boolean; tables: number }>(`
    SELECT built_through::VARCHAR AS built_through, strftime(as_of, '%Y-%m-%d') AS as_of,
           (SELECT count(*) FILTER (WHERE customer_id IS NULL) > 0 FROM customers_touched) AS all_touched,
           (SELECT count(*) FROM information_schema.tables WHERE table_name IN ('customer_360', 'order_values') AND table_schema = 'main')::INTEGER AS tables
    FROM customer_360_state LIMIT 1`);
  const stored = await wh.all<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns
    WHERE table_name = 'customer_360' AND table_schema = 'main' ORDER BY ordinal_position`);
  const columnsChanged = stored.map((c) => c.name).join() !== customer360ColumnNames(registry).join();
  const reason = params.full ? 'full refresh asked for' : !state || state.tables < 2 ? 'first build'
    : state.all_touched ? 'identities were rebuilt' : params.asOf < state.as_of ? `as-of ${params.asOf} is before the last build's ${state.as_of}`
    : columnsChanged ? "the channels' customer_360 columns changed" : undefined;
  const [{ until } = { until: null }] = await wh.all<{ until: string | null }>(`SELECT max(_loaded_at)::VARCHAR AS until FROM order_lines`);
  const full = reason !== undefined;
  const linkingChannels = Object.values(registry).filter(linksRecords);
  const linking = linkingChannels.map((c) => literal(c.name));
  if (full) {
    // Every record, every raw value: the views an incremental build gives its scoped tables read everything here.
    await wh.run(`CREATE OR REPLACE TEMP TABLE record_owners AS
      SELECT channel, record_id, customer_id FROM customer_records WHERE ${linking.length ? `channel IN (${linking.join(', ')})` : 'false'};
      CREATE OR REPLACE TEMP TABLE c360_scope (customer_id VARCHAR); CREATE OR REPLACE TEMP TABLE c360_orders (order_id VARCHAR);
      CREATE OR REPLACE TEMP TABLE c360_raws (kind VARCHAR, raw VARCHAR, value VARCHAR, customer_id VARCHAR);
      CREATE OR REPLACE TEMP VIEW c360_raw_owners AS
      SELECT v.kind, v.raw, v.value, i.customer_id FROM identity_values v JOIN identities i ON i.identity = v.identity;
      CREATE OR REPLACE TEMP VIEW c360_raw_stats AS SELECT * FROM identity_raw_stats;`);
  } else {
    await buildScope(wh, registry, state!.as_of, params.asOf, state!.built_through);
  }
  // A full build writes order_values and customer_360 themselves (the old ones are replaced in this transaction, so
  // a failure keeps them): copying a temp table's rows into them cost 6.5 s at 1M. An incremental build computes its
  // customers' rows first, then replaces theirs.
  const put = full
    ? `CREATE OR REPLACE TABLE order_values AS SELECT * FROM order_values_rows;
       CREATE OR REPLACE TEMP VIEW order_values_new AS SELECT * FROM order_values;
       ${customer360TableSql(registry, customer360.columns)};
       ${customer360Sql(registry, true, 'customer_360')}`
    : `CREATE OR REPLACE TEMP TABLE order_values_new AS SELECT * FROM order_values_rows;
       ${customer360Sql(registry, false)}
       DELETE FROM order_values WHERE order_id IN (SELECT order_id FROM c360_orders) OR customer_id IN (SELECT customer_id FROM c360_scope);
       INSERT INTO order_values SELECT * FROM order_values_new;
       DELETE FROM customer_360 WHERE customer_id IN (SELECT customer_id FROM c360_scope);
       INSERT INTO customer_360 SELECT * FROM customer_360_new;
       -- Everyone else had no event in the window, so their last interaction is as it was: only the date moves on
       -- (days_since_last_interaction is generated from it).
       UPDATE customer_360 SET as_of = ${literal(params.asOf)}::DATE WHERE as_of <> ${literal(params.asOf)}::DATE;`;
  await runSqlModel(wh, new URL('./customer-360.sql', import.meta.url), { as_of: params.asOf, full_build: full }, `${put}
    DELETE FROM customers_touched; DELETE FROM customer_360_state;
    INSERT INTO customer_360_state VALUES (${until === null ? 'NULL' : `${literal(until)}::TIMESTAMP`}, ${literal(params.asOf)}::DATE);
    ${logCustomer360BuildSql(params.asOf, 'record_owners', full ? null : 'c360_scope')}`);
  const [row = { customers: 0, recomputed: 0 }] = await wh.all<{ customers: number; recomputed: number }>(
    `SELECT (SELECT count(*) FROM customer_360)::DOUBLE AS customers, (SELECT count(*) FROM ${full ? 'customer_360' : 'customer_360_new'})::DOUBLE AS recomputed`);
  await wh.run(linkingChannels.map((c) => `DROP TABLE IF EXISTS ${ident(`c360_rows_${c.name}`)};`).join('\n'));
  await wh.run('DROP VIEW IF EXISTS c360_raw_owners; DROP VIEW IF EXISTS c360_raw_stats; DROP VIEW IF EXISTS c360_ids; DROP VIEW IF EXISTS c360_primary_email; DROP TABLE IF EXISTS record_owners; DROP TABLE IF EXISTS c360_scope; DROP TABLE IF EXISTS c360_orders; DROP TABLE IF EXISTS c360_candidates; DROP TABLE IF EXISTS c360_rows; DROP TABLE IF EXISTS c360_raws; DROP TABLE IF EXISTS customer_360_new; DROP VIEW IF EXISTS order_values_rows;');
  await wh.run(full ? 'DROP VIEW IF EXISTS order_values_new' : 'DROP TABLE IF EXISTS order_values_new');
  return { customers: row.customers, full, reason: reason ?? 'touched customers only', recomputed: row.recomputed };
}

/**
 * TEMP c360_scope (customers to recompute), c360_raws (their raw identifier values, with the views c360_raw_owners and
 * c360_raw_stats over them), c360_rows_<channel> (each linking channel's rows concerned), c360_candidates / c360_orders
 * (their records that can link, and every order with a line loaded since `builtThrough` or placed in the as-of window)
 * and record_owners (those records' customers). The channel tables are read table by table: each linking channel's
 * rows are filtered on the scope's raw values (a hash semi-join on the identifier columns) before its identifiers are
 * unpivoted, so nothing is computed per row of all history but that lookup.
 */
async function buildScope(wh: Warehouse, registry: ChannelRegistry, fromAsOf: string, toAsOf: string, builtThrough: string | null): Promise<void> {
  const inWindow = (c: Channel) => `${ident(c.timeField)} >= ${literal(fromAsOf)}::DATE AND ${ident(c.timeField)} < ${literal(toAsOf)}::DATE`;
  await wh.run(`
  -- Events that count now and did not before, as a table first: the planner guessed millions of rows for the window's
  -- few thousand and hashed identity_values and identities whole to join them (2 s at 1M).
  CREATE OR REPLACE TEMP TABLE c360_window_raws AS
  SELECT DISTINCT kind, raw FROM (${scopedRecordIdentifiersSql(Object.values(registry), (c) => `(SELECT * FROM ${ident(c.table)} WHERE ${inWindow(c)})`)});
  CREATE OR REPLACE TEMP TABLE c360_scope AS
  SELECT customer_id FROM customers_touched WHERE customer_id IS NOT NULL
  UNION
  SELECT i.customer_id FROM c360_window_raws r
  JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw JOIN identities i ON i.identity = v.identity;
  DROP TABLE c360_window_raws;
  -- The scope's raw values with their identities: c360_raws, and the lookup of record_owners below.
  CREATE OR REPLACE TEMP TABLE c360_lookup AS
  SELECT v.kind, v.raw, v.value, i.identity, i.customer_id, i.status, i.kind AS id_kind
  FROM identity_values v JOIN identities i ON i.identity = v.identity
  WHERE i.customer_id IN (SELECT customer_id FROM c360_scope);
  CREATE OR REPLACE TEMP TABLE c360_raws AS SELECT kind, raw, value, customer_id FROM c360_lookup;
  CREATE OR REPLACE TEMP VIEW c360_raw_owners AS SELECT * FROM c360_raws;
  CREATE OR REPLACE TEMP VIEW c360_raw_stats AS SELECT s.* FROM identity_raw_stats s SEMI JOIN c360_raws c ON c.kind = s.kind AND c.raw = s.raw;`);
  // Channels whose records are identities of their own (matched contacts: 'record' values 'contacts:C1') among them.
  const matched = new Set((await wh.all<{ name: string }>(matchedChannelsSql('c360_raws'))).map((r) => r.name));
  // A record concerned carries a scope customer's raw value; an order also when a line was loaded since or it falls in the window.
  const concerned = (c: Channel) => [
    ...c.identifiers.map((id) => `${rowValue(c, id.value)}::VARCHAR IN (SELECT raw FROM c360_raws WHERE kind = ${literal(id.kind)})`),
    ...(matched.has(c.name) ? [`${literal(c.name + ':')} || ${rowValue(c, c.recordId)}::VARCHAR IN (SELECT raw FROM c360_raws WHERE kind = 'record')`] : []),
    ...(c.name === 'orders' ? [`_loaded_at > ${builtThrough === null ? "'-infinity'" : literal(builtThrough)}::TIMESTAMP`, inWindow(c)] : []),
  ].join(' OR ');
  const records = (c: Channel) => recordIsRow(c) ? `(SELECT * FROM ${ident(c.table)} WHERE ${concerned(c)})`
    : `(SELECT * FROM ${ident(c.table)} WHERE ${rowValue(c, c.recordId)} IN (SELECT ${rowValue(c, c.recordId)} FROM ${ident(c.table)} WHERE ${concerned(c)}))`;
  const linking = Object.values(registry).filter(linksRecords);
  // Each linking channel's rows concerned, whole (customer-360-channels.ts aggregates them), then their identifiers.
  await wh.run(`
  ${linking.map((c) => `CREATE OR REPLACE TEMP TABLE ${ident(`c360_rows_${c.name}`)} AS SELECT * FROM ${records(c)};`).join('\n  ')}
  CREATE OR REPLACE TEMP TABLE c360_rows AS
  SELECT channel, record_id, kind, raw FROM (${scopedRecordIdentifiersSql(linking, (c) => ident(`c360_rows_${c.name}`))});
  CREATE OR REPLACE TEMP TABLE c360_candidates AS SELECT DISTINCT channel, record_id FROM c360_rows;
  -- A record concerned carries a scope customer's raw value; its other values are mostly theirs too (a record links
  -- its values into one customer), so only those that are not (blocked, refused, another customer's) are looked up.
  INSERT INTO c360_lookup
  SELECT v.kind, v.raw, v.value, i.identity, i.customer_id, i.status, i.kind
  FROM (SELECT DISTINCT kind, raw FROM c360_rows WHERE raw IS NOT NULL) m
  ANTI JOIN c360_lookup l ON l.kind = m.kind AND l.raw = m.raw
  JOIN identity_values v ON v.kind = m.kind AND v.raw = m.raw JOIN identities i ON i.identity = v.identity;
  CREATE OR REPLACE TEMP TABLE record_owners AS
  SELECT channel, record_id, customer_id FROM (${recordOwnersFromLookupSql('c360_rows', 'c360_lookup')});
  DROP TABLE c360_lookup;
  CREATE OR REPLACE TEMP TABLE c360_orders AS SELECT record_id AS order_id FROM c360_candidates WHERE channel = 'orders';`);
}
