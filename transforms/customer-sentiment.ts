// Builds `customer_sentiment`: each customer's latest sentiment and its trend, from the scored texts of every channel.
import { channels, type Channel, type ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { channelTablesSql, linksRecords, matchedChannelsSql, rowValue, scopedCustomerRecordsSql, scopedRecordIdentifiersSql } from './channel-records.js';
import { definitionHash, planCustomerModel, saveCustomerModelSql } from './customer-changes.js';

/** Days of each trend window: the recent mean covers the 90 days before as_of, the previous mean the 90 before. */
export const sentimentTrendDays = 90;

/** The table built from `records` (channel, record_id, customer_id: whose each record is), as of the SQL DATE `asOf`. */
function sentimentSql(scored: readonly Channel[], records: string, asOf: string): string {
  const texts = scored.map((c, rank) => `SELECT ${literal(c.name)} AS channel, ${rank} AS channel_rank, ${rowValue(c, c.recordId)}::VARCHAR AS record_id,
      ${ident(c.timeField)} AS at, sentiment FROM ${ident(c.table)} WHERE sentiment IS NOT NULL AND ${ident(c.timeField)} < ${asOf}`);
  const recent = `t.at >= ${asOf} - INTERVAL ${sentimentTrendDays} DAY`;
  const previous = `t.at >= ${asOf} - INTERVAL ${2 * sentimentTrendDays} DAY AND t.at < ${asOf} - INTERVAL ${sentimentTrendDays} DAY`;
  return `
    WITH t AS (${texts.length ? texts.join('\nUNION ALL ') : 'SELECT NULL::VARCHAR AS channel, 0 AS channel_rank, NULL::VARCHAR AS record_id, NULL::TIMESTAMP AS at, NULL::DOUBLE AS sentiment WHERE false'}),
    m AS (
      SELECT r.customer_id, count(*) AS n, avg(t.sentiment) AS mean_sentiment,
             arg_max(t.sentiment, (t.at, -t.channel_rank, t.sentiment)) AS latest_sentiment, max(t.at) AS latest_at,
             arg_max(t.channel, (t.at, -t.channel_rank, t.sentiment)) AS latest_channel,
             avg(t.sentiment) FILTER (WHERE ${recent}) AS recent_mean, avg(t.sentiment) FILTER (WHERE ${previous}) AS previous_mean
      FROM t JOIN ${records} r ON r.channel = t.channel AND r.record_id = t.record_id
      GROUP BY r.customer_id)
    SELECT customer_id, n::BIGINT AS scored_texts, mean_sentiment::DOUBLE AS mean_sentiment, latest_sentiment::DOUBLE AS latest_sentiment,
           latest_at, latest_channel, recent_mean::DOUBLE AS recent_mean, previous_mean::DOUBLE AS previous_mean,
           (recent_mean - previous_mean)::DOUBLE AS trend, ${asOf} AS as_of
    FROM m`;
}

/**
 * Brings `customer_sentiment` up to `asOf` from the `sentiment` column of the channels with free text (the loader
 * scores it) and `customer_records` (whose customer each record is): texts before `asOf` only, no text scored here.
 * Incremental unless `full`: recomputed are the customers customer_360 recomputed since the last build (new or
 * moved texts, texts that now count) and those with a text that crossed a trend window's edge as the date moved on
 * (from the recent 90 days into the 90 before, or out of those); everyone else keeps their row, only `as_of` moves.
 * A first build or an earlier as-of rebuilds every row (`customer-changes.ts`). The result equals a full build.
 * @throws Error naming the model when DuckDB fails; the previous table is kept.
 * @example await buildCustomerSentiment(wh, { asOf: '2026-11-01' });
 */
export async function buildCustomerSentiment(
  wh: Warehouse, params: { asOf: string; channels?: ChannelRegistry; full?: boolean },
): Promise<{ customers: number; full: boolean; reason: string; recomputed: number }> {
  const registry = params.channels ?? channels;
  const scored = Object.values(registry).filter((c) => c.sentiment);
  const asOf = `${literal(params.asOf)}::DATE`;
  const definition = definitionHash([sentimentSql(scored, 'records', 'as_of')]);
  try {
    await wh.run(channelTablesSql(registry));
    const plan = await planCustomerModel(wh, 'customer_sentiment', { asOf: params.asOf, definition, full: params.full });
    if (plan.full) {
      // A constant filter on channel lets DuckDB drop the other channels' branches of the view (email events above
      // all, which carry no text), instead of attributing every record and joining on channel afterwards.
      // The owners a full customer_360 build kept (plan.owners) are customer_records' for the linking channels.
      const among = (list: readonly Channel[]) => list.length ? list.map((c) => literal(c.name)).join(', ') : 'NULL';
      const records = plan.owners
        ? `(SELECT channel, record_id, customer_id FROM (${plan.owners.records}) WHERE channel IN (${among(scored.filter(linksRecords))})
           UNION ALL SELECT channel, record_id, customer_id FROM customer_records WHERE channel IN (${among(scored.filter((c) => !linksRecords(c)))}))`
        : `(SELECT * FROM customer_records WHERE channel IN (${among(scored)}))`;
      await wh.run(`CREATE OR REPLACE TEMP TABLE sentiment_out AS ${sentimentSql(scored, records, asOf)}`);
    } else {
      // Texts that crossed an edge of a trend window between the last as-of and this one: their customers' means moved.
      const before = `${literal(plan.previousAsOf!)}::DATE`;
      const crossed = (c: Channel) => [1, 2].map((k) =>
        `(${ident(c.timeField)} >= ${before} - INTERVAL ${k * sentimentTrendDays} DAY AND ${ident(c.timeField)} < ${asOf} - INTERVAL ${k * sentimentTrendDays} DAY)`).join(' OR ');
      await wh.run(`
        -- The crossing texts' raw values as a table first, so the planner hashes them, not identity_values (as customer_360's window).
        CREATE OR REPLACE TEMP TABLE sentiment_crossed_raws AS
        SELECT DISTINCT kind, raw FROM (${scopedRecordIdentifiersSql(scored, (c) => `(SELECT * FROM ${ident(c.table)} WHERE sentiment IS NOT NULL AND (${crossed(c)}))`)});
        INSERT INTO customer_sentiment_changed
        SELECT i.customer_id FROM sentiment_crossed_raws r
        JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw JOIN identities i ON i.identity = v.identity;
        DROP TABLE sentiment_crossed_raws;
        CREATE OR REPLACE TEMP TABLE sentiment_raws AS SELECT v.kind, v.raw, i.customer_id FROM identity_values v JOIN identities i ON i.identity = v.identity
        WHERE i.customer_id IN (SELECT customer_id FROM customer_sentiment_changed);`);
      // The latest customer_360 build's customers have their records' owners kept (plan.owners): only the others'
      // (those with a text that crossed a window's edge) are looked for.
      if (plan.owners) {
        await wh.run(`CREATE OR REPLACE TEMP TABLE sentiment_other_raws AS
          SELECT * FROM sentiment_raws WHERE customer_id NOT IN (${plan.owners.customers});`);
      }
      const matched = (await wh.all<{ name: string }>(matchedChannelsSql(plan.owners ? 'sentiment_other_raws' : 'sentiment_raws'))).map((r) => r.name);
      await wh.run(`${scopedCustomerRecordsSql(scored, matched, 'sentiment_raws', 'sentiment_records',
        plan.owners ? { records: plan.owners.records, otherRaws: 'sentiment_other_raws' } : undefined)}
        CREATE OR REPLACE TEMP TABLE sentiment_out AS ${sentimentSql(scored, 'sentiment_records', asOf)};
        DROP TABLE sentiment_raws; DROP TABLE sentiment_records; DROP TABLE IF EXISTS sentiment_other_raws;`);
    }
    await wh.transaction(async () => {
      await wh.run(`${plan.full ? 'CREATE OR REPLACE TABLE customer_sentiment AS SELECT * FROM sentiment_out ORDER BY customer_id;'
        : `DELETE FROM customer_sentiment WHERE customer_id IN (SELECT customer_id FROM customer_sentiment_changed);
           INSERT INTO customer_sentiment SELECT * FROM sentiment_out;
           UPDATE customer_sentiment SET as_of = ${asOf} WHERE as_of <> ${asOf};`}
        ${saveCustomerModelSql('customer_sentiment', plan, params.asOf, definition)}`);
    });
    const [row = { customers: 0, recomputed: 0 }] = await wh.all<{ customers: number; recomputed: number }>(
      'SELECT (SELECT count(*) FROM customer_sentiment)::INTEGER AS customers, (SELECT count(*) FROM sentiment_out)::INTEGER AS recomputed');
    await wh.run('DROP TABLE sentiment_out');
    return { customers: row.customers, full: plan.full, reason: plan.reason, recomputed: row.recomputed };
  } catch (cause) {
    throw new Error(`transform customer_sentiment failed: ${(cause as Error).message}`, { cause });
  }
}
