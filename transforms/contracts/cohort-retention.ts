// Output columns of `cohort_retention` (built by transforms/cohort-retention.ts).
import { defineModel } from './model-contract.js';

export const cohortRetention = defineModel({
  table: 'cohort_retention', kind: 'table', oneRowPer: 'acquisition month and months since', file: 'transforms/cohort-retention.ts',
  builtBy: 'the cohort_retention step of the daily pipeline (`rapport run daily`)',
  columns: {
    cohort_month: { type: 'DATE', meaning: "First day of the UTC month of the cohort's first counted order." },
    months_since: { type: 'BIGINT', meaning: 'Months since the cohort month (0 = the cohort month).' },
    cohort_customers: { type: 'BIGINT', meaning: "The cohort's size." },
    active_customers: { type: 'BIGINT', meaning: 'Cohort members with a counted order in that month.' },
    retention_rate: { type: 'DOUBLE', meaning: 'active_customers / cohort_customers (1 in month 0).' },
    revenue: { type: 'DECIMAL(18,2)', meaning: "Net value of all the members' orders in that month, returns included." },
    revenue_retention: { type: 'DOUBLE', nullable: true, meaning: 'revenue / month-0 revenue; NULL when month-0 revenue is not positive.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used.' },
  },
});
