// Builds `satisfaction_churn`: churn and repeat rates of buyers by NPS group and by responsiveness band.
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `satisfaction_churn` from `customer_360` (definitions in `satisfaction-churn.sql` and docs/satisfaction.md):
 * always eight rows, four NPS groups and four responsiveness bands, an empty group with NULL rates.
 * @throws Error naming the model when the SQL fails (customer_360 missing included); the previous table is kept.
 * @example await buildSatisfactionChurn(wh, { asOf: '2026-11-01', churnDays: 180, slaMinutes: 60 });
 */
export async function buildSatisfactionChurn(wh: Warehouse, params: { asOf: string; churnDays: number; slaMinutes: number }): Promise<{ rows: number }> {
  await runSqlModel(wh, new URL('./satisfaction-churn.sql', import.meta.url), { as_of: params.asOf, churn_days: params.churnDays, sla_minutes: params.slaMinutes });
  const [row = { rows: 0 }] = await wh.all<{ rows: number }>('SELECT count(*)::INTEGER AS rows FROM satisfaction_churn');
  return row;
}
