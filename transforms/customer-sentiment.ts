// Builds `customer_sentiment`: each customer's latest sentiment and its trend, from the scored texts of every channel.
import { channels, type ChannelRegistry } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { channelTablesSql, rowValue } from './channel-records.js';

/** Days of each trend window: the recent mean covers the 90 days before as_of, the previous mean the 90 before. */
export const sentimentTrendDays = 90;

/**
 * Rebuilds `customer_sentiment` from the `sentiment` column of the channels with free text (the loader scores it)
 * and `customer_records` (whose customer each record is): texts before `asOf` only. Rebuilt whole each run from
 * stored scores (no text is scored here), so an incremental run equals a full one.
 * @throws Error naming the model when DuckDB fails; the previous table is kept.
 * @example await buildCustomerSentiment(wh, { asOf: '2026-11-01' });
 */
export async function buildCustomerSentiment(wh: Warehouse, params: { asOf: string; channels?: ChannelRegistry }): Promise<{ customers: number }> {
  const scored = Object.values(params.channels ?? channels).filter((c) => c.sentiment);
  const asOf = `${literal(params.asOf)}::DATE`;
  const texts = scored.map((c, rank) => `SELECT ${literal(c.name)} AS channel, ${rank} AS channel_rank, ${rowValue(c, c.recordId)}::VARCHAR AS record_id,
      ${ident(c.timeField)} AS at, sentiment FROM ${ident(c.table)} WHERE sentiment IS NOT NULL AND ${ident(c.timeField)} < ${asOf}`);
  const recent = `t.at >= ${asOf} - INTERVAL ${sentimentTrendDays} DAY`;
  const previous = `t.at >= ${asOf} - INTERVAL ${2 * sentimentTrendDays} DAY AND t.at < ${asOf} - INTERVAL ${sentimentTrendDays} DAY`;
  try {
    await wh.transaction(async () => {
      await wh.run(channelTablesSql(params.channels ?? channels));
      await wh.run(`CREATE OR REPLACE TABLE customer_sentiment AS
        WITH t AS (${texts.length ? texts.join('\nUNION ALL ') : 'SELECT NULL::VARCHAR AS channel, 0 AS channel_rank, NULL::VARCHAR AS record_id, NULL::TIMESTAMP AS at, NULL::DOUBLE AS sentiment WHERE false'}),
        m AS (
          SELECT r.customer_id, count(*) AS n, avg(t.sentiment) AS mean_sentiment,
                 arg_max(t.sentiment, (t.at, -t.channel_rank, t.sentiment)) AS latest_sentiment, max(t.at) AS latest_at,
                 arg_max(t.channel, (t.at, -t.channel_rank, t.sentiment)) AS latest_channel,
                 avg(t.sentiment) FILTER (WHERE ${recent}) AS recent_mean, avg(t.sentiment) FILTER (WHERE ${previous}) AS previous_mean
          FROM t JOIN customer_records r ON r.channel = t.channel AND r.record_id = t.record_id
          GROUP BY r.customer_id)
        SELECT customer_id, n::BIGINT AS scored_texts, mean_sentiment::DOUBLE AS mean_sentiment, latest_sentiment::DOUBLE AS latest_sentiment,
               latest_at, latest_channel, recent_mean::DOUBLE AS recent_mean, previous_mean::DOUBLE AS previous_mean,
               (recent_mean - previous_mean)::DOUBLE AS trend, ${asOf} AS as_of
        FROM m ORDER BY customer_id`);
    });
  } catch (cause) {
    throw new Error(`transform customer_sentiment failed: ${(cause as Error).message}`, { cause });
  }
  const [row = { customers: 0 }] = await wh.all<{ customers: number }>('SELECT count(*)::INTEGER AS customers FROM customer_sentiment');
  return row;
}
