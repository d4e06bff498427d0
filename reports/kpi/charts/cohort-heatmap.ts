// Chart: share of each monthly acquisition cohort that ordered again N months later.
import type { ChartSection } from '../../chart-section.js';

type Row = { cohort: string; months_since: number; retention_rate: number; cohort_customers: number };

export const cohortHeatmap: ChartSection<Row> = {
  id: 'cohort-retention',
  title: 'Cohort retention',
  definition: 'Of the customers whose first counted order was in a month, the share who ordered in each later month.',
  empty: 'No cohorts yet: no customer has a counted order.',
  query: (wh) =>
    wh.all<Row>(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since, retention_rate::DOUBLE AS retention_rate, cohort_customers
       FROM cohort_retention
       WHERE cohort_month >= (SELECT max(cohort_month) - INTERVAL 11 MONTH FROM cohort_retention)   -- last 12 cohorts
       ORDER BY cohort, months_since`,
    ),
  spec: (rows) => ({
    title: 'Cohort retention',
    data: { values: [...rows] },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'months_since', type: 'ordinal', title: 'Months since first order' },
      y: { field: 'cohort', type: 'ordinal', title: 'Cohort (first order month)' },
      color: { field: 'retention_rate', type: 'quantitative', title: 'Retained', scale: { scheme: 'blues' }, legend: { format: '.0%' } },
    },
  }),
};
