// Builds `satisfaction_scores`: NPS, CSAT and CES per UTC month with response counts and a 95% confidence interval.
import { createTableSql } from '../sources/contracts/contract-sql.js';
import { feedbackChannel } from '../sources/contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSqlModel } from './sql-model.js';

/**
 * Rebuilds `satisfaction_scores` from `survey_responses` (definitions and intervals in `satisfaction-scores.sql` and
 * docs/satisfaction.md). Without survey data the table is empty.
 * @throws Error naming the model when the SQL fails; the previous table is kept.
 * @example await buildSatisfactionScores(wh, { asOf: '2026-07-01' });
 */
export async function buildSatisfactionScores(wh: Warehouse, params: { asOf: string }): Promise<{ rows: number }> {
  await wh.run(createTableSql(feedbackChannel));
  await runSqlModel(wh, new URL('./satisfaction-scores.sql', import.meta.url), { as_of: params.asOf });
  const [row = { rows: 0 }] = await wh.all<{ rows: number }>('SELECT count(*)::INTEGER AS rows FROM satisfaction_scores');
  return row;
}
