// Order figures per reporting period (revenue, orders, active and new customers, repeat rate, currencies), from
// one pass over `order_values` shared by the sections that show them.
import type { Warehouse } from '../../warehouse/warehouse.js';
import type { Period, ReportPeriod } from '../period.js';
import { missingTable } from '../missing-table.js';
import type { Figure, ReportParams } from '../report-section.js';
import { orderValuesTable } from './upstream-tables.js';

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

/** Customers with 2+ counted orders and with 1+ counted order, counting orders before a date. */
export interface RepeatCustomers {
  readonly repeaters: number;
  readonly buyers: number;
}

/** The order figures of the same period a year earlier, or why there are none. */
export type YearAgoFigures =
  | { readonly period: Period; readonly figures: Omit<OrderPeriod, keyof Period>; readonly repeat: RepeatCustomers; readonly missing?: undefined }
  /** The order history does not reach back to the start of that period: `missing` says so in plain words. */
  | { readonly period: Period; readonly missing: string };

/** Everything the order sections show, from one query. */
export interface OrderFigures {
  /** One row per trend period (oldest first, `current` last), zeros for periods without orders. */
  readonly periods: readonly OrderPeriod[];
  /** Repeat customers counting orders before the current period's end, and before the previous period's end. */
  readonly repeatNow: RepeatCustomers;
  readonly repeatBefore: RepeatCustomers;
  /** The currency codes of the orders in the trend window, so money figures can name their unit. */
  readonly currencies: readonly (string | null)[];
  /** The same period a year earlier, for the headline figures' second comparison. */
  readonly yearAgo: YearAgoFigures;
}

/**
 * The order figures of the report's periods. Runs its query once per report build (memoised in `params.shared`):
 * the revenue and customer sections both read it. Reads `order_values`; the caller checks that it exists.
 */
export function orderFigures(wh: Warehouse, params: ReportParams): Promise<OrderFigures> {
  const key = 'order-figures';
  const known = params.shared?.get(key) as Promise<OrderFigures> | undefined;
  if (known) return known;
  const figures = queryOrderFigures(wh, params.period);
  params.shared?.set(key, figures);
  return figures;
}

type Row = Omit<OrderPeriod, 'end' | 'label'> & {
  repeaters_now: number; buyers_now: number; repeaters_before: number; buyers_before: number; currencies: string[] | null; null_currency: boolean | null;
  repeaters_ya: number; buyers_ya: number; history_start: string | null;
  ya_revenue: number; ya_orders: number; ya_counted: number; ya_active: number; ya_new: number;
};

async function queryOrderFigures(wh: Warehouse, period: ReportPeriod): Promise<OrderFigures> {
  const first = period.trend[0]!;
  // One scan per customer for the first counted order ever and the repeat counts at both period ends, then the
  // trend window's orders grouped by period; the repeat counts ride along on every row (and on a row of their
  // own when no order falls in the window).
  const rows = await wh.all<Row>(
    `WITH per_customer AS (
       SELECT customer_id, min(ordered_at) AS first_at, count(*) AS n_now,
              count(*) FILTER (WHERE ordered_at < $3::DATE) AS n_before,         -- counted orders before the previous period's end
              count(*) FILTER (WHERE ordered_at < $5::DATE) AS n_ya              -- ... and before the end of the same period a year earlier
       FROM order_values
       WHERE net_value > 0 AND customer_id IS NOT NULL AND ordered_at < $2::DATE   -- counted orders up to the current period's end
       GROUP BY customer_id
     ), repeat AS (
       SELECT count(*) FILTER (WHERE n_now >= 2) AS repeaters_now, count(*) AS buyers_now,
              count(*) FILTER (WHERE n_before >= 2) AS repeaters_before, count(*) FILTER (WHERE n_before >= 1) AS buyers_before,
              count(*) FILTER (WHERE n_ya >= 2) AS repeaters_ya, count(*) FILTER (WHERE n_ya >= 1) AS buyers_ya
       FROM per_customer
     ), year_ago AS (                                                               -- the same period a year earlier
       SELECT coalesce(sum(v.net_value), 0)::DOUBLE AS ya_revenue, count(*) FILTER (WHERE v.net_value > 0) AS ya_orders,
              coalesce(sum(v.net_value) FILTER (WHERE v.net_value > 0), 0)::DOUBLE AS ya_counted,
              count(DISTINCT v.customer_id) FILTER (WHERE v.net_value > 0) AS ya_active,
              count(DISTINCT v.customer_id) FILTER (WHERE v.net_value > 0 AND f.first_at >= $4::DATE) AS ya_new
       FROM order_values v LEFT JOIN per_customer f USING (customer_id)
       WHERE v.ordered_at >= $4::DATE AND v.ordered_at < $5::DATE
     ), history AS (SELECT strftime(min(ordered_at), '%Y-%m-%d') AS history_start FROM order_values), o AS (
       SELECT date_trunc('${period.kind}', v.ordered_at)::DATE AS period_start, v.customer_id, v.net_value, v.currency, f.first_at
       FROM order_values v LEFT JOIN per_customer f USING (customer_id)
       WHERE v.ordered_at >= $1::DATE AND v.ordered_at < $2::DATE
     ), periods AS (
       SELECT strftime(period_start, '%Y-%m-%d') AS start,
              coalesce(sum(net_value), 0)::DOUBLE AS revenue,
              count(*) FILTER (WHERE net_value > 0) AS orders,
              coalesce(sum(net_value) FILTER (WHERE net_value > 0), 0)::DOUBLE AS "countedValue",
              count(DISTINCT customer_id) FILTER (WHERE net_value > 0) AS active,
              count(DISTINCT customer_id) FILTER (WHERE net_value > 0 AND first_at >= period_start) AS new,  -- first order falls in this period
              list(DISTINCT currency) FILTER (WHERE currency IS NOT NULL) AS currencies,
              bool_or(currency IS NULL) AS null_currency
       FROM o GROUP BY period_start
     )
     SELECT * FROM repeat CROSS JOIN year_ago CROSS JOIN history LEFT JOIN periods ON true`,
    [first.start, period.current.end, period.previous.end, period.yearAgo.start, period.yearAgo.end],
  );
  const r0 = rows[0]!;
  const byStart = new Map(rows.filter((r) => r.start !== null).map((r) => [r.start, r]));
  const periods = period.trend.map((p) => {
    const r = byStart.get(p.start);
    return { revenue: 0, orders: 0, countedValue: 0, active: 0, new: 0, ...(r ? { start: r.start, revenue: r.revenue, orders: r.orders, countedValue: r.countedValue, active: r.active, new: r.new } : {}), ...p };
  });
  // As ORDER BY currency sorts them: by code (binary), NULL last.
  const codes = [...new Set(rows.flatMap((r) => r.currencies ?? []))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    periods,
    repeatNow: { repeaters: r0.repeaters_now, buyers: r0.buyers_now },
    repeatBefore: { repeaters: r0.repeaters_before, buyers: r0.buyers_before },
    currencies: rows.some((r) => r.null_currency) ? [...codes, null] : codes,
    yearAgo: yearAgoFigures(period, r0),
  };
}

/**
 * The year-earlier figures when the order history covers that whole period (its first order on or before the
 * period's start); otherwise why not, so the report says so rather than comparing with zeros or a part-period.
 */
function yearAgoFigures(period: ReportPeriod, r: Row): YearAgoFigures {
  const ya = period.yearAgo;
  if (r.history_start === null) return { period: ya, missing: 'there are no orders yet' };
  if (r.history_start > ya.start) return { period: ya, missing: `the order history starts on ${r.history_start}` };
  return {
    period: ya,
    figures: { revenue: r.ya_revenue, orders: r.ya_orders, countedValue: r.ya_counted, active: r.ya_active, new: r.ya_new },
    repeat: { repeaters: r.repeaters_ya, buyers: r.buyers_ya },
  };
}

/**
 * A headline figure's comparison with the same period a year earlier: `value` picks the figure from that period's
 * order figures and repeat counts; when the history does not reach back, the comparison says why instead.
 * @example yearAgoComparison(figures.yearAgo, (f) => f.revenue)
 */
export function yearAgoComparison(ya: YearAgoFigures, value: (f: YearAgoFigures & { missing?: undefined }) => number | null): NonNullable<Figure['yearAgo']> {
  const previousLabel = `${ya.period.label}, a year earlier`;
  return ya.missing !== undefined ? { previous: null, previousLabel, missing: ya.missing } : { previous: value(ya), previousLabel };
}

/**
 * " (GBP)" for one currency, " (mixed: EUR, GBP)" for several, "" when unknown: the unit money figures name. From
 * the shared order figures, so it costs no extra scan; empty when `order_values` is missing.
 */
export async function moneyUnit(wh: Warehouse, params: ReportParams): Promise<string> {
  if ((await missingTable(wh, ...orderValuesTable)) !== null) return '';
  const { currencies } = await orderFigures(wh, params);
  return currencies.length === 1 ? ` (${currencies[0]})` : currencies.length > 1 ? ` (mixed: ${currencies.join(', ')})` : '';
}
