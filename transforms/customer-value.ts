// Builds `customer_value` (historic CLV per customer) and `cohort_value` (historic CLV per acquisition cohort).
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `customer_value` and `cohort_value` from `order_values`, counting orders before `asOf` only
 * (definitions in `customer-value.sql` and docs/metrics.md).
 * @throws Error naming the model when the SQL fails; the previous tables are kept.
 * @example await buildCustomerValue(wh, { asOf: '2011-12-10' }); // -> { customers: 4339, cohorts: 13 }
 */
export async function buildCustomerValue(wh: Warehouse, params: { asOf: string }): Promise<{ customers: number; cohorts: number }> {
  await runSqlModel(wh, new URL('./customer-value.sql', import.meta.url), { as_of: params.asOf });
  const [row = { customers: 0, cohorts: 0 }] = await wh.all<{ customers: number; cohorts: number }>(
    'SELECT (SELECT count(*) FROM customer_value) AS customers, (SELECT count(*) FROM cohort_value) AS cohorts',
  );
  return row;
}
