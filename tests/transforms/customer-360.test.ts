import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedOrders, refOf } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('order_values', () => {
  it('nets lines per order: cancelled lines count zero, negative lines always count, an all-cancelled order is 0', async () => {
    await seedOrders(t.warehouse, [
      ['o1', 'A', 60, '2026-06-01T10:00:00Z', 'completed', 1],
      ['o1', 'A', 20, '2026-06-01T10:00:00Z', 'cancelled', 2],
      ['o1', 'A', -10, '2026-06-01T10:00:00Z', 'refunded', 3],
      ['o2', 'A', 40, '2026-06-02T10:00:00Z', 'cancelled'],
      ['o2-ret', 'A', -15, '2026-06-03T10:00:00Z', 'refunded'],
      ['o3', null, 30, '2026-06-04T10:00:00Z'],
      ['o4', 'B', 5, '2026-06-04T23:30:00-05:00'],
    ], '2026-07-01');
    const rows = await t.warehouse.all(
      `SELECT order_id, ${refOf('order_values.customer_id')} AS ref, net_value::DOUBLE AS net_value, cancelled, ordered_at::DATE::VARCHAR AS day
       FROM order_values ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: 'o1', ref: 'A', net_value: 50, cancelled: false, day: '2026-06-01' },
      { order_id: 'o2', ref: 'A', net_value: 0, cancelled: true, day: '2026-06-02' },
      { order_id: 'o2-ret', ref: 'A', net_value: -15, cancelled: false, day: '2026-06-03' },
      { order_id: 'o3', ref: null, net_value: 30, cancelled: false, day: '2026-06-04' },   // kept, with no customer
      { order_id: 'o4', ref: 'B', net_value: 5, cancelled: false, day: '2026-06-05' },    // 23:30-05:00 is the next UTC day
    ]);
    const c360 = await t.warehouse.all(
      `SELECT ${refOf('customer_360.customer_id')} AS ref, orders, revenue::DOUBLE AS revenue FROM customer_360 ORDER BY ref`);
    expect(c360).toEqual([{ ref: 'A', orders: 1, revenue: 35 }, { ref: 'B', orders: 1, revenue: 5 }]);
  });
});
