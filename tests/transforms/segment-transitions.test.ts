import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { buildSegmentTransitions, segmentTransitionsBetween } from '../../transforms/segment-transitions.js';
import { seedOrders, refOf, type OrderFixture } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const orders: OrderFixture[] = [
  ['a1', 'A', 100, '2026-01-10T10:00:00Z'], ['a2', 'A', 50, '2026-03-01T10:00:00Z'], ['a3', 'A', 70, '2026-06-30T04:30:00Z'],
  ['b1', 'B', 200, '2026-02-01T10:00:00Z'], ['b1-ret', 'B', -200, '2026-02-10T10:00:00Z', 'refunded'],
  ['c1', 'C', 80, '2026-05-01T10:00:00Z'],
  ['d1', 'D', 30, '2026-04-01T10:00:00Z'], ['d2', 'D', 30, '2026-06-01T10:00:00Z'],
  ['f1', 'F', 40, '2026-03-15T10:00:00Z'], ['f2', 'F', 50, '2026-06-01T10:00:00Z'],
  ['g1', 'G', 80, '2026-05-01T10:00:00Z'],
];

// Segments, hand-computed as in rfm-segments.test.ts:
//   2026-03-01  A At Risk, B New Customers
//   2026-05-01  A At Risk, B Lost, D Potential Loyalists, F Loyal Customers
//   2026-07-01  A Champions, B Lost, C About To Sleep, D Loyal Customers, F Champions, G About To Sleep
async function snapshots() {
  await seedOrders(t.warehouse, orders, '2026-07-01');
  for (const asOf of ['2026-03-01', '2026-07-01', '2026-05-01']) await buildRfmSegments(t.warehouse, { asOf });
}

describe('segment_transitions', () => {
  it('compares a snapshot with the latest earlier one, per customer and as counts', async () => {
    await snapshots();
    const r = await buildSegmentTransitions(t.warehouse, { asOf: '2026-07-01' });
    expect(r).toEqual({ from: '2026-05-01', to: '2026-07-01', customers: 6, moved: 5 });
    expect(await t.warehouse.all(
      `SELECT strftime(from_as_of, '%Y-%m-%d') AS f, strftime(to_as_of, '%Y-%m-%d') AS t, from_segment, to_segment, customers FROM segment_transitions
       ORDER BY from_segment NULLS FIRST, to_segment NULLS FIRST`,
    )).toEqual([
      { f: '2026-05-01', t: '2026-07-01', from_segment: null, to_segment: 'About To Sleep', customers: 2 },
      { f: '2026-05-01', t: '2026-07-01', from_segment: 'At Risk', to_segment: 'Champions', customers: 1 },
      { f: '2026-05-01', t: '2026-07-01', from_segment: 'Lost', to_segment: 'Lost', customers: 1 },
      { f: '2026-05-01', t: '2026-07-01', from_segment: 'Loyal Customers', to_segment: 'Champions', customers: 1 },
      { f: '2026-05-01', t: '2026-07-01', from_segment: 'Potential Loyalists', to_segment: 'Loyal Customers', customers: 1 },
    ]);
    expect(await t.warehouse.all(
      `SELECT ${refOf('customer_segment_transitions.customer_id')} AS ref, from_segment, to_segment FROM customer_segment_transitions ORDER BY ref`,
    )).toEqual([
      { ref: 'A', from_segment: 'At Risk', to_segment: 'Champions' },
      { ref: 'B', from_segment: 'Lost', to_segment: 'Lost' },
      { ref: 'C', from_segment: null, to_segment: 'About To Sleep' },
      { ref: 'D', from_segment: 'Potential Loyalists', to_segment: 'Loyal Customers' },
      { ref: 'F', from_segment: 'Loyal Customers', to_segment: 'Champions' },
      { ref: 'G', from_segment: null, to_segment: 'About To Sleep' },
    ]);
  });

  it('counts movements between any two snapshot dates', async () => {
    await snapshots();
    expect(await segmentTransitionsBetween(t.warehouse, '2026-03-01', '2026-07-01')).toEqual([
      { from_segment: null, to_segment: 'About To Sleep', customers: 2 },
      { from_segment: null, to_segment: 'Champions', customers: 1 },
      { from_segment: null, to_segment: 'Loyal Customers', customers: 1 },
      { from_segment: 'At Risk', to_segment: 'Champions', customers: 1 },
      { from_segment: 'New Customers', to_segment: 'Lost', customers: 1 },
    ]);
  });

  it('leaves the tables empty for the first snapshot and names a missing date', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    await expect(buildSegmentTransitions(t.warehouse, { asOf: '2026-03-01' })).rejects.toThrow(/rfm_history is empty/);
    await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    expect(await buildSegmentTransitions(t.warehouse, { asOf: '2026-03-01' })).toEqual({ from: null, to: '2026-03-01', customers: 0, moved: 0 });
    expect(await t.warehouse.all('SELECT * FROM segment_transitions')).toEqual([]);
    await expect(segmentTransitionsBetween(t.warehouse, '2026-03-01', '2026-04-01'))
      .rejects.toThrow('no RFM snapshot as of 2026-04-01 in rfm_history; snapshots: 2026-03-01');
  });
});
