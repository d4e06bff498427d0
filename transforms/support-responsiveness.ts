// Builds `support_responsiveness`: per medium and UTC month, first response and resolution times, SLA share, unanswered and backlog.
import { createTableSql } from '../sources/contracts/contract-sql.js';
import { supportChannel } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { defaultSupportSlaMinutes } from './analytics-config.js';
import { runSqlModel } from './sql-model.js';

export { defaultSupportSlaMinutes };

/**
 * Rebuilds `support_responsiveness` from `support_messages` (definitions in `support-responsiveness.sql` and the
 * README). Without support data the table is empty (the channel table is created empty, as the loader would).
 * @throws Error naming the model when the SQL fails; the previous table is kept.
 * @example await buildSupportResponsiveness(wh, { asOf: '2026-07-01', slaMinutes: 60 });
 */
export async function buildSupportResponsiveness(wh: Warehouse, params: { asOf: string; slaMinutes?: number }): Promise<{ rows: number }> {
  const sla = params.slaMinutes ?? defaultSupportSlaMinutes;
  if (!Number.isInteger(sla) || sla <= 0) throw new Error(`transform support_responsiveness: slaMinutes is ${sla}, expected a whole number of minutes > 0`);
  await wh.run(createTableSql(supportChannel));
  await runSqlModel(wh, new URL('./support-responsiveness.sql', import.meta.url), { as_of: params.asOf, sla_minutes: sla });
  const [row = { rows: 0 }] = await wh.all<{ rows: number }>('SELECT count(*)::INTEGER AS rows FROM support_responsiveness');
  return row;
}
