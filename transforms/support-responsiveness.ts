// Builds `support_responsiveness`: per medium and UTC month, first response and resolution times, SLA share, unanswered and backlog.
import { createTableSql } from '../sources/contracts/contract-sql.js';
import { supportChannel } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { type BusinessHours, defaultSupportSlaMinutes, describeBusinessHours, weekDays } from './analytics-config.js';
import { runSqlModel } from './sql-model.js';

export { defaultSupportSlaMinutes };

/**
 * Rebuilds `support_responsiveness` from `support_messages` (definitions in `support-responsiveness.sql` and
 * docs/satisfaction.md). Without support data the table is empty (the channel table is created empty, as the loader would). With
 * `businessHours`, first-response and resolution minutes (and so the SLA share) count only business time.
 * @throws Error naming the model when the SQL fails; the previous table is kept.
 * @example await buildSupportResponsiveness(wh, { asOf: '2026-07-01', slaMinutes: 60 });
 */
export async function buildSupportResponsiveness(wh: Warehouse, params: { asOf: string; slaMinutes?: number; businessHours?: BusinessHours }): Promise<{ rows: number }> {
  const sla = params.slaMinutes ?? defaultSupportSlaMinutes;
  if (!Number.isInteger(sla) || sla <= 0) throw new Error(`transform support_responsiveness: slaMinutes is ${sla}, expected a whole number of minutes > 0`);
  await wh.run(createTableSql(supportChannel));
  const b = params.businessHours;
  // Off is business_hours '' (a variable cannot be set to NULL); the other business variables are then unused.
  const business = b
    ? { business_hours: describeBusinessHours(b), business_days: b.days.map((d) => weekDays.indexOf(d) + 1).join(','), business_start: b.start, business_end: b.end, business_tz: b.timezone }
    : { business_hours: '', business_days: '0', business_start: '00:00', business_end: '00:00', business_tz: 'UTC' };
  await runSqlModel(wh, new URL('./support-responsiveness.sql', import.meta.url), { as_of: params.asOf, sla_minutes: sla, ...business });
  const [row = { rows: 0 }] = await wh.all<{ rows: number }>('SELECT count(*)::INTEGER AS rows FROM support_responsiveness');
  return row;
}
