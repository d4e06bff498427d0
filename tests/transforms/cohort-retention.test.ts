import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCohortRetention } from '../../transforms/cohort-retention.js';
import { seedOrders, type OrderFixture } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const orders: OrderFixture[] = [
  ['a1', 'A', 100, '2026-01-10T10:00:00Z'],
  ['a2', 'A', 50, '2026-03-05T10:00:00Z'],
  ['b1', 'B', 200, '2026-01-20T10:00:00Z'],
  ['b1-ret', 'B', -50, '2026-02-10T10:00:00Z', 'refunded'],   // a return as its own order: revenue, not activity
  ['c1', 'C', 80, '2026-01-31T23:30:00-05:00'],              // 2026-02-01 04:30 UTC: C's cohort is February
  ['c2', 'C', 20, '2026-03-10T10:00:00Z'],
  ['d1', 'D', 90, '2026-02-03T10:00:00Z', 'cancelled'],       // only a cancelled order: in no cohort
  ['e0-ret', 'E', -30, '2025-12-20T10:00:00Z', 'refunded'],   // return of a purchase older than the data
  ['e1', 'E', 40, '2026-02-15T10:00:00Z'],
];

describe('cohort_retention', () => {
  it('fills every month up to the as-of month, nets returns into revenue and uses UTC months', async () => {
    await seedOrders(t.warehouse, orders, '2026-04-01');
    await buildCohortRetention(t.warehouse, { asOf: '2026-04-01' });
    const rows = await t.warehouse.all(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since AS k, cohort_customers AS n, active_customers AS active,
              retention_rate::DOUBLE AS rate, revenue::DOUBLE AS revenue, revenue_retention::DOUBLE AS rr
       FROM cohort_retention ORDER BY 1, 2`);
    expect(rows).toEqual([
      { cohort: '2026-01', k: 0, n: 2, active: 2, rate: 1, revenue: 300, rr: 1 },
      { cohort: '2026-01', k: 1, n: 2, active: 0, rate: 0, revenue: -50, rr: -0.1667 },
      { cohort: '2026-01', k: 2, n: 2, active: 1, rate: 0.5, revenue: 50, rr: 0.1667 },
      { cohort: '2026-02', k: 0, n: 2, active: 2, rate: 1, revenue: 120, rr: 1 },
      { cohort: '2026-02', k: 1, n: 2, active: 1, rate: 0.5, revenue: 20, rr: 0.1667 },
    ]);
  });

  it('stops at the month before an as-of date on the first of a month', async () => {
    await seedOrders(t.warehouse, orders, '2026-03-01');
    await buildCohortRetention(t.warehouse, { asOf: '2026-03-01' });
    const rows = await t.warehouse.all(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since AS k, active_customers AS active FROM cohort_retention ORDER BY 1, 2`);
    expect(rows).toEqual([
      { cohort: '2026-01', k: 0, active: 2 },
      { cohort: '2026-01', k: 1, active: 0 },
      { cohort: '2026-02', k: 0, active: 2 },
    ]);
  });
});
