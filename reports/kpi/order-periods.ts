// Order figures per reporting period (revenue, orders, active and new customers), straight from `order_values`.
import type { Warehouse } from '../../warehouse/warehouse.js';
import type { Period, ReportPeriod } from '../period.js';

/** The order figures of one period. */
export interface OrderPeriod extends Period {
  /** Net revenue: sum of every order's net value, refunds and orders without a known customer included. */
  readonly revenue: number;
  /** Counted orders: net value > 0. */
  readonly orders: number;
  /** Net value of the counted orders, the numerator of the average order value. */
  readonly countedValue: number;
  /** Customers with a counted order in the period. */
  readonly active: number;
  /** Active customers whose first counted order ever is in the period. */
  readonly new: number;
}

/**
 * Returns one row per trend period (oldest first, `current` last), zeros for periods without orders.
 * Reads `order_values`; the caller checks that it exists.
 */
export async function orderPeriods(wh: Warehouse, period: ReportPeriod): Promise<OrderPeriod[]> {
  const first = period.trend[0]!;
  const rows = await wh.all<Omit<OrderPeriod, 'end' | 'label'>>(
    `WITH firsts AS (
       SELECT customer_id, min(ordered_at) AS first_at FROM order_values
       WHERE net_value > 0 AND customer_id IS NOT NULL AND ordered_at < $2::DATE   -- first counted order ever
       GROUP BY customer_id
     ), o AS (
       SELECT date_trunc('${period.kind}', v.ordered_at)::DATE AS period_start, v.customer_id, v.net_value, f.first_at
       FROM order_values v LEFT JOIN firsts f USING (customer_id)
       WHERE v.ordered_at >= $1::DATE AND v.ordered_at < $2::DATE
     )
     SELECT strftime(period_start, '%Y-%m-%d') AS start,
            coalesce(sum(net_value), 0)::DOUBLE AS revenue,
            count(*) FILTER (WHERE net_value > 0) AS orders,
            coalesce(sum(net_value) FILTER (WHERE net_value > 0), 0)::DOUBLE AS "countedValue",
            count(DISTINCT customer_id) FILTER (WHERE net_value > 0) AS active,
            count(DISTINCT customer_id) FILTER (WHERE net_value > 0 AND first_at >= period_start) AS new  -- first order falls in this period
     FROM o GROUP BY period_start`,
    [first.start, period.current.end],
  );
  const byStart = new Map(rows.map((r) => [r.start, r]));
  return period.trend.map((p) => ({ revenue: 0, orders: 0, countedValue: 0, active: 0, new: 0, ...byStart.get(p.start), ...p }));
}

/** Customers with 2+ counted orders and with 1+ counted order, counting orders before `end`. */
export async function repeatCustomers(wh: Warehouse, end: string): Promise<{ repeaters: number; buyers: number }> {
  const [row] = await wh.all<{ repeaters: number; buyers: number }>(
    `SELECT count(*) FILTER (WHERE n >= 2) AS repeaters, count(*) AS buyers
     FROM (SELECT customer_id, count(*) AS n FROM order_values
           WHERE net_value > 0 AND customer_id IS NOT NULL AND ordered_at < $1::DATE GROUP BY customer_id)`,
    [end],
  );
  return row ?? { repeaters: 0, buyers: 0 };
}

/** The currency codes of the orders in the trend window, so money figures can name their unit. */
export async function orderCurrencies(wh: Warehouse, period: ReportPeriod): Promise<string[]> {
  const rows = await wh.all<{ currency: string }>(
    `SELECT DISTINCT currency FROM order_values WHERE ordered_at >= $1::DATE AND ordered_at < $2::DATE ORDER BY currency`,
    [period.trend[0]!.start, period.current.end],
  );
  return rows.map((r) => r.currency);
}
