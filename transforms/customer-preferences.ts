// Builds `customer_preferences`: each customer's preferred channel, best time to send, top categories, basket and rhythm.
import { channels, type ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { rowValue } from './channel-records.js';
import { callingCodesSql, countryZonesSql } from './customer-time-zones.js';
import { defaultMinSendEvents } from './personalisation-config.js';
import { runSqlModel } from './sql-model.js';

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

/**
 * Rebuilds `customer_preferences` as of `asOf` for every customer of `customer_360` (a full rebuild: one pass over
 * the customer's orders, opens and clicks; see docs/recommendations.md). Needs the identities and customer_360 steps;
 * reads `products` when there is one (categories), else every category is unknown.
 * @throws Error when minEvents is not a whole number of at least 1.
 */
export async function buildCustomerPreferences(
  wh: Warehouse,
  params: { asOf: string; registry?: ChannelRegistry } & Partial<PreferenceSettings>,
): Promise<{ customers: number; withSendTime: number; withCategory: number }> {
  const { asOf, registry = channels, ...rest } = params;
  const s = { ...preferenceDefaults, ...rest };
  if (!Number.isInteger(s.minEvents) || s.minEvents < 1) throw new Error(`customer preferences: minEvents is ${s.minEvents}, expected a whole number of at least 1`);
  const engaging = Object.values(registry).filter((c) => engagement[c.name] !== null);
  const branches = engaging.map((c, i) => {
    const filter = engagement[c.name];
    return `SELECT cr.customer_id, ${literal(c.name)} AS channel, ${i} AS channel_order, count(DISTINCT cr.record_id) AS events
      FROM ${ident(c.table)} t JOIN customer_records cr ON cr.channel = ${literal(c.name)} AND cr.record_id = ${rowValue(c, c.recordId)}::VARCHAR
      WHERE t.${ident(c.timeField)} < ${literal(asOf)}::DATE${filter ? ` AND ${filter}` : ''} GROUP BY cr.customer_id`;
  });
  const has = async (table: string) => (await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND NOT temporary`, [table])).length > 0;
  const [products, contacts] = [await has('products'), await has('contacts')];
  await wh.run(`
    CREATE OR REPLACE TEMP VIEW pref_contacts AS ${contacts ? 'SELECT contact_id, country, updated_at FROM contacts'
      : 'SELECT NULL::VARCHAR AS contact_id, NULL::VARCHAR AS country, NULL::TIMESTAMP AS updated_at WHERE false'};
    CREATE OR REPLACE TEMP VIEW pref_country_zones AS ${countryZonesSql()};
    CREATE OR REPLACE TEMP VIEW pref_calling_codes AS ${callingCodesSql()};
    CREATE OR REPLACE TEMP VIEW pref_engagement AS ${branches.join('\nUNION ALL\n')};
    CREATE OR REPLACE TEMP VIEW pref_products AS ${products ? 'SELECT sku, category FROM products' : 'SELECT NULL::VARCHAR AS sku, NULL::VARCHAR AS category WHERE false'};`);
  await runSqlModel(wh, new URL('./customer-preferences.sql', import.meta.url), { as_of: asOf, timezone: s.timezone, min_events: s.minEvents },
    'CREATE OR REPLACE TABLE customer_preferences AS SELECT * FROM pref_out ORDER BY customer_id;');
  const [r = { customers: 0, withSendTime: 0, withCategory: 0 }] = await wh.all<{ customers: number; withSendTime: number; withCategory: number }>(
    `SELECT count(*) AS customers, count(best_send_hour) AS "withSendTime", count(top_category) AS "withCategory" FROM customer_preferences`);
  return r;
}
