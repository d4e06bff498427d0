// Chart: net revenue and orders by calendar month, over the last 12 months before the as-of date.
import type { ChartSection } from '../../chart-section.js';

type Row = { month: string; revenue: number; orders: number };

export const monthlyRevenue: ChartSection<Row> = {
  id: 'monthly-revenue',
  title: 'Net revenue by month',
  definition: 'Sum of order values net of refunds and returns, by the month the order was placed (UTC), last 12 months.',
  empty: 'No orders in the last 12 months.',
  query: (wh, { asOf }) =>
    wh.all<Row>(
      `SELECT strftime(date_trunc('month', ordered_at), '%Y-%m') AS month,
              round(sum(net_value), 2)::DOUBLE AS revenue, count(*) FILTER (WHERE net_value > 0) AS orders
       FROM order_values
       WHERE ordered_at >= date_trunc('month', $1::DATE - INTERVAL 11 MONTH) AND ordered_at < $1::DATE
       GROUP BY 1 ORDER BY 1`,
      [asOf],
    ),
  spec: (rows) => ({
    title: 'Net revenue by month',
    data: { values: [...rows] },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: 'Month' },
      y: { field: 'revenue', type: 'quantitative', title: 'Net revenue' },
    },
  }),
};
