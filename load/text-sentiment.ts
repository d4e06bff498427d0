// Fills the `sentiment` column of a channel table for the rows loaded since it was last filled (new or replaced rows).
import type { Channel } from '../sources/contracts/index.js';
import { sentimentColumn } from '../sources/contracts/contract-sql.js';
import { ident, type Warehouse } from '../warehouse/warehouse.js';
import { scoreSentiment } from './sentiment-score.js';

/** Rows scored per round trip: a chunk's texts are held in memory once, whatever the table's size. */
const chunkRows = 20_000;

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
  try {
    for (;;) {
      const done = await wh.transaction(async () => {
        // rowid is stable inside the transaction, and cheaper to join on than a composite natural key.
        const rows = await wh.all<{ r: bigint | number; t: string }>(`SELECT rowid AS r, ${text} AS t FROM ${table} WHERE ${pending} LIMIT ${chunkRows}`);
        if (rows.length === 0) return true;
        await wh.run(`CREATE OR REPLACE TEMP TABLE ${scores} (r BIGINT, s DOUBLE)`);
        await wh.appendRows(`_sentiment_${channel.table}`, rows.map((x) => [Number(x.r), scoreSentiment(x.t) ?? 0]), { temp: true });
        await wh.run(`UPDATE ${table} SET ${ident(sentimentColumn)} = s.s FROM ${scores} s WHERE ${table}.rowid = s.r`);
        scored += rows.length;
        return rows.length < chunkRows;
      });
      if (done) break;
    }
  } catch (cause) {
    throw new Error(`load ${channel.table}: scoring sentiment failed after ${scored} rows (those are kept; the next run scores the rest)`, { cause });
  } finally {
    await wh.run(`DROP TABLE IF EXISTS ${scores}`);
  }
  return { scored };
}
