// Builds `cohort_retention`: customer and revenue retention by acquisition month.
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `cohort_retention` from `order_values`: one row per acquisition month and month since, up to the
 * as-of month (definitions in `cohort-retention.sql` and docs/metrics.md).
 * @throws Error naming the model when the SQL fails; the previous table is kept.
 */
export async function buildCohortRetention(wh: Warehouse, params: { asOf: string }): Promise<{ rows: number }> {
  await runSqlModel(wh, new URL('./cohort-retention.sql', import.meta.url), { as_of: params.asOf });
  const [row = { rows: 0 }] = await wh.all<{ rows: number }>('SELECT count(*) AS rows FROM cohort_retention');
  return row;
}
