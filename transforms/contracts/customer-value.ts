// Output columns of `customer_value` and `cohort_value`, historic CLV (built by transforms/customer-value.ts).
import { defineModel } from './model-contract.js';

const file = 'transforms/customer-value.ts';
const builtBy = 'the customer_value step of the daily pipeline (`rapport run daily`)';

export const customerValue = defineModel({
  table: 'customer_value', kind: 'table', oneRowPer: 'customer with an order (historic CLV)', file, builtBy,
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer.' },
    cohort_month: { type: 'DATE', nullable: true, meaning: 'UTC month of the first counted order; NULL without one.' },
    first_order_at: { type: 'TIMESTAMP', nullable: true, meaning: 'First counted order (UTC).' },
    last_order_at: { type: 'TIMESTAMP', nullable: true, meaning: 'Last counted order (UTC).' },
    orders: { type: 'BIGINT', meaning: 'Counted orders.' },
    historic_clv: { type: 'DECIMAL(18,2)', meaning: 'Net revenue to date: net value of all their orders, returns included.' },
    avg_order_value: { type: 'DOUBLE', nullable: true, meaning: 'historic_clv / orders; NULL without a counted order.' },
    avg_days_between_orders: { type: 'DOUBLE', nullable: true, meaning: '(last - first counted order date) / (orders - 1); NULL with fewer than 2.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used.' },
  },
});

export const cohortValue = defineModel({
  table: 'cohort_value', kind: 'table', oneRowPer: 'acquisition month (historic CLV per cohort)', file, builtBy,
  columns: {
    cohort_month: { type: 'DATE', meaning: 'UTC month of the first counted order.' },
    customers: { type: 'BIGINT', meaning: 'Customers in the cohort.' },
    net_revenue: { type: 'DECIMAL(18,2)', meaning: 'Sum of their historic_clv.' },
    historic_clv: { type: 'DOUBLE', meaning: 'net_revenue / customers.' },
    repeat_customers: { type: 'BIGINT', meaning: 'Customers with 2+ counted orders.' },
    repeat_purchase_rate: { type: 'DOUBLE', meaning: 'repeat_customers / customers.' },
    avg_orders: { type: 'DOUBLE', meaning: 'Mean counted orders per customer.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used.' },
  },
});
