// The warehouse tables the KPI report reads, with the columns it needs and what builds them, in one place.

/** A table the report reads: name, the columns it needs, and what builds it (for "not computed yet" panels). */
export type UpstreamTable = readonly [table: string, columns: readonly string[], builtBy: string];

const daily = 'the daily pipeline (`rapport run daily`)';

export const orderValuesTable: UpstreamTable = ['order_values', ['order_id', 'customer_id', 'ordered_at', 'net_value', 'currency'], `the customer_360 step of ${daily}`];
export const rfmSegmentsTable: UpstreamTable = ['rfm_segments', ['customer_id', 'segment', 'as_of'], `the rfm_segments step of ${daily}`];
export const rfmHistoryTable: UpstreamTable = ['rfm_history', ['customer_id', 'segment', 'as_of'], `the rfm_segments step of ${daily}`];
export const cohortRetentionTable: UpstreamTable = ['cohort_retention', ['cohort_month', 'months_since', 'cohort_customers', 'retention_rate'], `the cohort_retention step of ${daily}`];
export const emailEventsTable: UpstreamTable = ['email_events', ['event_type', 'email', 'campaign_id', 'occurred_at'], 'loading an email source'];
export const socialTable: UpstreamTable = ['social_interactions', ['platform', 'kind', 'occurred_at'], 'loading a social source'];

// Built by the metrics and CLV work; until those steps run, their sections show "not computed yet".
export const churnMetricsTable: UpstreamTable = ['churn_metrics', ['month', 'active_customers', 'churned_customers', 'churn_rate'], 'the churn_metrics transform'];
export const segmentTransitionsTable: UpstreamTable = ['segment_transitions', ['from_segment', 'to_segment', 'customers', 'from_as_of', 'to_as_of'], 'the segment_transitions transform'];
export const clvPredictionsTable: UpstreamTable = ['clv_predictions', ['customer_id', 'p_alive', 'expected_purchases_90d', 'predicted_clv_12m', 'churn_risk'], 'the CLV (BG/NBD) model'];
/** One row per calibration-period frequency bucket ('0'..'6', '7+'): customers, and total actual and predicted holdout purchases. */
export const clvCalibrationTable: UpstreamTable = ['clv_calibration', ['calibration_purchases', 'customers', 'actual', 'predicted'], 'the CLV (BG/NBD) holdout calibration'];
