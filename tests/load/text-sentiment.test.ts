// The loader's sentiment column: scored for new and replaced rows only, NULL without text, and the same incrementally as in one go.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { scoreSentiment } from '../../load/sentiment-score.js';
import { fillSentiment } from '../../load/text-sentiment.js';
import { emailChannel, supportChannel, socialChannel, type Channel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const header = 'message_id,conversation_id,medium,direction,email,phone,handle,agent,text,status_after,occurred_at';
const day1 = [
  header,
  'm1,c1,email,inbound,ann@example.com,,,,The zip broke after two weeks,open,2026-06-01T09:00:00Z',
  'm2,c1,email,outbound,,,,eva,Sorry about that: a replacement is on its way.,solved,2026-06-01T10:00:00Z', // the business: not scored
  'm3,c2,chat,inbound,bob@example.com,,,,,open,2026-06-02T09:00:00Z', // no text
  'm4,c3,chat,inbound,cy@example.com,,,,   ,open,2026-06-02T09:00:00Z', // only white space
].join('\n');
const day2 = [
  header,
  'm5,c4,email,inbound,dee@example.com,,,,Great service,open,2026-06-03T09:00:00Z',
  'm1,c1,email,inbound,ann@example.com,,,,Thanks: great service after all,open,2026-06-01T09:00:00Z', // m1 corrected
].join('\n');

async function load(file: string, channel: Channel, body: string, run: string) {
  await t.files({ [file]: body });
  const src = fileSource(channel.name, channel, FileSourceConfig.parse({ connector: 'file', channel: channel.name, path: file }), t.dir);
  await extractAndLoad(t.warehouse, src, run);
}
const column = () => t.warehouse.all<{ message_id: string; sentiment: number | null }>('SELECT message_id, sentiment FROM support_messages ORDER BY message_id');

describe('fillSentiment', () => {
  it("scores the customer's own messages with text, leaves the rest NULL, and scores nothing twice", async () => {
    await load('day1.csv', supportChannel, day1, 'run-1');
    expect(await fillSentiment(t.warehouse, supportChannel)).toEqual({ scored: 1 });
    expect(await column()).toEqual([
      { message_id: 'm1', sentiment: scoreSentiment('The zip broke after two weeks') },
      { message_id: 'm2', sentiment: null }, { message_id: 'm3', sentiment: null }, { message_id: 'm4', sentiment: null },
    ]);
    expect((await column())[0]!.sentiment).toBeLessThan(0);
    expect(await fillSentiment(t.warehouse, supportChannel)).toEqual({ scored: 0 });
  });

  it('scores a replaced row again from its new text, and ends as scoring everything in one go would', async () => {
    await load('day1.csv', supportChannel, day1, 'run-1');
    await fillSentiment(t.warehouse, supportChannel);
    await load('day2.csv', supportChannel, day2, 'run-2');
    expect(await fillSentiment(t.warehouse, supportChannel)).toEqual({ scored: 2 }); // m5 new, m1 replaced
    const incremental = await column();
    expect(incremental.find((r) => r.message_id === 'm1')!.sentiment).toBeGreaterThan(0);

    await t.warehouse.run('UPDATE support_messages SET sentiment = NULL'); // a full rebuild: score every row again
    expect(await fillSentiment(t.warehouse, supportChannel)).toEqual({ scored: 2 });
    expect(await column()).toEqual(incremental);
  });

  it('scores in chunks of 100,000 rows on worker threads until none is left, and social texts too', async () => {
    const lines = Array.from({ length: 100_001 }, (_, i) => `i${i},instagram,@p${i % 50},comment,,,${i % 2 ? 'love it' : 'hate it'},2026-06-01T09:00:00Z`);
    await load('social.csv', socialChannel, ['interaction_id,platform,handle,kind,profile_email,profile_phone,text,occurred_at', ...lines].join('\n'), 'run-1');
    expect(await fillSentiment(t.warehouse, socialChannel)).toEqual({ scored: 100_001 });
    const [r] = await t.warehouse.all<{ pos: number; neg: number; unscored: number }>(`SELECT count(*) FILTER (WHERE sentiment > 0) AS pos,
      count(*) FILTER (WHERE sentiment < 0) AS neg, count(*) FILTER (WHERE sentiment IS NULL) AS unscored FROM social_interactions`);
    expect(r).toEqual({ pos: 50_000, neg: 50_001, unscored: 0 });
  });

  it('leaves a channel without free text alone', async () => {
    expect(await fillSentiment(t.warehouse, emailChannel)).toEqual({ scored: 0 });
  });

  it('adds the column to a table loaded before it existed', async () => {
    await load('day1.csv', supportChannel, day1, 'run-1');
    await t.warehouse.run('ALTER TABLE support_messages DROP COLUMN sentiment');
    expect(await fillSentiment(t.warehouse, supportChannel)).toEqual({ scored: 1 });
  });
});
