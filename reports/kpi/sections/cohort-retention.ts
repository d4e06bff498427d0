// Section: the cohort retention heatmap, with month-1 retention of the latest complete cohort.
import type { ReportSection } from '../../report-section.js';
import { missingTable } from '../../missing-table.js';
import { reportPeriod } from '../../period.js';
import { figure, noData, notComputed } from '../section-view.js';
import { cohortRetentionTable } from '../upstream-tables.js';
import { tableTerm } from '../../glossary.js';
import { cohortRetention as cohortRetentionModel } from '../../../transforms/contracts/index.js';

type Row = { cohort: string; months_since: number; retention_rate: number; cohort_customers: number };

export const cohortRetention: ReportSection = {
  id: 'cohort-retention',
  title: 'Do new customers come back?',
  glossary: [tableTerm(cohortRetentionModel)],
  definition: 'Of the customers whose first order was in a given month, the share who ordered again in each later month.',
  async build(wh, { period }) {
    const missing = await missingTable(wh, ...cohortRetentionTable);
    if (missing) return notComputed(missing);
    const months = reportPeriod(period.current.end, 'month').trend; // the 12 complete months up to the period's end
    const rows = await wh.all<Row>(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since, retention_rate::DOUBLE AS retention_rate, cohort_customers
       FROM cohort_retention
       WHERE cohort_month >= $1::DATE
         AND cohort_month + to_months(months_since + 1) <= $2::DATE   -- only months complete by the period's end
       ORDER BY cohort, months_since`,
      [months[0]!.start, period.current.end],
    );
    // Month 1 of a cohort is complete once the month after it has ended: the last two such cohorts are compared.
    const [older, latest] = [months.at(-3)!, months.at(-2)!].map((m) => m.start.slice(0, 7));
    const monthOne = (cohort: string) => {
      const cells = rows.filter((r) => r.cohort === cohort);
      if (cells.length === 0) return null;
      return cells.find((r) => r.months_since === 1)?.retention_rate ?? 0; // no row: nobody came back
    };
    const figures = [
      figure({ label: `Month-1 retention, ${latest} cohort`, value: monthOne(latest!), previous: monthOne(older!), previousLabel: `${older} cohort`,
        unit: 'rate', better: 'up', definition: 'Share of a month\'s new customers who ordered again in the following calendar month.' }),
    ];
    if (rows.length === 0) return noData(`No cohorts from ${months[0]!.label} to ${months.at(-1)!.label}.`, figures);
    return {
      figures,
      chart: {
        kind: 'chart',
        spec: {
          title: 'Cohort retention by months since first order',
          data: { values: rows.map((r) => ({ ...r })) },
          encoding: {
            x: { field: 'months_since', type: 'ordinal', title: 'Months since first order', axis: { labelAngle: 0 } },
            y: { field: 'cohort', type: 'ordinal', title: 'Cohort (first order month)' },
          },
          layer: [
            {
              mark: { type: 'rect', tooltip: true },
              encoding: {
                color: { field: 'retention_rate', type: 'quantitative', title: 'Retained', scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%' } },
                tooltip: [
                  { field: 'cohort', type: 'ordinal', title: 'Cohort' },
                  { field: 'cohort_customers', type: 'quantitative', title: 'Customers' },
                  { field: 'months_since', type: 'ordinal', title: 'Months since' },
                  { field: 'retention_rate', type: 'quantitative', title: 'Retained', format: '.1%' },
                ],
              },
            },
            {
              mark: { type: 'text', fontSize: 9 },
              encoding: {
                text: { field: 'retention_rate', type: 'quantitative', format: '.0%' },
                color: { condition: { test: 'datum.retention_rate > 0.5', value: '#ffffff' }, value: '#222222' },
              },
            },
          ],
        },
      },
    };
  },
};
