import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { seedOrders, refOf, type OrderFixture } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Hand-computed below, as of 2026-07-01 (UTC days).
const orders: OrderFixture[] = [
  ['a1', 'A', 100, '2026-01-10T10:00:00Z'],
  ['a2', 'A', 50, '2026-03-01T10:00:00Z'],
  ['a3', 'A', 70, '2026-06-29T23:30:00-05:00'],   // 2026-06-30 04:30 UTC: the UTC day is June 30
  ['a4', 'A', 999, '2026-06-30T23:30:00-05:00'],  // 2026-07-01 04:30 UTC: on the as-of day, so ignored
  ['b1', 'B', 200, '2026-02-01T10:00:00Z'],
  ['b1-ret', 'B', -200, '2026-02-10T10:00:00Z', 'refunded'], // the return arrives as its own negative order
  ['c1', 'C', 80, '2026-05-01T10:00:00Z'],
  ['d1', 'D', 30, '2026-04-01T10:00:00Z'],
  ['d2', 'D', 30, '2026-06-01T10:00:00Z'],
  ['e1', 'E', 500, '2026-06-15T10:00:00Z', 'cancelled'],  // E's only order was cancelled: no RFM row
  ['f1', 'F', 40, '2026-03-15T10:00:00Z'],
  ['f2', 'F', 60, '2026-06-01T10:00:00Z', 'completed', 1],
  ['f2', 'F', 20, '2026-06-01T10:00:00Z', 'cancelled', 2],   // a cancelled line counts zero
  ['f2', 'F', -10, '2026-06-01T10:00:00Z', 'refunded', 3],   // a refund line reduces the order: f2 = 50
  ['g1', 'G', 80, '2026-05-01T10:00:00Z'],
  ['x1', null, 300, '2026-06-01T10:00:00Z'],                 // no identifier: no customer, no RFM row
];

type Row = { ref: string; recency_days: number; frequency: number; monetary: number; r_score: number; f_score: number; m_score: number; segment: string };
async function rfmRows(): Promise<Row[]> {
  return t.warehouse.all<Row>(
    `SELECT ${refOf('rfm_segments.customer_id')} AS ref, recency_days, frequency, monetary::DOUBLE AS monetary, r_score, f_score, m_score, segment
     FROM rfm_segments ORDER BY ref`);
}

describe('rfm_segments', () => {
  it('computes recency, frequency and monetary with refunds, cancellations, ties and UTC days as documented', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    const r = await buildRfmSegments(t.warehouse, { asOf: '2026-07-01' });
    expect(r.customers).toBe(6);
    // n = 6, so score = min(5, rank) with rank = 1 + number of strictly worse customers.
    // Recency desc: B 150 (1), C/G 61 (2), D/F 30 (4), A 1 (6). Frequency: B/C/G 1 (1), D/F 2 (4), A 3 (6).
    // Monetary: B 0 (1), D 60 (2), C/G 80 (3), F 90 (5), A 220 (6). FM = (F + M + 1) // 2.
    expect(await rfmRows()).toEqual([
      { ref: 'A', recency_days: 1, frequency: 3, monetary: 220, r_score: 5, f_score: 5, m_score: 5, segment: 'Champions' },
      { ref: 'B', recency_days: 150, frequency: 1, monetary: 0, r_score: 1, f_score: 1, m_score: 1, segment: 'Lost' },
      { ref: 'C', recency_days: 61, frequency: 1, monetary: 80, r_score: 2, f_score: 1, m_score: 3, segment: 'About To Sleep' },
      { ref: 'D', recency_days: 30, frequency: 2, monetary: 60, r_score: 4, f_score: 4, m_score: 2, segment: 'Loyal Customers' },
      { ref: 'F', recency_days: 30, frequency: 2, monetary: 90, r_score: 4, f_score: 4, m_score: 5, segment: 'Champions' },
      { ref: 'G', recency_days: 61, frequency: 1, monetary: 80, r_score: 2, f_score: 1, m_score: 3, segment: 'About To Sleep' },
    ]);
  });

  it('bounds only monetary by the window; recency and frequency keep all history', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    await buildRfmSegments(t.warehouse, { asOf: '2026-07-01', windowDays: 90 }); // window: 2026-04-02 .. 2026-06-30
    const rows = await rfmRows();
    expect(rows.map((x) => [x.ref, x.frequency, x.monetary])).toEqual([
      ['A', 3, 70], ['B', 1, 0], ['C', 1, 80], ['D', 2, 30], ['F', 2, 50], ['G', 1, 80],
    ]);
  });

  it('sees only history before an as-of date in the middle of the data', async () => {
    await seedOrders(t.warehouse, orders, '2026-03-01');
    await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    // a2 is on the as-of day itself (ignored); B's return before it already nets B to 0.
    // n = 2: the better customer scores 5, the worse 1, ties 1. A: R1 F1 M5 (FM 3) -> At Risk; B: R5 F1 M1 -> New Customers.
    expect(await rfmRows()).toEqual([
      { ref: 'A', recency_days: 50, frequency: 1, monetary: 100, r_score: 1, f_score: 1, m_score: 5, segment: 'At Risk' },
      { ref: 'B', recency_days: 28, frequency: 1, monetary: 0, r_score: 5, f_score: 1, m_score: 1, segment: 'New Customers' },
    ]);
  });

  it('ignores orders on or after as_of even when order_values was built for a later date', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    expect((await rfmRows()).map((x) => [x.ref, x.frequency, x.monetary])).toEqual([['A', 1, 100], ['B', 1, 0]]);
  });

  it('splits five distinct values into the five scores and gives one customer 5 on every axis', async () => {
    await seedOrders(t.warehouse, [1, 2, 3, 4, 5].map((i): OrderFixture => [`o${i}`, `C${i}`, i * 10, `2026-01-0${i}T12:00:00Z`]), '2026-02-01');
    await buildRfmSegments(t.warehouse, { asOf: '2026-02-01' });
    expect((await rfmRows()).map((x) => [x.ref, x.r_score, x.m_score])).toEqual([['C1', 1, 1], ['C2', 2, 2], ['C3', 3, 3], ['C4', 4, 4], ['C5', 5, 5]]);
    await buildCustomer360(t.warehouse, { asOf: '2026-01-02' });
    await buildRfmSegments(t.warehouse, { asOf: '2026-01-02' });
    expect((await rfmRows()).map((x) => [x.ref, x.r_score, x.f_score, x.m_score, x.segment])).toEqual([['C1', 5, 5, 5, 'Champions']]);
  });

  it('names segments from a configured map', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    const loaded = parseConfig({
      sources: {},
      analytics: { segmentMap: [{ segment: 'Recent', r: [4, 5], fm: [1, 5] }, { segment: 'Earlier', r: [1, 3], fm: [1, 5] }] },
    }, '/tmp/rapport.config.ts');
    await buildRfmSegments(t.warehouse, { asOf: '2026-07-01', segmentMap: loaded.config.analytics.segmentMap });
    expect((await rfmRows()).map((x) => `${x.ref}:${x.segment}`)).toEqual(['A:Recent', 'B:Earlier', 'C:Earlier', 'D:Recent', 'F:Recent', 'G:Earlier']);
  });

  it('rejects a segment map that leaves a cell unnamed, naming the key', () => {
    expect(() => parseConfig({ sources: {}, analytics: { segmentMap: [{ segment: 'Recent', r: [4, 5], fm: [1, 5] }] } }, '/tmp/rapport.config.ts'))
      .toThrow(/analytics\.segmentMap: no rule covers R=1, FM=1/);
    expect(() => parseConfig({ sources: {}, analytics: { churnInactivityDays: 7 } }, '/tmp/rapport.config.ts'))
      .toThrow(/analytics\.churnInactivityDays: expected at least 31 days/);
  });
});
