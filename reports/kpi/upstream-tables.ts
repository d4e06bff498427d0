// The warehouse tables the KPI report reads, with the columns it needs and what builds them, in one place.
// Model tables come from their declarations (transforms/contracts/): the name and "built by" are the model's, and a
// column a section needs must be one the model declares (a typo or a dropped column fails the type check).
import {
  churnMetrics, clvCalibration, clvModels, clvPredictions, cohortRetention, orderValues, rfmHistory, rfmSegments, segmentTransitions,
  satisfactionChurn, satisfactionScores, supportResponsiveness, type ColumnOf, type ModelContract,
} from '../../transforms/contracts/index.js';

/** A table the report reads: name, the columns it needs, and what builds it (for "not computed yet" panels). */
export type UpstreamTable = readonly [table: string, columns: readonly string[], builtBy: string];

/**
 * The upstream entry of a declared model: its table, the `columns` the report reads from it and what builds it.
 * @example await missingTable(wh, ...modelNeeds(rfmSegments, ['customer_id', 'segment']));
 */
export function modelNeeds<M extends ModelContract>(model: M, columns: readonly ColumnOf<M>[]): UpstreamTable {
  return [model.table, columns, model.builtBy];
}

export const orderValuesTable = modelNeeds(orderValues, ['order_id', 'customer_id', 'ordered_at', 'net_value', 'currency']);
export const rfmSegmentsTable = modelNeeds(rfmSegments, ['customer_id', 'segment', 'as_of']);
export const rfmHistoryTable = modelNeeds(rfmHistory, ['customer_id', 'segment', 'as_of']);
export const cohortRetentionTable = modelNeeds(cohortRetention, ['cohort_month', 'months_since', 'cohort_customers', 'retention_rate']);
// Channel tables: their columns are the channel contracts' (sources/contracts/), loaded rather than built.
export const emailEventsTable: UpstreamTable = ['email_events', ['event_type', 'email', 'campaign_id', 'occurred_at'], 'loading an email source'];
export const socialTable: UpstreamTable = ['social_interactions', ['platform', 'kind', 'occurred_at'], 'loading a social source'];

// Built by the metrics and CLV work; until those steps run, their sections show "not computed yet".
export const churnMetricsTable = modelNeeds(churnMetrics, ['month', 'active_customers', 'churned_customers', 'churn_rate']);
export const segmentTransitionsTable = modelNeeds(segmentTransitions, ['from_segment', 'to_segment', 'customers', 'from_as_of', 'to_as_of']);
export const clvModelsTable = modelNeeds(clvModels, ['as_of', 'customers', 'repeat_customers', 'r', 'bgnbd_converged']);
export const clvPredictionsTable = modelNeeds(clvPredictions, ['customer_id', 'p_alive', 'expected_purchases_90d', 'predicted_clv_12m', 'churn_risk']);
/** One row per calibration-period frequency bucket ('0'..'6', '7+'): customers, and total actual and predicted holdout purchases. */
export const clvCalibrationTable = modelNeeds(clvCalibration, ['calibration_purchases', 'customers', 'actual', 'predicted']);

// Built by the satisfaction steps of the daily pipeline (issue 17).
export const supportResponsivenessTable = modelNeeds(supportResponsiveness, ['medium', 'month', 'conversations', 'unanswered', 'first_response_median_minutes',
  'first_response_p90_minutes', 'answered_within_sla_share', 'backlog_at_period_end', 'sla_minutes', 'business_hours']);
export const satisfactionScoresTable = modelNeeds(satisfactionScores, ['survey', 'month', 'responses', 'score', 'ci_low', 'ci_high']);
export const satisfactionChurnTable = modelNeeds(satisfactionChurn, ['grouping', 'group_name', 'group_order', 'customers', 'churned', 'churn_rate',
  'churn_rate_ci_low', 'churn_rate_ci_high', 'repeat_customers', 'repeat_rate', 'churn_days', 'sla_minutes']);
