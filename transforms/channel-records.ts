// The SQL that identity resolution derives from the channel registry: each channel's table, and the views of its records' identifiers and customers.
import { createTableSql } from '../sources/contracts/contract-sql.js';
import type { Channel, ChannelRegistry } from '../sources/contracts/index.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { bestIdentifier, bestIdentifierOf } from './customer-lineage.js';

/** A contract's field name, quoted, or its SQL expression, parenthesised. */
export function rowValue(channel: Channel, value: string): string {
  return Object.hasOwn(channel.schema.shape, value) ? ident(value) : `(${value})`;
}

/** Whether a channel's records can link identities: they carry two or more identifiers (an email event carries one). */
export const linksRecords = (channel: Channel): boolean => channel.identifiers.length > 1;

/** `CREATE TABLE IF NOT EXISTS` for every channel: a channel with no configured source is an empty table, not a missing one. */
export function channelTablesSql(registry: ChannelRegistry): string {
  return Object.values(registry).map((c) => createTableSql(c) + ';').join('\n');
}

/** The rows a branch of `record_identifiers` reads from a channel: its table, or a query over it with the same columns. */
export type ChannelRows = (channel: Channel) => string;

/**
 * The union behind `record_identifiers`, each channel's rows read through `rows` (default: its whole table). Rows
 * given by a query are read once per channel, each row giving its identifiers as a list that is unnested (a
 * MATERIALIZED CTE read once per identifier took 2-3x as long at 1M: it is written on one thread).
 */
function recordIdentifiersUnion(channelList: readonly Channel[], nodeList: readonly Channel[], rows?: ChannelRows): string {
  if (rows) {
    const read = [...new Set([...channelList, ...nodeList])];
    return read.map((c) => {
      const ids = [
        ...(channelList.includes(c) ? c.identifiers.map((id) => `{'kind': ${literal(id.kind)}, 'raw': ${rowValue(c, id.value)}::VARCHAR, 'links': ${linksRecords(c)}}`) : []),
        ...(nodeList.includes(c) ? [`{'kind': 'record', 'raw': ${literal(c.name + ':')} || ${rowValue(c, c.recordId)}::VARCHAR, 'links': true}`] : []),
      ];
      return `SELECT ${literal(c.name)} AS channel, record_id, _id.kind AS kind, _id.raw AS raw, seen_at, loaded_at, _id.links AS links
        FROM (SELECT ${rowValue(c, c.recordId)}::VARCHAR AS record_id, ${ident(c.timeField)} AS seen_at, _loaded_at AS loaded_at, unnest([${ids.join(', ')}]) AS _id FROM ${rows(c)})`;
    }).join('\nUNION ALL ');
  }
  const branches = channelList.flatMap((c) => c.identifiers.map((id) =>
    `SELECT ${literal(c.name)} AS channel, ${rowValue(c, c.recordId)}::VARCHAR AS record_id, ${literal(id.kind)} AS kind, `
    + `${rowValue(c, id.value)}::VARCHAR AS raw, ${ident(c.timeField)} AS seen_at, _loaded_at AS loaded_at, ${linksRecords(c)} AS links FROM ${ident(c.table)}`));
  // Probabilistic matching links records, not identifiers: each record of such a channel is an identity of its own
  // (kind 'record', 'record:contacts:C1'), linked to the record's identifiers. It sorts after every other kind, so a
  // component's label (and new customer id) stays that of its identifiers.
  const nodes = nodeList.map((c) =>
    `SELECT ${literal(c.name)}, ${rowValue(c, c.recordId)}::VARCHAR, 'record', ${literal(c.name + ':')} || ${rowValue(c, c.recordId)}::VARCHAR, `
    + `${ident(c.timeField)}, _loaded_at, true FROM ${ident(c.table)}`);
  return [...branches, ...nodes].join('\nUNION ALL ');
}

const nodeChannels = (registry: ChannelRegistry, recordNodes: readonly string[]) =>
  recordNodes.map((name) => registry[name]).filter((c) => c !== undefined);

/**
 * The view `record_identifiers`: one row per (row, identifier) of every channel, with `links` true for channels whose
 * records can link identities, plus a `record` identifier per row of the channels in `recordNodes` (those matched). Filters on `channel` or `links` prune whole channel tables before they are read.
 */
export function recordIdentifiersSql(registry: ChannelRegistry, recordNodes: readonly string[] = []): string {
  return `CREATE OR REPLACE VIEW record_identifiers AS\n${recordIdentifiersUnion(Object.values(registry), nodeChannels(registry, recordNodes))};`;
}

/** Whether each record of a channel is one row (its record id is made of its whole key), so a changed record's rows are all new rows. */
export function recordIsRow(c: Channel): boolean {
  if (Object.hasOwn(c.schema.shape, c.recordId)) return c.key.length === 1 && c.key[0] === c.recordId;
  return c.key.every((k) => new RegExp(`\\b${k}\\b`).test(c.recordId));   // an expression over every key field
}

/**
 * A SELECT with `record_identifiers`' columns over the records that can link (`links`) and have a row loaded in
 * (`since`, `until`] (SQL expressions of TIMESTAMPs): every row of those records, old ones too (an order with a new
 * line is read with all its lines). Each channel table is filtered on `_loaded_at` before its identifiers are
 * unpivoted, so DuckDB's zonemaps skip the row groups of earlier loads; a channel whose record spans several rows
 * (orders: lines) also reads the record id column of its older rows.
 */
/**
 * A SELECT with `record_identifiers`' columns over `channelList`, each channel's rows read through `rows` (a query
 * filtering its table before the identifiers are unpivoted), with a `record` identifier per row of every one of them
 * (it matches an identity only when the channel is matched, see `recordIdentifiersSql`).
 */
export function scopedRecordIdentifiersSql(channelList: readonly Channel[], rows: ChannelRows): string {
  return channelList.length === 0
    ? 'SELECT NULL::VARCHAR AS channel, NULL::VARCHAR AS record_id, NULL::VARCHAR AS kind, NULL::VARCHAR AS raw, NULL::TIMESTAMP AS seen_at, NULL::TIMESTAMP AS loaded_at, true AS links WHERE false'
    : recordIdentifiersUnion(channelList, channelList, rows);
}

export function changedRecordIdentifiersSql(registry: ChannelRegistry, recordNodes: readonly string[], since: string, until: string): string {
  const isNew = `_loaded_at > ${since} AND _loaded_at <= ${until}`;
  const rows: ChannelRows = (c) => recordIsRow(c) ? `(SELECT * FROM ${ident(c.table)} WHERE ${isNew})`
    : `(SELECT * FROM ${ident(c.table)} WHERE ${rowValue(c, c.recordId)} IN (SELECT ${rowValue(c, c.recordId)} FROM ${ident(c.table)} WHERE ${isNew}))`;
  const linking = Object.values(registry).filter(linksRecords);
  const nodes = nodeChannels(registry, recordNodes);
  return linking.length + nodes.length === 0 ? scopedRecordIdentifiersSql([], rows) : recordIdentifiersUnion(linking, nodes, rows);
}

/**
 * The view `customer_records`: every record of every channel with its one customer, computed when read (nothing is
 * stored per record). A record that can link belongs to the customer of its best identifier that links (account, then
 * email, phone, handle; then the smallest); one whose identifiers all are blocked, invalid or refused goes to its
 * smallest identifier's. A record of a channel with one identifier needs no choosing: it is that identifier's.
 */
export function customerRecordsSql(registry: ChannelRegistry): string {
  const single = Object.values(registry).filter((c) => !linksRecords(c)).map((c) => `
    SELECT ${literal(c.name)} AS channel, r.record_id, i.customer_id, i.identity
    FROM (SELECT ${rowValue(c, c.recordId)}::VARCHAR AS record_id, ${rowValue(c, c.identifiers[0]!.value)}::VARCHAR AS raw FROM ${ident(c.table)}) r
    JOIN identity_values v ON v.kind = ${literal(c.identifiers[0]!.kind)} AND v.raw = r.raw
    JOIN identities i ON i.identity = v.identity`);
  const linking = `
    ${recordOwnersSql('record_identifiers')}`;
  return `CREATE OR REPLACE VIEW customer_records AS${[...single, linking].join('\n    UNION ALL')};`;
}

/** SQL naming the channels whose records are identities of their own (probabilistically matched) among `raws` (kind, raw). */
export const matchedChannelsSql = (raws: string): string =>
  `SELECT DISTINCT split_part(raw, ':', 1) AS name FROM ${raws} WHERE kind = 'record'`;

/** Owners already decided for some customers (by the latest customer_360 build), so only the others' records are looked for. */
export interface KnownOwners {
  /** A SELECT (channel, record_id, customer_id): every linking record of the known customers, with its owner. */
  readonly records: string;
  /** A table (kind, raw, customer_id) of the raw values of the customers of `raws` whose owners are not known, or null when every one's are. */
  readonly otherRaws: string | null;
}

/**
 * Statements making the TEMP table `target` (channel, record_id, customer_id): the records of `channelList` that belong to the customers whose raw
 * identifier values `raws` (kind, raw, customer_id: every raw value of each of them) lists, attributed as
 * `customer_records` attributes them, without attributing every record: each channel's rows are first narrowed to
 * those carrying one of the raw values (a hash semi-join on the identifier columns), and only those records' owners are
 * decided. A record belongs to one of these customers only if its deciding identifier is theirs, so none is missed.
 * `matched` names the channels whose records are identities of their own (`matchedChannelsSql`). The linking rows
 * narrowed are a table of their own (`<target>_rows`) before their owners are decided: through a query the planner
 * guessed millions of rows for a few hundred thousand and hashed identity_values and identities whole (7 s at 1M).
 * With `known`, the linking records of the customers whose owners are known are taken from it, and only the other
 * customers' (`known.otherRaws`) are looked for: each look reads the channel tables whole (about 1 s at 1M).
 */
export function scopedCustomerRecordsSql(channelList: readonly Channel[], matched: readonly string[], raws: string, target: string, known?: KnownOwners): string {
  const single = channelList.filter((c) => !linksRecords(c)).map((c) => `
    SELECT ${literal(c.name)} AS channel, r.record_id, s.customer_id
    FROM (SELECT ${rowValue(c, c.recordId)}::VARCHAR AS record_id, ${rowValue(c, c.identifiers[0]!.value)}::VARCHAR AS raw FROM ${ident(c.table)}) r
    JOIN ${raws} s ON s.kind = ${literal(c.identifiers[0]!.kind)} AND s.raw = r.raw`);
  const linking = channelList.filter(linksRecords);
  const look = known ? known.otherRaws : raws;
  const scanned = look === null ? [] : linking;
  const nodes = scanned.filter((c) => matched.includes(c.name));
  const carries = (c: Channel) => [
    ...c.identifiers.map((id) => `${rowValue(c, id.value)}::VARCHAR IN (SELECT raw FROM ${look} WHERE kind = ${literal(id.kind)})`),
    ...(nodes.includes(c) ? [`${literal(c.name + ':')} || ${rowValue(c, c.recordId)}::VARCHAR IN (SELECT raw FROM ${look} WHERE kind = 'record')`] : []),
  ].join(' OR ');
  const rows: ChannelRows = (c) => recordIsRow(c) ? `(SELECT * FROM ${ident(c.table)} WHERE ${carries(c)})`
    : `(SELECT * FROM ${ident(c.table)} WHERE ${rowValue(c, c.recordId)} IN (SELECT ${rowValue(c, c.recordId)} FROM ${ident(c.table)} WHERE ${carries(c)}))`;
  const rowsTable = ident(`${target}_rows`);
  const owned = scanned.length === 0 ? [] : [`
    SELECT channel, record_id, customer_id FROM (${recordOwnersSql(rowsTable)})
    WHERE customer_id IN (SELECT customer_id FROM ${look})`];
  const kept = known && linking.length > 0 ? [`
    SELECT channel, record_id, customer_id FROM (${known.records})
    WHERE channel IN (${linking.map((c) => literal(c.name)).join(', ')}) AND customer_id IN (SELECT customer_id FROM ${raws})`] : [];
  const branches = [...single, ...owned, ...kept];
  return `${scanned.length === 0 ? '' : `CREATE OR REPLACE TEMP TABLE ${rowsTable} AS SELECT * FROM (${recordIdentifiersUnion(scanned, nodes, rows)});`}
    CREATE OR REPLACE TEMP TABLE ${ident(target)} AS ${branches.length === 0
      ? 'SELECT NULL::VARCHAR AS channel, NULL::VARCHAR AS record_id, NULL::VARCHAR AS customer_id WHERE false' : branches.join('\n    UNION ALL')};
    ${scanned.length === 0 ? '' : `DROP TABLE ${rowsTable};`}`;
}

/** A SELECT (channel, record_id, customer_id, identity): the owner of each record of `identifiers` (rows of record_identifiers' columns), as customer_records decides it. */
export function recordOwnersSql(identifiers: string): string {
  return `SELECT r.channel, r.record_id, arg_min(i.customer_id, ${bestIdentifier}) AS customer_id, arg_min(i.identity, ${bestIdentifier}) AS identity
    FROM ${identifiers} r
    JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
    JOIN identities i ON i.identity = v.identity
    WHERE r.links
    GROUP BY r.channel, r.record_id`;
}

/**
 * The same owners as recordOwnersSql over `identifiers` (rows of record_identifiers' columns, every one linking), from
 * `lookup` (kind, raw, identity, customer_id, status, id_kind: the identities and customers of at least every raw
 * value those rows carry) instead of identity_values and identities whole: a lookup of the raw values concerned is a
 * small hash table where the whole graph is millions of rows.
 */
export function recordOwnersFromLookupSql(identifiers: string, lookup: string): string {
  const best = bestIdentifierOf('l.status', 'l.id_kind', 'l.identity');
  return `SELECT r.channel, r.record_id, arg_min(l.customer_id, ${best}) AS customer_id, arg_min(l.identity, ${best}) AS identity
    FROM ${identifiers} r JOIN ${lookup} l ON l.kind = r.kind AND l.raw = r.raw
    GROUP BY r.channel, r.record_id`;
}
