// Builds `customer_360` (one row per customer) and `order_values` (one row per order) as of a date.
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `order_values` and `customer_360` from the channel tables and `identities`, counting only what
 * happened before `asOf` (a 'YYYY-MM-DD' date, exclusive).
 * @throws Error naming the model when the SQL fails; the previous tables are kept.
 * @example await buildCustomer360(wh, { asOf: '2026-11-01' });
 */
export async function buildCustomer360(wh: Warehouse, params: { asOf: string }): Promise<{ customers: number }> {
  await runSqlModel(wh, new URL('./customer-360.sql', import.meta.url), { as_of: params.asOf });
  const [row = { customers: 0 }] = await wh.all<{ customers: number }>('SELECT count(*) AS customers FROM customer_360');
  return row;
}
