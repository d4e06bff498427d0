// Builds `customer_preferences`: each customer's preferred channel, best time to send, top categories, basket and rhythm.
import { readFile } from 'node:fs/promises';
import { channels, type ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { linksRecords, matchedChannelsSql, rowValue, scopedCustomerRecordsSql } from './channel-records.js';
import { definitionHash, planCustomerModel, saveCustomerModelSql } from './customer-changes.js';
import { callingCodesSql, countryZonesSql, localTimeMacroSql } from './customer-time-zones.js';
import { defaultMinSendEvents } from './personalisation-config.js';
import { runSqlModel } from './sql-model.js';

const model = new URL('./customer-preferences.sql', import.meta.url);

/** Which of a channel's records count as the customer engaging (none listed: every record; contacts: never). */
const engagement: Readonly<Record<string, string | null>> = {
  orders: "status = 'completed' AND quantity > 0",
  email: "event_type IN ('open', 'click')",
  support: "direction = 'inbound'",
  contacts: null, // a contact record is data about the person, not something they did
};

/** How preferences are computed; every field has a default. */
export interface PreferenceSettings {
  /** The shop's IANA time zone: best day and hour to send are in it for customers whose own zone is not known (default UTC). */
  readonly timezone: string;
  /** Fewer opens and clicks than this leave best day and hour NULL (default 5). */
  readonly minEvents: number;
}

export const preferenceDefaults: PreferenceSettings = Object.freeze({ timezone: 'UTC', minEvents: defaultMinSendEvents });

/** What one build did: counts over the whole table, and whether every customer was recomputed (and why). */
export interface PreferenceCounts {
  readonly customers: number;
  readonly withSendTime: number;
  readonly withCategory: number;
  readonly full: boolean;
  readonly reason: string;
  /** Customers whose rows were recomputed (every customer in a full build). */
  readonly recomputed: number;
}

/**
 * Brings `customer_preferences` up to `asOf` for every customer of `customer_360` (see docs/recommendations.md).
 * Incremental unless `full`: only the customers the customer_360 builds since the last one recomputed (they gained or
 * lost records, or had events in the as-of window) are recomputed from their own records, which are found through
 * their identifier values; every other row keeps its values and only its `as_of` moves on, because nothing else in a
 * row depends on the date. A first build, an earlier as-of, new settings or a changed catalogue (categories) recompute
 * everyone (`customer-changes.ts`). The result equals a full build. Needs the identities and customer_360 steps;
 * reads `products` when there is one (categories), else every category is unknown.
 * @throws Error when minEvents is not a whole number of at least 1.
 */
export async function buildCustomerPreferences(
  wh: Warehouse,
  params: { asOf: string; registry?: ChannelRegistry; full?: boolean } & Partial<PreferenceSettings>,
): Promise<PreferenceCounts> {
  const { asOf, registry = channels, full: fullAsked, ...rest } = params;
  const s = { ...preferenceDefaults, ...rest };
  if (!Number.isInteger(s.minEvents) || s.minEvents < 1) throw new Error(`customer preferences: minEvents is ${s.minEvents}, expected a whole number of at least 1`);
  const engaging = Object.values(registry).filter((c) => engagement[c.name] !== null);
  const linking = Object.values(registry).filter(linksRecords);
  // A record of a channel with one identifier (email events) is that identifier's customer's: its rows join the raw
  // values (pref_raws) directly, not customer_records by record id (at 1M, two joins of 30M event ids cost a full build
  // 39 s). Records that can link go through pref_records, which then holds only theirs.
  const branches = engaging.map((c, i) => {
    const filter = engagement[c.name];
    const owner = linksRecords(c)
      ? `JOIN pref_records cr ON cr.channel = ${literal(c.name)} AND cr.record_id = ${rowValue(c, c.recordId)}::VARCHAR`
      : `JOIN pref_raws cr ON cr.kind = ${literal(c.identifiers[0]!.kind)} AND cr.raw = ${rowValue(c, c.identifiers[0]!.value)}::VARCHAR`;
    return `SELECT cr.customer_id, ${literal(c.name)} AS channel, ${i} AS channel_order, count(DISTINCT ${rowValue(c, c.recordId)}) AS events
      FROM ${ident(c.table)} t ${owner}
      WHERE t.${ident(c.timeField)} < ${literal(asOf)}::DATE${filter ? ` AND ${filter}` : ''} GROUP BY cr.customer_id`;
  });
  const has = async (table: string) => (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [table])).length > 0;
  const [products, contacts] = [await has('products'), await has('contacts')];
  await wh.run(`
    CREATE OR REPLACE TEMP VIEW pref_contacts AS ${contacts ? 'SELECT contact_id, country, updated_at FROM contacts'
      : 'SELECT NULL::VARCHAR AS contact_id, NULL::VARCHAR AS country, NULL::TIMESTAMP AS updated_at WHERE false'};
    CREATE OR REPLACE TEMP VIEW pref_country_zones AS ${countryZonesSql()};
    CREATE OR REPLACE TEMP VIEW pref_calling_codes AS ${callingCodesSql()};
    ${localTimeMacroSql('pref_local_time', s.timezone)};
    CREATE OR REPLACE TEMP VIEW pref_products AS ${products ? 'SELECT sku, category FROM products' : 'SELECT NULL::VARCHAR AS sku, NULL::VARCHAR AS category WHERE false'};`);
  // Anything besides a customer's own records that a row depends on: a change rebuilds every row.
  const [{ catalogue } = { catalogue: '' }] = await wh.all<{ catalogue: string }>(
    `SELECT count(*) || ':' || coalesce(sum(hash(sku, category)), 0) AS catalogue FROM pref_products WHERE category IS NOT NULL`);
  const definition = definitionHash([await readFile(model, 'utf8'), countryZonesSql(), callingCodesSql(), engaging.map((c) => c.name), s.timezone, s.minEvents, catalogue]);
  const plan = await planCustomerModel(wh, 'customer_preferences', { asOf, definition, full: fullAsked });
  if (plan.full) {
    // The owners a full customer_360 build kept (plan.owners) are customer_records' for the linking channels.
    await wh.run(`CREATE OR REPLACE TEMP VIEW pref_customers AS SELECT customer_id FROM customer_360;
      CREATE OR REPLACE TEMP VIEW pref_raws AS SELECT v.kind, v.raw, i.customer_id FROM identity_values v JOIN identities i ON i.identity = v.identity;
      CREATE OR REPLACE TEMP VIEW pref_records AS SELECT channel, record_id, customer_id FROM ${plan.owners ? `(${plan.owners.records})` : 'customer_records'}
      WHERE channel IN (${linking.map((c) => literal(c.name)).join(', ') || 'NULL'});`);
  } else {
    await wh.run(`CREATE OR REPLACE TEMP TABLE pref_customers AS SELECT customer_id FROM customer_360 SEMI JOIN customer_preferences_changed USING (customer_id);
      CREATE OR REPLACE TEMP TABLE pref_raws AS SELECT v.kind, v.raw, i.customer_id FROM identity_values v JOIN identities i ON i.identity = v.identity
      WHERE i.customer_id IN (SELECT customer_id FROM pref_customers);`);
    // The changed customers are the latest customer_360 build's when plan.owners is given: its owners are theirs.
    const matched = plan.owners ? [] : (await wh.all<{ name: string }>(matchedChannelsSql('pref_raws'))).map((r) => r.name);
    await wh.run(scopedCustomerRecordsSql(linking, matched, 'pref_raws', 'pref_records', plan.owners ? { records: plan.owners.records, otherRaws: null } : undefined));
  }
  await wh.run(`CREATE OR REPLACE TEMP VIEW pref_engagement AS ${branches.join('\nUNION ALL\n')};`);
  const put = plan.full ? 'CREATE OR REPLACE TABLE customer_preferences AS SELECT * FROM pref_out ORDER BY customer_id;'
    : `DELETE FROM customer_preferences WHERE customer_id IN (SELECT customer_id FROM customer_preferences_changed);
       INSERT INTO customer_preferences SELECT * FROM pref_out;
       UPDATE customer_preferences SET as_of = ${literal(asOf)}::DATE WHERE as_of <> ${literal(asOf)}::DATE;`;
  await runSqlModel(wh, model, { as_of: asOf, timezone: s.timezone, min_events: s.minEvents }, put + saveCustomerModelSql('customer_preferences', plan, asOf, definition));
  const [r = { customers: 0, withSendTime: 0, withCategory: 0, recomputed: 0 }] = await wh.all<{ customers: number; withSendTime: number; withCategory: number; recomputed: number }>(
    `SELECT count(*)::DOUBLE AS customers, count(best_send_hour)::DOUBLE AS "withSendTime", count(top_category)::DOUBLE AS "withCategory",
            (SELECT count(*) FROM pref_out)::DOUBLE AS recomputed FROM customer_preferences`);
  const kind = plan.full ? 'VIEW' : 'TABLE';
  await wh.run(`DROP ${kind} pref_customers; DROP ${kind} pref_records; DROP ${kind} pref_raws; DROP TABLE pref_out; DROP MACRO pref_local_time;`);
  return { ...r, full: plan.full, reason: plan.reason, recomputed: r.recomputed };
}
