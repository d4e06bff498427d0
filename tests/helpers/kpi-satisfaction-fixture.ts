// Stand-ins for the satisfaction tables (support_responsiveness, satisfaction_scores, satisfaction_churn) and a few scored texts, for KPI report tests.
import { feedbackChannel, supportChannel } from '../../sources/contracts/index.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { insertRows } from './channel-rows.js';

/** [medium, month, conversations, unanswered, median, p90, within-SLA share, backlog]; the report's month is February 2026. */
export const responsivenessRows = [
  ['email', '2026-01-01', 10, 1, 200, 500, 0.3, 2], ['chat', '2026-01-01', 10, 0, 5, 20, 0.9, 1],
  ['email', '2026-02-01', 20, 2, 180, 400, 0.25, 3], ['chat', '2026-02-01', 5, 1, 4, 10, 0.8, 0],
] as const;

/** [survey, month, responses, score, ci_low, ci_high] */
export const scoreRows = [
  ['nps', '2026-01-01', 20, 10, -20, 40], ['nps', '2026-02-01', 25, 20, -5, 45],
  ['csat', '2026-01-01', 10, 70, 40, 89], ['csat', '2026-02-01', 30, 80, 62, 91],
] as const;

/** [grouping, group, order, customers, churned] */
export const churnGroupRows = [
  ['nps_group', 'promoter', 1, 40, 4], ['nps_group', 'passive', 2, 20, 4], ['nps_group', 'detractor', 3, 10, 5], ['nps_group', 'no answer', 4, 30, 6],
  ['responsiveness_band', 'within SLA', 1, 15, 3], ['responsiveness_band', 'over SLA', 2, 10, 4], ['responsiveness_band', 'unanswered', 3, 5, 3],
  ['responsiveness_band', 'no conversation', 4, 70, 9],
] as const;

/** Creates the three tables with the rows above, and scored texts: on 2026-02-28 support -0.5, 0.4, 0; in January a survey comment 0.6. */
export async function loadSatisfactionFixture(wh: Warehouse): Promise<void> {
  await wh.run(`
    CREATE TABLE support_responsiveness (medium VARCHAR, month DATE, conversations BIGINT, unanswered BIGINT, first_response_median_minutes DOUBLE,
      first_response_p90_minutes DOUBLE, answered_within_sla_share DOUBLE, backlog_at_period_end BIGINT, sla_minutes INTEGER,
      business_hours VARCHAR);
    CREATE TABLE satisfaction_scores (survey VARCHAR, month DATE, responses BIGINT, score DOUBLE, ci_low DOUBLE, ci_high DOUBLE);
    CREATE TABLE satisfaction_churn (grouping VARCHAR, group_name VARCHAR, group_order INTEGER, customers BIGINT, churned BIGINT, churn_rate DOUBLE,
      churn_rate_ci_low DOUBLE, churn_rate_ci_high DOUBLE, repeat_customers BIGINT, repeat_rate DOUBLE, churn_days INTEGER, sla_minutes INTEGER);`);
  for (const r of responsivenessRows) await wh.run('INSERT INTO support_responsiveness VALUES ($1, $2::DATE, $3, $4, $5, $6, $7, $8, 60, NULL)', [...r]);
  for (const r of scoreRows) await wh.run('INSERT INTO satisfaction_scores VALUES ($1, $2::DATE, $3, $4, $5, $6)', [...r]);
  for (const [g, name, order, n, churned] of churnGroupRows) {
    await wh.run('INSERT INTO satisfaction_churn VALUES ($1, $2, $3, $4, $5, $5 / $4, NULL, NULL, 0, 0, 180, 60)', [g, name, order, n, churned]);
  }
  const msg = (message_id: string, sentiment: number) => ({ message_id, conversation_id: message_id, medium: 'email', direction: 'inbound', email: 'ann@example.com',
    text: 'scored', sentiment, occurred_at: '2026-02-28T10:00:00Z' });
  await insertRows(wh, supportChannel, [msg('k1', -0.5), msg('k2', 0.4), msg('k3', 0)]);
  await insertRows(wh, feedbackChannel, [
    { response_id: 'q1', survey: 'csat', score: 5, comment: 'scored', sentiment: 0.6, email: 'ann@example.com', occurred_at: '2026-01-10T10:00:00Z' },
    { response_id: 'q2', survey: 'nps', score: 9, email: 'ann@example.com', occurred_at: '2026-02-28T10:00:00Z' }, // no comment: no sentiment
  ]);
}
