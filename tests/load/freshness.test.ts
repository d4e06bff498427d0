// How old each source's newest data is, per source even when sources share a channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFreshness } from '../../load/freshness.js';
import { emailChannel, ordersChannel } from '../../sources/contracts/index.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const day = 86_400_000;

describe('checkFreshness', () => {
  it('measures the newest event time of the source against now and the allowed age', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, ordered_at: '2026-03-01T10:00:00Z' },
      { order_id: 'o2', line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, ordered_at: '2026-03-04T10:00:00+02:00' },
    ]);
    const now = new Date('2026-03-06T08:00:00Z');
    const [fresh, stale] = await Promise.all([
      checkFreshness(t.warehouse, [{ source: 'fixture', channel: ordersChannel, maxAgeMs: 2 * day }], now),
      checkFreshness(t.warehouse, [{ source: 'fixture', channel: ordersChannel, maxAgeMs: day }], now),
    ]);
    expect(fresh).toEqual([{ source: 'fixture', newest: new Date('2026-03-04T08:00:00Z'), ageMs: 2 * day, maxAgeMs: 2 * day, stale: false }]);
    expect(stale[0]!.stale).toBe(true);
  });

  it('reports a source with no rows, or no table yet, as stale with no age', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, ordered_at: '2026-03-01T10:00:00Z' },
    ]);
    const found = await checkFreshness(t.warehouse, [
      { source: 'other-shop', channel: ordersChannel, maxAgeMs: day },
      { source: 'newsletter', channel: emailChannel, maxAgeMs: day },
    ], new Date('2026-03-01T12:00:00Z'));
    expect(found.map((f) => [f.source, f.newest, f.ageMs, f.stale])).toEqual([['other-shop', null, null, true], ['newsletter', null, null, true]]);
  });
});
