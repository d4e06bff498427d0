// Fills the `sentiment` column of a channel table for the rows loaded since it was last filled (new or replaced rows).
import type { Channel } from '../sources/contracts/index.js';
import { sentimentColumn } from '../sources/contracts/contract-sql.js';
import { ident, type Warehouse } from '../warehouse/warehouse.js';
import { sentimentScorer, type SentimentScorer } from './sentiment-pool.js';

/** Rows scored per round trip: a chunk's texts are held in memory once, whatever the table's size. */
const chunkRows = 100_000;
/** Below this many texts one thread scores them all: starting worker threads costs about a second (a daily run's few thousand texts). */
const parallelFrom = 50_000;

/**
 * Scores the channel's free text ({@link Channel.sentiment}) into its table's `sentiment` column, for rows whose
 * text is present (and that `when` selects) and whose sentiment is still NULL. The merge writes a new or replaced
 * row without a sentiment and every scored text gets a number, so exactly the rows loaded since the last call are
 * scored: an incremental run ends with the same column as scoring everything again. Each chunk commits on its own;
 * a run that stops halfway leaves the rest NULL for the next call. Channels without free text are left alone.
 * @throws Error naming the channel table when DuckDB fails; chunks committed before stay.
 * @example await fillSentiment(wh, supportChannel) // { scored: 1204 }
 */
export async function fillSentiment(wh: Warehouse, channel: Channel): Promise<{ scored: number }> {
  const declared = channel.sentiment;
  if (!declared) return { scored: 0 };
  const table = ident(channel.table);
  const text = ident(declared.text);
  const pending = `${ident(sentimentColumn)} IS NULL AND trim(${text}) <> ''${declared.when ? ` AND (${declared.when})` : ''}`;
  await wh.run(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${ident(sentimentColumn)} DOUBLE`); // a table from before the column
  const scores = ident(`_sentiment_${channel.table}`);
  let scored = 0;
  let scorer: SentimentScorer | undefined;
  try {
    // Chunks are rowid ranges: a range filter skips every other row group, where `... LIMIT n` scanned the table from
    // its start again for each chunk and the UPDATE joined the whole table (at 1M, 128 chunks of 4M-row scans).
    const [{ top, count } = { top: -1, count: 0 }] = await wh.all<{ top: number; count: number }>(
      `SELECT coalesce(max(rowid), -1)::DOUBLE AS top, count(*)::DOUBLE AS count FROM ${table} WHERE ${pending}`);
    scorer = sentimentScorer(count >= parallelFrom ? undefined : 1);
    for (let from = 0; from <= top; from += chunkRows) {
      const range = (t = '') => `${t}rowid >= ${from} AND ${t}rowid < ${from + chunkRows}`;
      await wh.transaction(async () => {
        // rowid is stable inside the transaction, and cheaper to join on than a composite natural key.
        const rows = await wh.all<{ r: bigint | number; t: string }>(`SELECT rowid AS r, ${text} AS t FROM ${table} WHERE ${range()} AND ${pending}`);
        if (rows.length === 0) return;
        await wh.run(`CREATE OR REPLACE TEMP TABLE ${scores} (r BIGINT, s DOUBLE)`);
        const got = await scorer!.score(rows.map((x) => x.t));
        await wh.appendRows(`_sentiment_${channel.table}`, rows.map((x, i) => [Number(x.r), got[i] ?? 0]), { temp: true });
        await wh.run(`UPDATE ${table} SET ${ident(sentimentColumn)} = s.s FROM ${scores} s WHERE ${range(`${table}.`)} AND ${table}.rowid = s.r`);
        scored += rows.length;
      });
    }
  } catch (cause) {
    throw new Error(`load ${channel.table}: scoring sentiment failed after ${scored} rows (those are kept; the next run scores the rest)`, { cause });
  } finally {
    await scorer?.close();
    await wh.run(`DROP TABLE IF EXISTS ${scores}`);
  }
  return { scored };
}
