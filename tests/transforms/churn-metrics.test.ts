import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChurnMetrics } from '../../transforms/churn-metrics.js';
import { seedOrders, type OrderFixture } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// With a 60-day window: A churns on Apr 11 (Feb 10 + 60) and comes back on Jun 20; B churns on May 31
// (Apr 1 + 60; the May return is not a counted order); C orders again exactly 60 days later (no churn) and
// churns on Jun 29; E's second order is on the as-of day in UTC and is ignored.
const orders: OrderFixture[] = [
  ['a1', 'A', 10, '2026-01-05T10:00:00Z'], ['a2', 'A', 10, '2026-01-20T10:00:00Z'], ['a3', 'A', 10, '2026-02-10T10:00:00Z'],
  ['a4', 'A', 10, '2026-06-20T10:00:00Z'],
  ['b1', 'B', 10, '2026-01-31T23:30:00-05:00'],                 // 2026-02-01 04:30 UTC: B is new in February
  ['b2', 'B', 10, '2026-04-01T10:00:00Z'],
  ['b2-ret', 'B', -10, '2026-05-10T10:00:00Z', 'refunded'],
  ['c1', 'C', 10, '2026-03-01T10:00:00Z'], ['c2', 'C', 10, '2026-04-30T10:00:00Z'],
  ['d1', 'D', 10, '2026-03-15T10:00:00Z', 'cancelled'],         // only a cancelled order: never a customer here
  ['e1', 'E', 10, '2026-06-10T10:00:00Z'], ['e2', 'E', 10, '2026-06-30T23:30:00-05:00'],
];

const columns = `strftime(month, '%Y-%m') AS month, customers_at_start AS start, active_customers AS active, new_customers AS new,
  returning_customers AS ret, reactivated_customers AS react, churned_customers AS churned, customers_at_end AS "end",
  churn_rate::DOUBLE AS churn_rate, repeat_purchase_rate::DOUBLE AS repeat_rate, avg_days_between_orders::DOUBLE AS gap, partial`;

describe('churn_metrics', () => {
  it('counts active, new, returning, reactivated and churned customers per UTC month', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    expect(await buildChurnMetrics(t.warehouse, { asOf: '2026-07-01', inactivityDays: 60 })).toEqual({ months: 6 });
    expect(await t.warehouse.all(`SELECT ${columns} FROM churn_metrics ORDER BY month`)).toEqual([
      { month: '2026-01', start: 0, active: 1, new: 1, ret: 0, react: 0, churned: 0, end: 1, churn_rate: null, repeat_rate: 1, gap: 15, partial: false },
      { month: '2026-02', start: 1, active: 2, new: 1, ret: 1, react: 0, churned: 0, end: 2, churn_rate: 0, repeat_rate: 0.5, gap: 21, partial: false },
      { month: '2026-03', start: 2, active: 1, new: 1, ret: 0, react: 0, churned: 0, end: 3, churn_rate: 0, repeat_rate: 0.3333, gap: null, partial: false },
      { month: '2026-04', start: 3, active: 2, new: 0, ret: 2, react: 0, churned: 1, end: 2, churn_rate: 0.3333, repeat_rate: 1, gap: 59.5, partial: false },
      { month: '2026-05', start: 2, active: 0, new: 0, ret: 0, react: 0, churned: 1, end: 1, churn_rate: 0.5, repeat_rate: 1, gap: null, partial: false },
      { month: '2026-06', start: 1, active: 2, new: 1, ret: 1, react: 1, churned: 1, end: 2, churn_rate: 1, repeat_rate: 0.75, gap: 130, partial: false },
    ]);
    const [flow] = await t.warehouse.all<{ broken: number }>(
      `SELECT count(*) FILTER (WHERE customers_at_end <> customers_at_start + new_customers + reactivated_customers - churned_customers) AS broken FROM churn_metrics`);
    expect(flow?.broken).toBe(0);
  });

  it('cuts the as-of month short and counts only churn days before the as-of date', async () => {
    await seedOrders(t.warehouse, orders, '2026-04-15');
    await buildChurnMetrics(t.warehouse, { asOf: '2026-04-15', inactivityDays: 60 });
    // C's second order (Apr 30) is after the as-of date, so only A and B have ordered twice: 2 / 3.
    expect(await t.warehouse.all(`SELECT ${columns} FROM churn_metrics WHERE month = '2026-04-01'`)).toEqual([
      { month: '2026-04', start: 3, active: 1, new: 0, ret: 1, react: 0, churned: 1, end: 2, churn_rate: 0.3333, repeat_rate: 0.6667, gap: 59, partial: true },
    ]);
  });

  it('uses a 180-day window by default and is empty when nobody has a counted order', async () => {
    await seedOrders(t.warehouse, orders, '2026-07-01');
    await buildChurnMetrics(t.warehouse, { asOf: '2026-07-01' });
    const rows = await t.warehouse.all<{ churned: number; days: number }>(
      `SELECT sum(churned_customers)::INTEGER AS churned, any_value(churn_inactivity_days) AS days FROM churn_metrics`);
    expect(rows).toEqual([{ churned: 0, days: 180 }]);
    await buildChurnMetrics(t.warehouse, { asOf: '2026-01-01' });
    expect(await t.warehouse.all('SELECT * FROM churn_metrics')).toEqual([]);
  });
});
