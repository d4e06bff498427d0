import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCustomerValue } from '../../transforms/customer-value.js';
import { seedOrders, refOf, type OrderFixture } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const orders: OrderFixture[] = [
  ['a1', 'A', 100, '2026-01-10T10:00:00Z'], ['a2', 'A', 50, '2026-01-30T10:00:00Z'], ['a3', 'A', 30, '2026-03-01T10:00:00Z'],
  ['a3-ret', 'A', -30, '2026-03-05T10:00:00Z', 'refunded'],     // return as its own order: lowers the value
  ['b1', 'B', 80, '2026-01-31T23:30:00-05:00'],                   // 2026-02-01 UTC: B's cohort is February
  ['b1', 'B', -20, '2026-01-31T23:30:00-05:00', 'refunded', 2],   // refund line on the same order
  ['c1', 'C', 40, '2026-02-03T10:00:00Z', 'cancelled'],           // only a cancelled order: worth 0, no cohort
  ['d1', 'D', 20, '2026-02-20T10:00:00Z'], ['d2', 'D', 20, '2026-04-01T10:00:00Z'],   // d2 on the as-of day: ignored
  ['x1', null, 500, '2026-02-20T10:00:00Z'],                      // no customer
];

describe('customer_value and cohort_value', () => {
  it('computes historic CLV per customer net of refunds and returns, and per cohort', async () => {
    await seedOrders(t.warehouse, orders, '2026-04-01');
    expect(await buildCustomerValue(t.warehouse, { asOf: '2026-04-01' })).toEqual({ customers: 4, cohorts: 2 });
    expect(await t.warehouse.all(
      `SELECT ${refOf('customer_value.customer_id')} AS ref, strftime(cohort_month, '%Y-%m') AS cohort, orders,
              historic_clv::DOUBLE AS clv, avg_order_value::DOUBLE AS aov, avg_days_between_orders::DOUBLE AS gap
       FROM customer_value ORDER BY ref`,
    )).toEqual([
      { ref: 'A', cohort: '2026-01', orders: 3, clv: 150, aov: 50, gap: 25 },   // (Mar 1 - Jan 10) = 50 days / 2 gaps
      { ref: 'B', cohort: '2026-02', orders: 1, clv: 60, aov: 60, gap: null },
      { ref: 'C', cohort: null, orders: 0, clv: 0, aov: null, gap: null },
      { ref: 'D', cohort: '2026-02', orders: 1, clv: 20, aov: 20, gap: null },
    ]);
    expect(await t.warehouse.all(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, customers, net_revenue::DOUBLE AS revenue, historic_clv::DOUBLE AS clv,
              repeat_customers, repeat_purchase_rate::DOUBLE AS repeat_rate
       FROM cohort_value ORDER BY cohort`,
    )).toEqual([
      { cohort: '2026-01', customers: 1, revenue: 150, clv: 150, repeat_customers: 1, repeat_rate: 1 },
      { cohort: '2026-02', customers: 2, revenue: 80, clv: 40, repeat_customers: 0, repeat_rate: 0 },
    ]);
  });
});
