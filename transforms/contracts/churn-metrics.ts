// Output columns of `churn_metrics` (built by transforms/churn-metrics.ts; definitions in docs/metrics.md, "Churn").
import { defineModel } from './model-contract.js';

export const churnMetrics = defineModel({
  table: 'churn_metrics', kind: 'table', oneRowPer: 'UTC month', file: 'transforms/churn-metrics.ts', builtBy: 'the churn_metrics transform',
  columns: {
    month: { type: 'DATE', meaning: 'First day of the UTC month.' },
    customers_at_start: { type: 'BIGINT', meaning: 'Customers alive at the start of the month.' },
    active_customers: { type: 'BIGINT', meaning: 'Customers with a counted order in the month.' },
    new_customers: { type: 'BIGINT', meaning: 'Customers whose first counted order is in the month.' },
    returning_customers: { type: 'BIGINT', meaning: 'active_customers - new_customers.' },
    reactivated_customers: { type: 'BIGINT', meaning: 'Returning customers whose order came more than N days after their previous one.' },
    churned_customers: { type: 'BIGINT', meaning: 'Customers whose churn day (last order + N days) falls in the month.' },
    customers_at_end: { type: 'BIGINT', meaning: "Customers alive on the month's last day." },
    churn_rate: { type: 'DOUBLE', nullable: true, meaning: 'churned_customers / customers_at_start; NULL when no customer was alive at the start.' },
    customers_to_date: { type: 'BIGINT', meaning: "Customers with 1+ counted orders up to the month's end." },
    repeat_customers_to_date: { type: 'BIGINT', meaning: "Customers with 2+ counted orders up to the month's end." },
    repeat_purchase_rate: { type: 'DOUBLE', meaning: 'repeat_customers_to_date / customers_to_date (cumulative).' },
    avg_days_between_orders: { type: 'DOUBLE', nullable: true, meaning: "Mean days from each counted order in the month to the customer's previous one; NULL without repeat orders." },
    partial: { type: 'BOOLEAN', meaning: 'True when the as-of date cuts the month short.' },
    churn_inactivity_days: { type: 'INTEGER', meaning: 'N: days without an order after which a customer churns (analytics.churnInactivityDays).' },
    as_of: { type: 'DATE', meaning: 'The as-of date used.' },
  },
});
