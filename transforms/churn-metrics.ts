// Builds `churn_metrics`: per month active, new, returning, reactivated and churned customers and rates.
import type { Warehouse } from '../warehouse/warehouse.js';
import { defaultChurnInactivityDays } from './analytics-config.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `churn_metrics` from `order_values`, one row per UTC month from the first counted order to the
 * as-of month (definitions in `churn-metrics.sql` and docs/metrics.md). An empty table when nobody has ordered.
 * @throws Error naming the model when the SQL fails; the previous table is kept.
 * @example await buildChurnMetrics(wh, { asOf: '2011-12-10', inactivityDays: 180 });
 */
export async function buildChurnMetrics(
  wh: Warehouse,
  params: { asOf: string; inactivityDays?: number },
): Promise<{ months: number }> {
  await runSqlModel(wh, new URL('./churn-metrics.sql', import.meta.url), {
    as_of: params.asOf,
    churn_days: params.inactivityDays ?? defaultChurnInactivityDays,
  });
  const [row = { months: 0 }] = await wh.all<{ months: number }>('SELECT count(*) AS months FROM churn_metrics');
  return row;
}
