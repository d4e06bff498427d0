// Section: churned customers and the churn rate for the last complete month, with the churn rate trend.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { reportPeriod } from '../../period.js';
import { figure, noData, notComputed } from '../section-view.js';
import { churnMetricsTable } from '../upstream-tables.js';
import { tableTerm } from '../../glossary.js';
import { churnMetrics } from '../../../transforms/contracts/index.js';

type Row = { month: string; active: number; churned: number; churn_rate: number | null };

export const churnRate: ReportSection = {
  id: 'churn-rate',
  title: 'Customers who stopped buying (churn)',
  definition: 'By month: customers who went longer than the shop\'s inactivity window without ordering again.',
  glossary: [tableTerm(churnMetrics)],
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...churnMetricsTable);
    if (missing) return notComputed(missing);
    // Churn is monthly: show the last complete month that ends on or before the report period's end.
    const months = reportPeriod(period.current.end, 'month').trend;
    const key = (start: string) => start.slice(0, 7);
    const rows = await wh.all<Row>(
      `SELECT left(CAST(month AS VARCHAR), 7) AS month, active_customers AS active, churned_customers AS churned, churn_rate::DOUBLE AS churn_rate
       FROM churn_metrics WHERE left(CAST(month AS VARCHAR), 7) BETWEEN $1 AND $2 ORDER BY 1`,
      [key(months[0]!.start), key(months.at(-1)!.start)],
    );
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const [cur, prev] = [months.at(-1)!, months.at(-2)!];
    const now = byMonth.get(key(cur.start));
    const before = byMonth.get(key(prev.start));
    const figures = [
      figure({ label: `Churned customers, ${cur.label}`, value: now?.churned ?? null, previous: before?.churned ?? null, previousLabel: prev.label,
        unit: 'count', better: 'down', definition: 'Customers whose inactivity window ran out in the month without a new order.' }),
      figure({ label: `Churn rate, ${cur.label}`, value: now?.churn_rate ?? null, previous: before?.churn_rate ?? null, previousLabel: prev.label,
        unit: 'rate', better: 'down', definition: 'Customers who stopped buying in the month, as a share of the customers who were buying and could have stopped.' }),
    ];
    if (rows.length === 0) return noData(`No churn figures for the months from ${months[0]!.label} to ${cur.label}.`, figures);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Churn rate by month',
          data: { values: rows.map((r) => ({ month: r.month, churn_rate: r.churn_rate, churned: r.churned })) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -45 } },
            y: { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', axis: { format: '.1%' } },
            tooltip: [
              { field: 'month', type: 'ordinal', title: 'Month' },
              { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', format: '.1%' },
              { field: 'churned', type: 'quantitative', title: 'Churned' },
            ],
          },
        },
      },
    };
  },
};
